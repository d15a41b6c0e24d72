// The module installer (core/jit/wasm_loader.h). In the web build (under
// node): a generated function reads and writes a C++ object through its
// address, calls C++ helpers through the table by their function-pointer
// value and by name, and is itself called through a C++ function pointer; its
// table slots are nulled when released and reused before the table grows.
// Natively: the same API answers "no wasm host".
#include "core/jit/wasm_loader.h"

#include <gtest/gtest.h>

#include <cstdint>

#include "core/jit/wasm_writer.h"
#include "tests/unit/wasm_test_util.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace bw::jit {
namespace {

#ifndef __EMSCRIPTEN__

TEST(WasmLoader, NativeHasNoHost) {
    EXPECT_FALSE(wasm_host_available());
    EXPECT_EQ(table_size(), 0u);
    EXPECT_FALSE(reserve_table_slots(1).has_value());
    std::string error;
    const u8 header[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    EXPECT_FALSE(install_module(header, &error));
    EXPECT_EQ(error, "no wasm host");
    EXPECT_EQ(submit_module(header), 0u);
    Completion c;
    EXPECT_FALSE(take_completion(&c));
}

#else

// What a translated block sees: guest state at a fixed C++ address.
struct GuestState {
    u32 a = 0;
    u32 b = 0;
    u64 counter = 0;
    i8 signed_byte = 0;
};

int helper_calls = 0;
u32 subtract_helper(u32 x, u32 y) {
    ++helper_calls;
    return x - y + 1000;
}

extern "C" EMSCRIPTEN_KEEPALIVE u32 bw_test_named_helper(u32 x) { return x * 7; }

using BlockFn = u32 (*)(GuestState*);

// Function 0: state->b = state->a * 3; state->counter += 1;
//   return subtract_helper(state->a, state->b) + sign_extend(state->signed_byte)
// Function 1: return bw_test_named_helper(state->a) (a named import).
// Function 2: calls the table slot given as its argument (a trampoline to
//   show that a released slot traps).
std::vector<u8> build_test_module(WasmModule& m, SlotRun run) {
    u32 block_type = m.add_type({ValType::I32}, {ValType::I32});
    u32 helper_type = m.add_type({ValType::I32, ValType::I32}, {ValType::I32});
    u32 named_type = m.add_type({ValType::I32}, {ValType::I32});
    m.import_memory(0);
    m.import_table(0);
    u32 named = m.import_function("env", "bw_test_named_helper", named_type);

    WasmFunction& f = m.begin_function(block_type);
    f.local_get(0);
    f.local_get(0);
    f.i32_load(offsetof(GuestState, a));
    f.i32_const(3);
    f.op(Op::I32Mul);
    f.i32_store(offsetof(GuestState, b));
    f.local_get(0);
    f.local_get(0);
    f.i64_load(offsetof(GuestState, counter));
    f.i64_const(1);
    f.op(Op::I64Add);
    f.i64_store(offsetof(GuestState, counter));
    f.local_get(0);
    f.i32_load(offsetof(GuestState, a));
    f.local_get(0);
    f.i32_load(offsetof(GuestState, b));
    // The helper's C++ function pointer is its table index.
    f.i32_const(i32(reinterpret_cast<uintptr_t>(&subtract_helper)));
    f.call_indirect(helper_type);
    f.local_get(0);
    f.load(MemOp::I32Load8S, offsetof(GuestState, signed_byte));
    f.op(Op::I32Add);
    m.end_function();

    WasmFunction& g = m.begin_function(block_type);
    g.local_get(0);
    g.i32_load(offsetof(GuestState, a));
    g.call(named);
    m.end_function();

    WasmFunction& t = m.begin_function(block_type);
    t.i32_const(0);
    t.local_get(0);
    t.call_indirect(block_type);
    m.end_function();

    const u32 funcs[] = {named + 1, named + 2, named + 3};
    m.place_in_table(run.first, std::span<const u32>(funcs, run.count));
    return m.finish();
}

bool slot_is_null(u32 slot) {
    return EM_ASM_INT({ return !wasmTable.get($0); }, slot);
}

// Calls the trampoline in |via| on |slot| from JS; 1 when the call trapped.
int call_traps(u32 via, u32 slot) {
    return EM_ASM_INT(
        {
            try {
                wasmTable.get($0)($1);
                return 0;
            } catch (e) {
                return e instanceof WebAssembly.RuntimeError ? 1 : 2;
            }
        },
        via, slot);
}

TEST(WasmLoader, InstalledBlockRunsThroughAFunctionPointer) {
    ASSERT_TRUE(wasm_host_available());
    auto run = reserve_table_slots(3);
    ASSERT_TRUE(run.has_value());
    EXPECT_GE(table_size(), run->first + 3);
    for (u32 i = 0; i < 3; ++i) EXPECT_TRUE(slot_is_null(run->first + i));

    WasmModule m;
    std::vector<u8> bytes = build_test_module(m, *run);
    ASSERT_TRUE(m.ok()) << m.error();
    EXPECT_WASM_VALID(bytes);
    std::string error;
    ASSERT_TRUE(install_module(bytes, &error)) << error;

    GuestState s;
    s.a = 5;
    s.counter = 0xffffffffull;  // the add carries into the high word
    s.signed_byte = -3;
    helper_calls = 0;
    auto block = reinterpret_cast<BlockFn>(uintptr_t(run->first));
    EXPECT_EQ(block(&s), 5u - 15u + 1000u - 3u);
    EXPECT_EQ(s.b, 15u);
    EXPECT_EQ(s.counter, 0x100000000ull);
    EXPECT_EQ(helper_calls, 1);
    EXPECT_EQ(block(&s), 5u - 15u + 1000u - 3u);
    EXPECT_EQ(s.counter, 0x100000001ull);

    auto named = reinterpret_cast<BlockFn>(uintptr_t(run->first + 1));
    EXPECT_EQ(named(&s), 35u);

    release_table_slots(*run);
    for (u32 i = 0; i < 3; ++i) EXPECT_TRUE(slot_is_null(run->first + i));
}

TEST(WasmLoader, ReleasedSlotsTrapAndAreReused) {
    // A trampoline module that stays installed, to call released slots.
    auto tramp_run = reserve_table_slots(3);
    ASSERT_TRUE(tramp_run.has_value());
    WasmModule m;
    std::string error;
    ASSERT_TRUE(install_module(build_test_module(m, *tramp_run), &error)) << error;
    u32 trampoline = tramp_run->first + 2;

    auto run = reserve_table_slots(3);
    ASSERT_TRUE(run.has_value());
    m.clear();
    ASSERT_TRUE(install_module(build_test_module(m, *run), &error)) << error;
    EXPECT_EQ(call_traps(trampoline, run->first + 2), 1);  // calls slot 2 with arg 0: traps too
    u32 size = table_size();
    release_table_slots(*run);
    EXPECT_EQ(call_traps(trampoline, run->first), 1);  // null: a RuntimeError, not old code

    auto again = reserve_table_slots(2);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->first, run->first);  // reused, the table did not grow
    EXPECT_EQ(table_size(), size);
    release_table_slots(*again);
    release_table_slots(*tramp_run);
}

TEST(WasmLoader, BadModulesAreRefusedWithAReason) {
    std::string error;
    const u8 junk[] = {0x00, 0x61, 0x73, 0x6d, 0x02, 0x00};
    EXPECT_FALSE(install_module(junk, &error));
    EXPECT_FALSE(error.empty());

    // Valid, but it imports something the core does not have.
    WasmModule m;
    u32 t = m.add_type({}, {});
    m.import_function("env", "no_such_helper", t);
    error.clear();
    EXPECT_FALSE(install_module(m.finish(), &error));
    EXPECT_NE(error.find("no_such_helper"), std::string::npos) << error;
}

// Under node the test cannot yield to the event loop, so only the start of
// the asynchronous path is seen here (tests/jit/ drives it to the end in node
// and in Chromium): a request id, nothing finished yet, and a cancel that
// keeps it from ever touching the table.
TEST(WasmLoader, AsynchronousRequestStartsAndCancels) {
    auto run = reserve_table_slots(3);
    ASSERT_TRUE(run.has_value());
    WasmModule m;
    std::vector<u8> bytes = build_test_module(m, *run);
    u32 id = submit_module(bytes);
    EXPECT_NE(id, 0u);
    EXPECT_NE(submit_module(bytes), id);
    Completion c;
    EXPECT_FALSE(take_completion(&c));
    cancel_module(id);
    cancel_module(id + 1);
    release_table_slots(*run);
}

#endif

}  // namespace
}  // namespace bw::jit
