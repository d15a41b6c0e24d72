// A small WebAssembly program that drives core/jit end to end for
// jit_probe_test.js (under node and in Chromium): it writes modules of N
// block-sized functions, installs them synchronously or in the background,
// calls them through C++ function pointers and checks every result against
// the same computation in C++, and times each step. The JS side runs the
// event loop between calls, which a gtest under node cannot.
#include <emscripten.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "core/jit/wasm_loader.h"
#include "core/jit/wasm_writer.h"

using namespace bw;
using namespace bw::jit;

namespace {

constexpr int kRegs = 16;
constexpr int kStepsPerFunction = 18;  // ~300 bytes of code, a typical guest block

struct State {
    u32 regs[kRegs];
};

u32 mix_helper(u32 x, u32 y) { return (x ^ y) + 0x9e3779b9u; }

u32 rotl(u32 x, int n) { return (x << n) | (x >> (32 - n)); }

// What generated function |f| does, in C++.
u32 reference(State& s, u32 f) {
    for (u32 j = 0; j < kStepsPerFunction; ++j)
        s.regs[(j + 1) % kRegs] = rotl(s.regs[j % kRegs] + (f * 31 + j), 5);
    s.regs[2] = mix_helper(s.regs[0], s.regs[1]);
    return s.regs[2] ^ f;
}

void emit_block(WasmFunction& b, u32 f, u32 helper_type) {
    for (u32 j = 0; j < kStepsPerFunction; ++j) {
        b.local_get(0);
        b.local_get(0);
        b.i32_load(4 * (j % kRegs));
        b.i32_const(i32(f * 31 + j));
        b.op(Op::I32Add);
        b.i32_const(5);
        b.op(Op::I32Rotl);
        b.i32_store(4 * ((j + 1) % kRegs));
    }
    b.local_get(0);
    b.local_get(0);
    b.i32_load(0);
    b.local_get(0);
    b.i32_load(4);
    b.i32_const(i32(reinterpret_cast<uintptr_t>(&mix_helper)));
    b.call_indirect(helper_type);
    b.i32_store(8);
    b.local_get(0);
    b.i32_load(8);
    b.i32_const(i32(f));
    b.op(Op::I32Xor);
}

WasmModule module;
std::vector<u8> bytes;
std::optional<SlotRun> run;
u32 functions = 0;

using BlockFn = u32 (*)(State*);

}  // namespace

extern "C" {

// Writes a module of |n| functions into freshly reserved slots; returns its
// size in bytes (0 on failure).
static void write_module(u32 n) {
    module.clear();
    u32 block_type = module.add_type({ValType::I32}, {ValType::I32});
    u32 helper_type = module.add_type({ValType::I32, ValType::I32}, {ValType::I32});
    module.import_memory(0);
    module.import_table(0);
    static std::vector<u32> indices;
    indices.resize(n);
    for (u32 f = 0; f < n; ++f) {
        WasmFunction& b = module.begin_function(block_type);
        emit_block(b, f, helper_type);
        module.end_function();
        indices[f] = b.index();
    }
    module.place_in_table(run->first, indices);
    module.finish(bytes);  // reuses the buffer
}

EMSCRIPTEN_KEEPALIVE u32 jit_probe_build(u32 n) {
    run = reserve_table_slots(n);
    if (!run) return 0;
    write_module(n);
    functions = n;
    return u32(bytes.size());
}

// Milliseconds to write the current module again, averaged over |reps|.
EMSCRIPTEN_KEEPALIVE double jit_probe_write_ms(u32 reps) {
    double t0 = emscripten_get_now();
    for (u32 i = 0; i < reps; ++i) write_module(functions);
    return (emscripten_get_now() - t0) / reps;
}

EMSCRIPTEN_KEEPALIVE const u8* jit_probe_bytes() { return bytes.data(); }

EMSCRIPTEN_KEEPALIVE int jit_probe_install_sync() {
    std::string error;
    if (install_module(bytes, &error)) return 1;
    emscripten_log(EM_LOG_ERROR, "install: %s", error.c_str());
    return 0;
}

EMSCRIPTEN_KEEPALIVE u32 jit_probe_submit() { return submit_module(bytes); }
EMSCRIPTEN_KEEPALIVE void jit_probe_cancel(u32 id) { cancel_module(id); }

// The id of the next finished request (negated if it failed), 0 if none.
EMSCRIPTEN_KEEPALIVE int jit_probe_take() {
    Completion c;
    if (!take_completion(&c)) return 0;
    if (!c.ok) emscripten_log(EM_LOG_ERROR, "background install: %s", c.error.c_str());
    return c.ok ? int(c.id) : -int(c.id);
}

// Calls every installed function through its C++ function pointer; returns
// how many gave the reference result and state.
EMSCRIPTEN_KEEPALIVE u32 jit_probe_check() {
    u32 good = 0;
    for (u32 f = 0; f < functions; ++f) {
        State a, b;
        for (int r = 0; r < kRegs; ++r) a.regs[r] = b.regs[r] = 0x01010101u * r + f;
        u32 want = reference(a, f);
        u32 got = reinterpret_cast<BlockFn>(uintptr_t(run->first + f))(&b);
        bool same = got == want;
        for (int r = 0; r < kRegs; ++r) same = same && a.regs[r] == b.regs[r];
        good += same;
    }
    return good;
}

// Nanoseconds per call of installed function 0 through its pointer.
EMSCRIPTEN_KEEPALIVE double jit_probe_call_ns(u32 calls) {
    State s{};
    auto fn = reinterpret_cast<BlockFn>(uintptr_t(run->first));
    u32 sink = 0;
    double t0 = emscripten_get_now();
    for (u32 i = 0; i < calls; ++i) sink += fn(&s);
    double ns = (emscripten_get_now() - t0) * 1e6 / calls;
    return sink == 1 ? ns + 0.0 : ns;  // keep the calls
}

// 1 when every slot of the current run is null (never installed or released).
EMSCRIPTEN_KEEPALIVE int jit_probe_slots_null() {
    for (u32 i = 0; i < run->count; ++i)
        if (!EM_ASM_INT({ return !wasmTable.get($0); }, run->first + i)) return 0;
    return 1;
}

EMSCRIPTEN_KEEPALIVE void jit_probe_release() {
    if (run) release_table_slots(*run);
    run.reset();
    functions = 0;
}

// Milliseconds to reserve |n| slots (growing the table when no released run
// fits); the slots stay reserved until jit_probe_release_held().
static std::vector<SlotRun> held;
EMSCRIPTEN_KEEPALIVE double jit_probe_reserve_ms(u32 n) {
    double t0 = emscripten_get_now();
    auto r = reserve_table_slots(n);
    double ms = emscripten_get_now() - t0;
    if (!r) return -1;
    held.push_back(*r);
    return ms;
}

// Milliseconds to release (null) every held run.
EMSCRIPTEN_KEEPALIVE double jit_probe_release_held() {
    double t0 = emscripten_get_now();
    for (SlotRun r : held) release_table_slots(r);
    held.clear();
    return emscripten_get_now() - t0;
}

EMSCRIPTEN_KEEPALIVE u32 jit_probe_table_size() { return table_size(); }
}
