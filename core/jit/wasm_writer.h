// Encoder of WebAssembly binary modules (spec chapter 5) for a code generator
// that emits many small functions into one module at run time: the guest
// blocks the translator compiles in a batch. The module imports the core's own
// linear memory and function table (env.memory, env.table), so generated code
// reads guest state at the addresses C++ uses and calls C++ helpers by their
// function-pointer values (call_indirect through table 0). See NOTES.md.
//
// Use: add types and imports, then per function begin_function(), emit its
// body through the returned WasmFunction, end_function(); export or place
// functions in the table; finish() returns the bytes. Mistakes (unbalanced
// blocks, a label that is not open, an index out of range, imports after
// functions) do not crash: the module records the first error, finish()
// returns no bytes and error() says what went wrong and where.
//
// Allocation-light: all bodies share one code buffer; the per-function state
// (locals, open blocks) is reused from one function to the next.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/types.h"
#include "core/jit/wasm_opcodes.h"

namespace bw::jit {

enum class ValType : u8 { I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c };

// The result of a block, loop or if: nothing, one value, or (multi-value) a
// function type's params -> results.
struct BlockType {
    static BlockType none() { return {-0x40}; }                    // the byte 0x40
    static BlockType value(ValType t) { return {i64(t) - 0x80}; }  // 0x7f encodes as -1
    static BlockType of_type(u32 type_index) { return {i64(type_index)}; }
    i64 encoded;  // written as a signed LEB128 (s33)
};

// A branch target: the block, loop or if opened when it was returned. Branches
// to it compute the relative depth, so the generator never counts nesting.
struct Label {
    u32 height = ~0u;  // position in the stack of open blocks
};

class WasmModule;

// The body of one function being emitted. Obtained from
// WasmModule::begin_function(); valid until end_function().
class WasmFunction {
  public:
    // Declares a local after the parameters; returns its index.
    u32 add_local(ValType type);

    // Constants.
    void i32_const(i32 value);
    void i64_const(i64 value);
    void f32_const(float value);
    void f64_const(double value);

    // An instruction without immediates (arithmetic, compare, convert, drop,
    // select...).
    void op(Op o) { code().push_back(u8(o)); }
    void op(SatOp o) {
        code().push_back(0xfc);
        code().push_back(u8(o));  // sub-opcodes below 128 are one LEB128 byte
    }

    // Locals and globals.
    void local_get(u32 index) { local_op(0x20, index); }
    void local_set(u32 index) { local_op(0x21, index); }
    void local_tee(u32 index) { local_op(0x22, index); }
    void global_get(u32 index) { global_op(0x23, index); }
    void global_set(u32 index) { global_op(0x24, index); }

    // Memory access: effective address = i32 operand + offset (unsigned, no
    // wrap). align_log2 is a hint; -1 means the access width (natural).
    void load(MemOp o, u32 offset = 0, int align_log2 = -1) { mem_op(o, offset, align_log2); }
    void store(MemOp o, u32 offset = 0, int align_log2 = -1) { mem_op(o, offset, align_log2); }
    // Shorthands for the common ones.
    void i32_load(u32 offset = 0) { load(MemOp::I32Load, offset); }
    void i32_store(u32 offset = 0) { store(MemOp::I32Store, offset); }
    void i64_load(u32 offset = 0) { load(MemOp::I64Load, offset); }
    void i64_store(u32 offset = 0) { store(MemOp::I64Store, offset); }

    // Structured control. Each returns the label to branch to: the end of a
    // block or if, the start of a loop.
    Label block(BlockType type = BlockType::none()) { return open(0x02, Kind::Block, type); }
    Label loop(BlockType type = BlockType::none()) { return open(0x03, Kind::Loop, type); }
    Label if_(BlockType type = BlockType::none()) { return open(0x04, Kind::If, type); }
    void else_();
    void end();  // closes the innermost open block

    void br(Label target) { branch(0x0c, target); }
    void br_if(Label target) { branch(0x0d, target); }
    void br_table(std::span<const Label> targets, Label default_target);
    void br_table(std::initializer_list<Label> targets, Label default_target) {
        br_table(std::span<const Label>(targets.begin(), targets.size()), default_target);
    }
    // Relative depth of |target| seen from here (0 = innermost open block).
    u32 depth_of(Label target);
    // Number of blocks open now (the function's own body not counted).
    u32 open_blocks() const { return u32(blocks_.size()); }

    void return_() { code().push_back(0x0f); }
    void unreachable() { code().push_back(0x00); }
    void nop() { code().push_back(0x01); }
    void drop() { op(Op::Drop); }
    void select() { op(Op::Select); }

