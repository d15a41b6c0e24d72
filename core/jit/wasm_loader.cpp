// The module installer: a thin C++ side over the JS host functions of
// wasm_loader.js in the WebAssembly build, and stubs natively. See
// wasm_loader.h.
#include "core/jit/wasm_loader.h"

#ifdef __EMSCRIPTEN__

// Implemented in wasm_loader.js (linked with --js-library).
using bw::i32;
using bw::u32;
using bw::u8;
extern "C" {
u32 bw_jit_table_size();
i32 bw_jit_table_grow(u32 count);
void bw_jit_table_clear(u32 first, u32 count);
i32 bw_jit_install_sync(const u8* bytes, u32 size, char* error, u32 error_size);
u32 bw_jit_submit(const u8* bytes, u32 size);
void bw_jit_cancel(u32 id);
i32 bw_jit_take_completion(u32* id, char* error, u32 error_size);
}

namespace bw::jit {

namespace {
TableSlots& slots() {
    static TableSlots s;
    return s;
}
}  // namespace

bool wasm_host_available() { return true; }

u32 table_size() { return bw_jit_table_size(); }

std::optional<SlotRun> reserve_table_slots(u32 count) {
    if (auto run = slots().take(count)) return run;
    i32 first = bw_jit_table_grow(count);
    if (first < 0) return std::nullopt;
    return SlotRun{u32(first), count};
}

void release_table_slots(SlotRun run) {
    bw_jit_table_clear(run.first, run.count);
    slots().give_back(run);
}

bool install_module(std::span<const u8> bytes, std::string* error) {
    char message[256];
    if (bw_jit_install_sync(bytes.data(), u32(bytes.size()), message, sizeof message) == 0)
        return true;
    if (error) *error = message;
    return false;
}

u32 submit_module(std::span<const u8> bytes) {
    return bw_jit_submit(bytes.data(), u32(bytes.size()));
}

void cancel_module(u32 id) { bw_jit_cancel(id); }

bool take_completion(Completion* out) {
    char message[256];
    u32 id = 0;
    i32 status = bw_jit_take_completion(&id, message, sizeof message);
    if (status < 0) return false;
    out->id = id;
    out->ok = status == 0;
    out->error = out->ok ? std::string() : std::string(message);
    return true;
}

}  // namespace bw::jit

#else  // native: no wasm engine to feed

namespace bw::jit {

bool wasm_host_available() { return false; }
u32 table_size() { return 0; }
std::optional<SlotRun> reserve_table_slots(u32) { return std::nullopt; }
void release_table_slots(SlotRun) {}
bool install_module(std::span<const u8>, std::string* error) {
    if (error) *error = "no wasm host";
    return false;
}
u32 submit_module(std::span<const u8>) { return 0; }
void cancel_module(u32) {}
bool take_completion(Completion*) { return false; }

}  // namespace bw::jit

#endif
