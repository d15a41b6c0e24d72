// QEMU's stream framing decoder (core/net/stream_framing.cpp) on any byte
// stream, cut into chunks of fuzz-chosen sizes.
//
// Properties: the chunking never changes the frames or the error; every frame
// is 14..9216 bytes; frames encoded again decode to themselves.
#include <cstdio>
#include <cstdlib>

#include "core/net/stream_framing.h"
#include "tests/fuzz/fuzz_machine.h"

using namespace bw;

namespace {

using Frames = std::vector<std::vector<u8>>;

void collect(Frames* out, const u8* f, size_t len) {
    if (len < kStreamFrameMin || len > kStreamFrameMax) {
        std::fprintf(stderr, "fuzz: decoder passed a %zu-byte frame\n", len);
        std::abort();
    }
    out->emplace_back(f, f + len);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const u8* data, size_t size) {
    FuzzedDataProvider in(data, size);
    // Chunk sizes come from the end of the input, the stream from the front.
    std::vector<size_t> cuts;
    for (int i = 0; i < 32 && in.remaining_bytes() > 1; ++i) {
        cuts.push_back(in.ConsumeIntegralInRange<size_t>(1, 2000));
    }
    std::vector<u8> stream = in.ConsumeRemainingBytes<u8>();

    Frames whole_frames;
    StreamDecoder whole;
    whole.feed(stream.data(), stream.size(),
               [&](const u8* f, size_t len) { collect(&whole_frames, f, len); });
    bool whole_ok = whole.finish();

    Frames cut_frames;
    StreamDecoder cut;
    size_t pos = 0, i = 0;
    while (pos < stream.size()) {
        size_t n = cuts.empty() ? 1 : std::min(cuts[i++ % cuts.size()], stream.size() - pos);
        cut.feed(stream.data() + pos, n,
                 [&](const u8* f, size_t len) { collect(&cut_frames, f, len); });
        pos += n;
    }
    bool cut_ok = cut.finish();
    if (whole_frames != cut_frames || whole_ok != cut_ok || whole.error() != cut.error() ||
        whole.error_text() != cut.error_text()) {
        std::fprintf(stderr, "fuzz: chunking changed the result (%zu vs %zu frames; %s / %s)\n",
                     whole_frames.size(), cut_frames.size(), whole.error_text().c_str(),
                     cut.error_text().c_str());
        std::abort();
    }

    std::vector<u8> again;
    for (const auto& f : whole_frames) stream_encode(f.data(), f.size(), &again);
    Frames re_frames;
    StreamDecoder re;
    if (!re.feed(again.data(), again.size(),
                 [&](const u8* f, size_t len) { collect(&re_frames, f, len); }) ||
        !re.finish() || re_frames != whole_frames) {
        std::fprintf(stderr, "fuzz: re-encoded frames do not decode to themselves\n");
        std::abort();
    }
    return 0;
}