    // Calls: a function of this module (imports first, then defined ones), or
    // through table 0 (the core's table) with the callee's table index on top
    // of the stack: in wasm32 a C++ function pointer's value is that index.
    void call(u32 function_index);
    void call_indirect(u32 type_index);

    // Index of the function being built (for recursion or exporting).
    u32 index() const { return index_; }

  private:
    friend class WasmModule;
    enum class Kind : u8 { Block, Loop, If, Else };

    explicit WasmFunction(WasmModule& module) : module_(module) {}
    std::vector<u8>& code();
    void local_op(u8 opcode, u32 index);
    void global_op(u8 opcode, u32 index);
    void mem_op(MemOp o, u32 offset, int align_log2);
    Label open(u8 opcode, Kind kind, BlockType type);
    void branch(u8 opcode, Label target);
    bool fail(const char* what);

    WasmModule& module_;
    u32 index_ = 0;
    u32 type_index_ = 0;
    u32 param_count_ = 0;
    std::vector<ValType> locals_;  // declared locals, parameters excluded
    std::vector<Kind> blocks_;     // open blocks, innermost last
};

class WasmModule {
  public:
    WasmModule();
    WasmModule(const WasmModule&) = delete;
    WasmModule& operator=(const WasmModule&) = delete;

    // Forgets everything, keeping the buffers' capacity for the next module.
    void clear();

    // A function type; equal types share one index.
    u32 add_type(std::span<const ValType> params, std::span<const ValType> results);
    u32 add_type(std::initializer_list<ValType> params, std::initializer_list<ValType> results) {
        return add_type(std::span<const ValType>(params.begin(), params.size()),
                        std::span<const ValType>(results.begin(), results.size()));
    }

    // Imports, all before the first begin_function() (imported functions come
    // first in the function index space). Memory and table are imported
    // without a maximum: the core's may grow.
    void import_memory(u32 min_pages, std::string_view module = "env",
                       std::string_view name = "memory");
    void import_table(u32 min_entries, std::string_view module = "env",
                      std::string_view name = "table");
    u32 import_function(std::string_view module, std::string_view name, u32 type_index);
    // An immutable i32 global provided by the host (e.g. a table base).
    u32 import_global_i32(std::string_view module, std::string_view name);

    // Defined functions, one at a time.
    WasmFunction& begin_function(u32 type_index);
    void end_function();

    void export_function(std::string_view name, u32 function_index);

    // Writes |function_indices| into table 0 at |table_offset| onward when the
    // module is instantiated (an active element segment): installing N
    // functions costs no JS work per function.
    void place_in_table(u32 table_offset, std::span<const u32> function_indices);

    u32 function_count() const { return imported_functions_ + u32(function_types_.size()); }
    u32 imported_function_count() const { return imported_functions_; }

    // The encoded module; empty (and error() set) after a mistake.
    std::vector<u8> finish();
    // The same into |out| (replacing its contents, keeping its capacity), so
    // a translator can reuse one buffer; false after a mistake.
    bool finish(std::vector<u8>& out);
    const std::string& error() const { return error_; }
    bool ok() const { return error_.empty(); }

  private:
    friend class WasmFunction;
    struct Type {
        u32 params_begin, params_count, results_count;  // into type_vals_
    };
    struct Export {
        u32 name_begin, name_size, function_index;
    };
    struct Element {
        u32 table_offset, first, count;  // into element_funcs_
    };
    struct Body {
        u32 locals_begin, locals_count;  // runs in local_runs_
        u32 code_begin, code_size;       // into code_
    };

    bool fail(std::string message);
    void put_name(std::vector<u8>& out, std::string_view s);
    void put_section(std::vector<u8>& out, u8 id, const std::vector<u8>& payload);

    std::string error_;
    std::vector<ValType> type_vals_;
    std::vector<Type> types_;
    std::vector<u8> imports_;  // encoded import entries
    u32 import_count_ = 0;
    u32 imported_functions_ = 0;
    u32 imported_globals_ = 0;
    bool has_memory_ = false;
    bool has_table_ = false;
    std::vector<u32> function_types_;  // of defined functions
    std::vector<Body> bodies_;
    std::vector<std::pair<u32, ValType>> local_runs_;
    std::vector<u8> code_;  // all bodies' instructions, end to end
    std::string names_;     // export names, end to end
    std::vector<Export> exports_;
    std::vector<u32> element_funcs_;
    std::vector<Element> elements_;
    WasmFunction function_;
    bool in_function_ = false;
    std::vector<u8> scratch_;  // a section's payload while it is written
};

}  // namespace bw::jit
