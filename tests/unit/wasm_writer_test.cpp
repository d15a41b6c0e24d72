// The WebAssembly module writer (core/jit/wasm_writer.h): exact bytes against
// hand encodings from the spec (chapter 5), label depths, the mistakes it
// catches, and that what it writes validates (wasm_test_util.h).
#include "core/jit/wasm_writer.h"

#include <gtest/gtest.h>

#include <climits>
#include <cstdint>

#include "core/jit/wasm_leb128.h"
#include "tests/unit/wasm_test_util.h"

namespace bw::jit {
namespace {

using Bytes = std::vector<u8>;

Bytes uleb(u64 v) {
    Bytes out;
    put_uleb128(out, v);
    return out;
}
Bytes sleb(i64 v) {
    Bytes out;
    put_sleb128(out, v);
    return out;
}

// "\0asm" version 1.
const Bytes kHeader = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

TEST(WasmLeb128, Unsigned) {
    EXPECT_EQ(uleb(0), Bytes({0x00}));
    EXPECT_EQ(uleb(127), Bytes({0x7f}));
    EXPECT_EQ(uleb(128), Bytes({0x80, 0x01}));
    EXPECT_EQ(uleb(624485), Bytes({0xe5, 0x8e, 0x26}));  // the spec's (Wikipedia's) example
    EXPECT_EQ(uleb(UINT32_MAX), Bytes({0xff, 0xff, 0xff, 0xff, 0x0f}));
    EXPECT_EQ(uleb(UINT64_MAX),
              Bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}));
    for (u64 v : {u64(0), u64(127), u64(128), u64(624485), u64(UINT32_MAX), UINT64_MAX})
        EXPECT_EQ(uleb128_size(v), uleb(v).size()) << v;
}

TEST(WasmLeb128, Signed) {
    EXPECT_EQ(sleb(0), Bytes({0x00}));
    EXPECT_EQ(sleb(-1), Bytes({0x7f}));
    EXPECT_EQ(sleb(63), Bytes({0x3f}));
    EXPECT_EQ(sleb(64), Bytes({0xc0, 0x00}));  // bit 6 set would read as negative
    EXPECT_EQ(sleb(-64), Bytes({0x40}));
    EXPECT_EQ(sleb(-65), Bytes({0xbf, 0x7f}));
    EXPECT_EQ(sleb(-123456), Bytes({0xc0, 0xbb, 0x78}));
    EXPECT_EQ(sleb(INT32_MIN), Bytes({0x80, 0x80, 0x80, 0x80, 0x78}));
    EXPECT_EQ(sleb(INT32_MAX), Bytes({0xff, 0xff, 0xff, 0xff, 0x07}));
    EXPECT_EQ(sleb(INT64_MIN), Bytes({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f}));
    EXPECT_EQ(sleb(INT64_MAX), Bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00}));
}

TEST(WasmWriter, EmptyModuleIsTheHeader) {
    WasmModule m;
    Bytes b = m.finish();
    EXPECT_EQ(b, kHeader);
    EXPECT_WASM_VALID(b);
}

TEST(WasmWriter, TypesAreDeduplicated) {
    WasmModule m;
    EXPECT_EQ(m.add_type({ValType::I32, ValType::I32}, {ValType::I32}), 0u);
    EXPECT_EQ(m.add_type({}, {}), 1u);
    EXPECT_EQ(m.add_type({ValType::I32, ValType::I32}, {ValType::I32}), 0u);
    EXPECT_EQ(m.add_type({ValType::I32}, {ValType::I32, ValType::I32}), 2u);
    EXPECT_EQ(m.add_type({}, {}), 1u);
    Bytes b = m.finish();
    // Type section: 3 types; 0x60 params results.
    EXPECT_EQ(b, cat({kHeader,
                      {0x01, 0x10, 0x03, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x00, 0x60,
                       0x01, 0x7f, 0x02, 0x7f, 0x7f}}));
    EXPECT_WASM_VALID(b);
}

