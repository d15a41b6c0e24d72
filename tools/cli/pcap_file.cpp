#include "tools/cli/pcap_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace bw {

std::unique_ptr<PcapDump> open_pcap_file(const std::string& path, const Scheduler& scheduler,
                                         u32 snaplen, std::string* error) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) {
        *error = "-net dump: cannot create '" + path + "': " + std::strerror(errno);
        return nullptr;
    }
    std::shared_ptr<std::FILE> file(f, [](std::FILE* p) { std::fclose(p); });
    auto sink = [file](const u8* data, size_t len) {
        std::fwrite(data, 1, len, file.get());
        std::fflush(file.get());
    };
    // QEMU stamps records with virtual time plus the host time at start-up.
    return std::make_unique<PcapDump>(scheduler, sink, snaplen, u64(std::time(nullptr)));
}

}  // namespace bw