TEST(WasmWriter, Imports) {
    WasmModule m;
    u32 t = m.add_type({ValType::I32}, {});
    m.import_memory(1);
    m.import_table(0);
    EXPECT_EQ(m.import_function("env", "h", t), 0u);
    EXPECT_EQ(m.import_global_i32("env", "g"), 0u);
    Bytes b = m.finish();
    EXPECT_EQ(b, cat({kHeader,
                      {0x01, 0x05, 0x01, 0x60, 0x01, 0x7f, 0x00},  // type (i32) -> ()
                      {0x02, 0x2e, 0x04,                           // import section, 4 entries
                       0x03, 'e',  'n',  'v',  0x06, 'm', 'e',  'm',  'o',  'r', 'y',  0x02,
                       0x00, 0x01, 0x03, 'e',  'n',  'v', 0x05, 't',  'a',  'b', 'l',  'e',
                       0x01, 0x70, 0x00, 0x00, 0x03, 'e', 'n',  'v',  0x01, 'h', 0x00, 0x00,  //
                       0x03, 'e',  'n',  'v',  0x01, 'g', 0x03, 0x7f, 0x00}}));
    EXPECT_WASM_VALID(b);
}

TEST(WasmWriter, FunctionWithLocalsAndExport) {
    WasmModule m;
    u32 t = m.add_type({ValType::I32, ValType::I32}, {ValType::I32});
    WasmFunction& f = m.begin_function(t);
    EXPECT_EQ(f.add_local(ValType::I32), 2u);
    EXPECT_EQ(f.add_local(ValType::I32), 3u);
    EXPECT_EQ(f.add_local(ValType::I64), 4u);
    f.local_get(0);
    f.local_get(1);
    f.op(Op::I32Add);
    f.local_tee(2);
    m.end_function();
    m.export_function("add", 0);
    Bytes b = m.finish();
    EXPECT_EQ(b, cat({kHeader,
                      {0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f},
                      {0x03, 0x02, 0x01, 0x00},                             // function 0: type 0
                      {0x07, 0x07, 0x01, 0x03, 'a', 'd', 'd', 0x00, 0x00},  // export "add"
                      {0x0a, 0x0f, 0x01, 0x0d,        // code: 1 body, 13 bytes
                       0x02, 0x02, 0x7f, 0x01, 0x7e,  // locals: 2 i32, 1 i64
                       0x20, 0x00, 0x20, 0x01, 0x6a, 0x22, 0x02, 0x0b}}));
    EXPECT_WASM_VALID(b);
}

// The code section's bytes of a module with one () -> () function built by |emit|.
template <typename Emit>
Bytes body_of(Emit emit, bool with_memory_and_table = false) {
    WasmModule m;
    u32 t = m.add_type({}, {});
    if (with_memory_and_table) {
        m.import_memory(0);
        m.import_table(0);
    }
    WasmFunction& f = m.begin_function(t);
    emit(m, f);
    m.end_function();
    Bytes b = m.finish();
    EXPECT_TRUE(m.ok()) << m.error();
    EXPECT_WASM_VALID(b);
    // The code section is last: id 0x0a, size, count 1, body size, 0 locals.
    size_t at = b.size();
    for (size_t i = 8; i < b.size();) {
        u8 id = b[i++];
        u32 size = 0, shift = 0;
        while (b[i] & 0x80) size |= u32(b[i++] & 0x7f) << shift, shift += 7;
        size |= u32(b[i++]) << shift;
        if (id == 0x0a) at = i;
        i += size;
    }
    if (at == b.size()) return {};
    ++at;                       // count
    while (b[at] & 0x80) ++at;  // body size
    ++at;
    return Bytes(b.begin() + at + 1, b.end() - 1);  // after "0 locals", before the final end
}

TEST(WasmWriter, Constants) {
    Bytes code = body_of([](WasmModule&, WasmFunction& f) {
        f.i32_const(INT32_MIN);
        f.drop();
        f.i32_const(-1);
        f.drop();
        f.i64_const(INT64_MIN);
        f.drop();
        f.i64_const(INT64_MAX);
        f.drop();
        f.f32_const(1.0f);
        f.drop();
        f.f64_const(-2.0);
        f.drop();
    });
    EXPECT_EQ(code, cat({{0x41, 0x80, 0x80, 0x80, 0x80, 0x78, 0x1a},
                         {0x41, 0x7f, 0x1a},
                         {0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f, 0x1a},
                         {0x42, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x1a},
                         {0x43, 0x00, 0x00, 0x80, 0x3f, 0x1a},
                         {0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x1a}}));
}

TEST(WasmWriter, MemoryAccessAndIndirectCall) {
    Bytes code = body_of(
        [](WasmModule& m, WasmFunction& f) {
            f.i32_const(0);
            f.load(MemOp::I32Load8U, 624485);  // natural alignment 0
            f.drop();
            f.i32_const(8);
            f.i64_const(1);
            f.store(MemOp::I64Store);  // align 3, offset 0
            f.i32_const(0);
            f.load(MemOp::I32Load, 4, 0);  // explicitly unaligned
            f.op(Op::I32Extend16S);
            f.drop();
            f.f64_const(0);
            f.op(SatOp::I64TruncSatF64U);
            f.drop();
            f.i32_const(5);
            f.call_indirect(m.add_type({}, {}));
        },
        true);
    EXPECT_EQ(code, cat({{0x41, 0x00, 0x2d, 0x00, 0xe5, 0x8e, 0x26, 0x1a},
                         {0x41, 0x08, 0x42, 0x01, 0x37, 0x03, 0x00},
                         {0x41, 0x00, 0x28, 0x00, 0x04, 0xc1, 0x1a},
                         {0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0xfc, 0x07, 0x1a},
                         {0x41, 0x05, 0x11, 0x00, 0x00}}));
}

TEST(WasmWriter, LabelsGiveRelativeDepths) {
    Bytes code = body_of([](WasmModule&, WasmFunction& f) {
        Label out = f.block();
        Label top = f.loop();
        EXPECT_EQ(f.open_blocks(), 2u);
        f.i32_const(1);
        f.br_if(out);  // depth 1
        f.i32_const(0);
        Label inner = f.if_(BlockType::value(ValType::I32));
        f.i32_const(7);
        f.else_();
        f.i32_const(8);
        f.end();
        f.drop();
        f.i32_const(2);
        f.br_table({top, out}, out);  // depths 0, 1; default 1
        (void)inner;
        f.end();
        f.end();
    });
    EXPECT_EQ(code, Bytes({0x02, 0x40, 0x03, 0x40, 0x41, 0x01, 0x0d, 0x01, 0x41, 0x00,
                           0x04, 0x7f, 0x41, 0x07, 0x05, 0x41, 0x08, 0x0b, 0x1a, 0x41,
                           0x02, 0x0e, 0x02, 0x00, 0x01, 0x01, 0x0b, 0x0b}));
}

TEST(WasmWriter, ElementSegmentPlacesFunctions) {
    WasmModule m;
    u32 t = m.add_type({}, {});
    m.import_table(0);
    for (int i = 0; i < 2; ++i) {
        m.begin_function(t);
        m.end_function();
    }
    const u32 funcs[] = {0, 1};
    m.place_in_table(128, funcs);
    Bytes b = m.finish();
    EXPECT_EQ(b, cat({kHeader,
                      {0x01, 0x04, 0x01, 0x60, 0x00, 0x00},
                      {0x02, 0x0f, 0x01, 0x03, 'e', 'n', 'v', 0x05, 't', 'a', 'b', 'l', 'e', 0x01,
                       0x70, 0x00, 0x00},
                      {0x03, 0x03, 0x02, 0x00, 0x00},
                      // active segment for table 0 at i32.const 128: functions 0, 1
                      {0x09, 0x09, 0x01, 0x00, 0x41, 0x80, 0x01, 0x0b, 0x02, 0x00, 0x01},
                      {0x0a, 0x07, 0x02, 0x02, 0x00, 0x0b, 0x02, 0x00, 0x0b}}));
    EXPECT_WASM_VALID(b);
}

// Mistakes give no bytes and a reason, never a crash.
TEST(WasmWriter, MistakesAreReported) {
    struct Case {
        const char* expect;
        void (*make)(WasmModule&);
    };
    const Case cases[] = {
        {"blocks open",
         [](WasmModule& m) {
             m.begin_function(m.add_type({}, {})).block();
             m.end_function();
         }},
        {"not open",
         [](WasmModule& m) {
             WasmFunction& f = m.begin_function(m.add_type({}, {}));
             Label l = f.block();
             f.end();
             f.br(l);
             m.end_function();
         }},
        {"end without",
         [](WasmModule& m) {
             m.begin_function(m.add_type({}, {})).end();
             m.end_function();
         }},
        {"else without",
         [](WasmModule& m) {
             WasmFunction& f = m.begin_function(m.add_type({}, {}));
             f.block();
             f.else_();
             f.end();
             m.end_function();
         }},
        {"local index",
         [](WasmModule& m) {
             m.begin_function(m.add_type({ValType::I32}, {})).local_get(1);
             m.end_function();
         }},
        {"import after",
         [](WasmModule& m) {
             u32 t = m.add_type({}, {});
             m.begin_function(t);
             m.end_function();
             m.import_function("env", "late", t);
         }},
        {"without an imported memory",
         [](WasmModule& m) {
             WasmFunction& f = m.begin_function(m.add_type({}, {}));
             f.i32_const(0);
             f.i32_load();
             m.end_function();
         }},
        {"without an imported table",
         [](WasmModule& m) {
             WasmFunction& f = m.begin_function(m.add_type({}, {}));
             f.i32_const(0);
             f.call_indirect(0);
             m.end_function();
         }},
        {"alignment",
         [](WasmModule& m) {
             m.import_memory(0);
             WasmFunction& f = m.begin_function(m.add_type({}, {}));
             f.i32_const(0);
             f.load(MemOp::I32Load8U, 0, 1);
             m.end_function();
         }},
        {"unknown function",
         [](WasmModule& m) {
             m.begin_function(m.add_type({}, {})).call(5);
             m.end_function();
         }},
        {"inside a function", [](WasmModule& m) { m.begin_function(m.add_type({}, {})); }},
        {"type index",
         [](WasmModule& m) {
             m.begin_function(3);
             m.end_function();
         }},
    };
    WasmModule m;
    for (const Case& c : cases) {
        m.clear();
        c.make(m);
        EXPECT_TRUE(m.finish().empty()) << c.expect;
        EXPECT_NE(m.error().find(c.expect), std::string::npos) << m.error();
    }
    // clear() makes the module usable again.
    m.clear();
    EXPECT_EQ(m.finish(), kHeader);
    // finish(out) replaces what the buffer held.
    Bytes reused = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    EXPECT_TRUE(m.finish(reused));
    EXPECT_EQ(reused, kHeader);
    m.begin_function(7);
    EXPECT_FALSE(m.finish(reused));
    EXPECT_TRUE(reused.empty());
}

// Any sequence of calls, with any arguments, leaves the writer in one piece:
// either a module or a reason (run under the sanitizer build too).
TEST(WasmWriter, RandomCallsNeverCrash) {
    u64 seed = 0x9e3779b97f4a7c15ull;
    auto next = [&seed](u32 bound) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        return u32(seed % bound);
    };
    const ValType vals[] = {ValType::I32, ValType::I64, ValType::F32, ValType::F64};
    WasmModule m;
    Bytes out;
    int modules = 0, refused = 0;
    for (int round = 0; round < 2000; ++round) {
        m.clear();
        std::vector<Label> labels;
        WasmFunction* f = nullptr;
        for (int step = 0, steps = int(next(60)); step < steps; ++step) {
            u32 any = next(1u << next(32)) - 3;  // small, large and wrapped values
            switch (next(20)) {
                case 0: m.add_type({vals[next(4)]}, {vals[next(4)]}); break;
                case 1: m.import_memory(next(3)); break;
                case 2: m.import_table(next(3)); break;
                case 3: m.import_function("env", "x", any); break;
                case 4: f = &m.begin_function(any % 4); break;
                case 5: m.end_function(); break;
                case 6: m.export_function("e", any); break;
                case 7: {
                    const u32 funcs[] = {any, next(4)};
                    m.place_in_table(any, funcs);
                    break;
                }
                default:
                    if (!f) break;
                    switch (next(10)) {
                        case 0: labels.push_back(f->block()); break;
                        case 1: labels.push_back(f->loop(BlockType::of_type(any))); break;
                        case 2: f->end(); break;
                        case 3: f->else_(); break;
                        case 4:
                            if (!labels.empty()) f->br(labels[next(u32(labels.size()))]);
                            break;
                        case 5: f->local_get(any); break;
                        case 6: f->load(MemOp::I64Load, any, int(next(6)) - 1); break;
                        case 7: f->call_indirect(any); break;
                        case 8: f->call(any); break;
                        case 9: f->i64_const(i64(seed)); break;
                    }
            }
        }
        if (m.finish(out)) {
            ++modules;
        } else {
            ++refused;
            EXPECT_FALSE(m.error().empty());
        }
    }
    EXPECT_GT(modules, 0);
    EXPECT_GT(refused, 0);
}

// Every emitter in one valid module of the kind the translator writes: guest
// state in memory at an address argument, helpers called through the table.
TEST(WasmWriter, EverythingValidates) {
    WasmModule m;
    u32 block_type = m.add_type({ValType::I32}, {ValType::I32});
    u32 helper_type = m.add_type({ValType::I32, ValType::I32}, {ValType::I32});
    m.import_memory(1);
    m.import_table(1);
    u32 imported = m.import_function("env", "helper", helper_type);
    u32 base = m.import_global_i32("env", "base");
    WasmFunction& f = m.begin_function(block_type);
    u32 x = f.add_local(ValType::I32);
    u32 y = f.add_local(ValType::I64);
    u32 fl = f.add_local(ValType::F32);
    u32 d = f.add_local(ValType::F64);
    // i32 arithmetic over a loaded value.
    f.local_get(0);
    f.i32_load(4);
    const Op i32_binary[] = {Op::I32Add,  Op::I32Sub,  Op::I32Mul,  Op::I32DivS, Op::I32DivU,
                             Op::I32RemS, Op::I32RemU, Op::I32And,  Op::I32Or,   Op::I32Xor,
                             Op::I32Shl,  Op::I32ShrS, Op::I32ShrU, Op::I32Rotl, Op::I32Rotr,
                             Op::I32Eq,   Op::I32Ne,   Op::I32LtS,  Op::I32LtU,  Op::I32GtS,
                             Op::I32GtU,  Op::I32LeS,  Op::I32LeU,  Op::I32GeS,  Op::I32GeU};
    for (Op o : i32_binary) {
        f.i32_const(3);
        f.op(o);
    }
    for (Op o :
         {Op::I32Eqz, Op::I32Clz, Op::I32Ctz, Op::I32Popcnt, Op::I32Extend8S, Op::I32Extend16S})
        f.op(o);
    f.local_set(x);
    // i64 the same, and back to i32.
    f.local_get(x);
    f.op(Op::I64ExtendI32U);
    const Op i64_binary[] = {Op::I64Add,  Op::I64Sub,  Op::I64Mul,  Op::I64DivS, Op::I64DivU,
                             Op::I64RemS, Op::I64RemU, Op::I64And,  Op::I64Or,   Op::I64Xor,
                             Op::I64Shl,  Op::I64ShrS, Op::I64ShrU, Op::I64Rotl, Op::I64Rotr};
    for (Op o : i64_binary) {
        f.i64_const(-65);
        f.op(o);
    }
    for (Op o : {Op::I64Clz, Op::I64Ctz, Op::I64Popcnt, Op::I64Extend8S, Op::I64Extend16S,
                 Op::I64Extend32S})
        f.op(o);
    f.local_tee(y);
    f.i64_const(0);
    for (Op o : {Op::I64Eq, Op::I64Ne, Op::I64LtS, Op::I64LtU, Op::I64GtS, Op::I64GtU, Op::I64LeS,
                 Op::I64LeU, Op::I64GeS, Op::I64GeU}) {
        if (o != Op::I64Eq) {
            f.op(Op::I64ExtendI32S);
            f.i64_const(1);
        }
        f.op(o);
    }
    f.drop();
    f.local_get(y);
    f.op(Op::I64Eqz);
    f.drop();
    f.local_get(y);
    f.op(Op::I32WrapI64);
    f.drop();
    // Floats.
    f.f32_const(1.5f);
    for (Op o : {Op::F32Abs, Op::F32Neg, Op::F32Ceil, Op::F32Floor, Op::F32Trunc, Op::F32Nearest,
                 Op::F32Sqrt})
        f.op(o);
    for (Op o : {Op::F32Add, Op::F32Sub, Op::F32Mul, Op::F32Div, Op::F32Min, Op::F32Max,
                 Op::F32Copysign}) {
        f.f32_const(2.0f);
        f.op(o);
    }
    f.local_set(fl);
    f.f64_const(0.25);
    for (Op o : {Op::F64Abs, Op::F64Neg, Op::F64Ceil, Op::F64Floor, Op::F64Trunc, Op::F64Nearest,
                 Op::F64Sqrt})
        f.op(o);
    for (Op o : {Op::F64Add, Op::F64Sub, Op::F64Mul, Op::F64Div, Op::F64Min, Op::F64Max,
                 Op::F64Copysign}) {
        f.f64_const(2.0);
        f.op(o);
    }
    f.local_set(d);
    for (Op o : {Op::F32Eq, Op::F32Ne, Op::F32Lt, Op::F32Gt, Op::F32Le, Op::F32Ge}) {
        f.local_get(fl);
        f.local_get(fl);
        f.op(o);
        f.drop();
    }
    for (Op o : {Op::F64Eq, Op::F64Ne, Op::F64Lt, Op::F64Gt, Op::F64Le, Op::F64Ge}) {
        f.local_get(d);
        f.local_get(d);
        f.op(o);
        f.drop();
    }
    // Conversions, each from its source type.
    struct Conv {
        ValType from;
        Op op;
    };
    const Conv convs[] = {
        {ValType::F32, Op::I32TruncF32S},      {ValType::F32, Op::I32TruncF32U},
        {ValType::F64, Op::I32TruncF64S},      {ValType::F64, Op::I32TruncF64U},
        {ValType::F32, Op::I64TruncF32S},      {ValType::F32, Op::I64TruncF32U},
        {ValType::F64, Op::I64TruncF64S},      {ValType::F64, Op::I64TruncF64U},
        {ValType::I32, Op::F32ConvertI32S},    {ValType::I32, Op::F32ConvertI32U},
        {ValType::I64, Op::F32ConvertI64S},    {ValType::I64, Op::F32ConvertI64U},
        {ValType::F64, Op::F32DemoteF64},      {ValType::I32, Op::F64ConvertI32S},
        {ValType::I32, Op::F64ConvertI32U},    {ValType::I64, Op::F64ConvertI64S},
        {ValType::I64, Op::F64ConvertI64U},    {ValType::F32, Op::F64PromoteF32},
        {ValType::F32, Op::I32ReinterpretF32}, {ValType::F64, Op::I64ReinterpretF64},
        {ValType::I32, Op::F32ReinterpretI32}, {ValType::I64, Op::F64ReinterpretI64},
    };
    for (SatOp o : {SatOp::I32TruncSatF32S, SatOp::I32TruncSatF32U, SatOp::I64TruncSatF32S,
                    SatOp::I64TruncSatF32U}) {
        f.local_get(fl);
        f.op(o);
        f.drop();
    }
    for (SatOp o : {SatOp::I32TruncSatF64S, SatOp::I32TruncSatF64U, SatOp::I64TruncSatF64S,
                    SatOp::I64TruncSatF64U}) {
        f.local_get(d);
        f.op(o);
        f.drop();
    }
    for (const Conv& c : convs) {
        f.local_get(c.from == ValType::I32   ? x
                    : c.from == ValType::I64 ? y
                    : c.from == ValType::F32 ? fl
                                             : d);
        f.op(c.op);
        f.drop();
    }
    // Every load and store width.
    const MemOp loads[] = {
        MemOp::I32Load,    MemOp::I64Load,    MemOp::F32Load,    MemOp::F64Load,   MemOp::I32Load8S,
        MemOp::I32Load8U,  MemOp::I32Load16S, MemOp::I32Load16U, MemOp::I64Load8S, MemOp::I64Load8U,
        MemOp::I64Load16S, MemOp::I64Load16U, MemOp::I64Load32S, MemOp::I64Load32U};
    for (MemOp o : loads) {
        f.local_get(0);
        f.load(o, 16);
        f.drop();
    }
    struct Store {
        MemOp op;
        u32 value;
    };
    const Store stores[] = {{MemOp::I32Store, x},  {MemOp::I64Store, y},   {MemOp::F32Store, fl},
                            {MemOp::F64Store, d},  {MemOp::I32Store8, x},  {MemOp::I32Store16, x},
                            {MemOp::I64Store8, y}, {MemOp::I64Store16, y}, {MemOp::I64Store32, y}};
    for (const Store& s : stores) {
        f.local_get(0);
        f.local_get(s.value);
        f.store(s.op, 32, 0);
    }
    // Control, calls, select; the helper through the table, by its pointer value.
    Label done = f.block(BlockType::value(ValType::I32));
    Label again = f.loop();
    f.local_get(x);
    f.i32_const(1);
    f.op(Op::I32Sub);
    f.local_tee(x);
    f.br_if(again);
    f.end();
    f.local_get(x);
    f.global_get(base);
    f.call(imported);
    f.local_get(x);
    f.local_get(x);
    f.i32_const(7);  // the helper's table index
    f.call_indirect(helper_type);
    f.local_get(x);
    f.select();
    f.local_get(0);
    f.br_if(done);
    f.i32_const(3);
    f.br_table({done}, done);
    f.end();
    f.local_get(0);
    f.if_();
    f.unreachable();
    f.end();
    f.nop();
    f.return_();
    m.end_function();
    m.export_function("block", f.index());
    const u32 in_table[] = {f.index()};
    m.place_in_table(0, in_table);
    Bytes b = m.finish();
    ASSERT_TRUE(m.ok()) << m.error();
    EXPECT_WASM_VALID(b);
}

}  // namespace
}  // namespace bw::jit
