// Encoder of WebAssembly binary modules; see wasm_writer.h.
#include "core/jit/wasm_writer.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/jit/wasm_leb128.h"

namespace bw::jit {

namespace {

// Section ids (spec 5.5.2), in the order a module must list them.
constexpr u8 kTypeSection = 1, kImportSection = 2, kFunctionSection = 3, kExportSection = 7,
             kElementSection = 9, kCodeSection = 10;
constexpr u8 kFuncRef = 0x70;
constexpr u8 kEnd = 0x0b;

}  // namespace

// ---- WasmFunction ----

std::vector<u8>& WasmFunction::code() { return module_.code_; }

bool WasmFunction::fail(const char* what) {
    return module_.fail("function " + std::to_string(index_) + ": " + what);
}

u32 WasmFunction::add_local(ValType type) {
    locals_.push_back(type);
    return param_count_ + u32(locals_.size()) - 1;
}

void WasmFunction::i32_const(i32 value) {
    code().push_back(0x41);
    put_sleb128(code(), value);
}

void WasmFunction::i64_const(i64 value) {
    code().push_back(0x42);
    put_sleb128(code(), value);
}

void WasmFunction::f32_const(float value) {
    u8 bytes[4];
    std::memcpy(bytes, &value, 4);  // wasm floats are little-endian, as is every host here
    code().push_back(0x43);
    code().insert(code().end(), bytes, bytes + 4);
}

void WasmFunction::f64_const(double value) {
    u8 bytes[8];
    std::memcpy(bytes, &value, 8);
    code().push_back(0x44);
    code().insert(code().end(), bytes, bytes + 8);
}

void WasmFunction::local_op(u8 opcode, u32 index) {
    if (index >= param_count_ + locals_.size()) fail("local index out of range");
    code().push_back(opcode);
    put_uleb128(code(), index);
}

void WasmFunction::global_op(u8 opcode, u32 index) {
    if (index >= module_.imported_globals_) fail("global index out of range");
    // The only globals are imported immutable ones.
    if (opcode == 0x24) fail("global.set of an immutable global");
    code().push_back(opcode);
    put_uleb128(code(), index);
}

void WasmFunction::mem_op(MemOp o, u32 offset, int align_log2) {
    if (!module_.has_memory_) fail("memory access without an imported memory");
    u32 natural = natural_align_log2(o);
    if (align_log2 < 0) align_log2 = int(natural);
    if (u32(align_log2) > natural) fail("alignment larger than the access");
    code().push_back(u8(o));
    put_uleb128(code(), u32(align_log2));
    put_uleb128(code(), offset);
}

Label WasmFunction::open(u8 opcode, Kind kind, BlockType type) {
    if (type.encoded >= 0 && u64(type.encoded) >= module_.types_.size())
        fail("block type index out of range");
    code().push_back(opcode);
    put_sleb128(code(), type.encoded);
    blocks_.push_back(kind);
    return Label{u32(blocks_.size()) - 1};
}

void WasmFunction::else_() {
    if (blocks_.empty() || blocks_.back() != Kind::If) {
        fail("else without an open if");
        return;
    }
    blocks_.back() = Kind::Else;
    code().push_back(0x05);
}

void WasmFunction::end() {
    if (blocks_.empty()) {
        fail("end without an open block");
        return;
    }
    blocks_.pop_back();
    code().push_back(kEnd);
}

u32 WasmFunction::depth_of(Label target) {
    if (target.height >= blocks_.size()) {
        fail("branch to a block that is not open");
        return 0;
    }
    return u32(blocks_.size()) - 1 - target.height;
}

void WasmFunction::branch(u8 opcode, Label target) {
    u32 depth = depth_of(target);
    code().push_back(opcode);
    put_uleb128(code(), depth);
}

void WasmFunction::br_table(std::span<const Label> targets, Label default_target) {
    code().push_back(0x0e);
    put_uleb128(code(), targets.size());
    for (Label l : targets) put_uleb128(code(), depth_of(l));
    put_uleb128(code(), depth_of(default_target));
}

void WasmFunction::call(u32 function_index) {
    if (function_index >= module_.function_count()) fail("call of an unknown function");
    code().push_back(0x10);
    put_uleb128(code(), function_index);
}

void WasmFunction::call_indirect(u32 type_index) {
    if (type_index >= module_.types_.size()) fail("call_indirect type index out of range");
    if (!module_.has_table_) fail("call_indirect without an imported table");
    code().push_back(0x11);
    put_uleb128(code(), type_index);
    code().push_back(0x00);  // table 0
}

// ---- WasmModule ----

WasmModule::WasmModule() : function_(*this) {}

void WasmModule::clear() {
    error_.clear();
    type_vals_.clear();
    types_.clear();
    imports_.clear();
    import_count_ = imported_functions_ = imported_globals_ = 0;
    has_memory_ = has_table_ = false;
    function_types_.clear();
    bodies_.clear();
    local_runs_.clear();
    code_.clear();
    names_.clear();
    exports_.clear();
    element_funcs_.clear();
    elements_.clear();
    in_function_ = false;
    function_.blocks_.clear();
    function_.locals_.clear();
}

bool WasmModule::fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
}

u32 WasmModule::add_type(std::span<const ValType> params, std::span<const ValType> results) {
    for (u32 i = 0; i < types_.size(); ++i) {
        const Type& t = types_[i];
        if (t.params_count != params.size() || t.results_count != results.size()) continue;
        const ValType* v = type_vals_.data() + t.params_begin;
        if (std::equal(params.begin(), params.end(), v) &&
            std::equal(results.begin(), results.end(), v + params.size()))
            return i;
    }
    types_.push_back({u32(type_vals_.size()), u32(params.size()), u32(results.size())});
    type_vals_.insert(type_vals_.end(), params.begin(), params.end());
    type_vals_.insert(type_vals_.end(), results.begin(), results.end());
    return u32(types_.size()) - 1;
}

void WasmModule::put_name(std::vector<u8>& out, std::string_view s) {
    put_uleb128(out, s.size());
    out.insert(out.end(), s.begin(), s.end());
}

void WasmModule::import_memory(u32 min_pages, std::string_view module, std::string_view name) {
    if (has_memory_) {
        fail("a second memory import");
        return;
    }
    has_memory_ = true;
    put_name(imports_, module);
    put_name(imports_, name);
    imports_.push_back(0x02);  // memory
    imports_.push_back(0x00);  // limits: minimum only
    put_uleb128(imports_, min_pages);
    ++import_count_;
}

void WasmModule::import_table(u32 min_entries, std::string_view module, std::string_view name) {
    if (has_table_) {
        fail("a second table import");
        return;
    }
    has_table_ = true;
    put_name(imports_, module);
    put_name(imports_, name);
    imports_.push_back(0x01);  // table
    imports_.push_back(kFuncRef);
    imports_.push_back(0x00);  // limits: minimum only
    put_uleb128(imports_, min_entries);
    ++import_count_;
}

u32 WasmModule::import_function(std::string_view module, std::string_view name, u32 type_index) {
    if (!function_types_.empty()) fail("function import after a defined function");
    if (type_index >= types_.size()) fail("imported function's type index out of range");
    put_name(imports_, module);
    put_name(imports_, name);
    imports_.push_back(0x00);  // function
    put_uleb128(imports_, type_index);
    ++import_count_;
    return imported_functions_++;
}

u32 WasmModule::import_global_i32(std::string_view module, std::string_view name) {
    put_name(imports_, module);
    put_name(imports_, name);
    imports_.push_back(0x03);  // global
    imports_.push_back(u8(ValType::I32));
    imports_.push_back(0x00);  // immutable
    ++import_count_;
    return imported_globals_++;
}

WasmFunction& WasmModule::begin_function(u32 type_index) {
    if (in_function_) fail("begin_function inside another function");
    if (type_index >= types_.size()) {
        fail("function type index out of range");
        type_index = 0;
    }
    in_function_ = true;
    function_.index_ = function_count();
    function_.type_index_ = type_index;
    function_.param_count_ = types_.empty() ? 0 : types_[type_index].params_count;
    function_.locals_.clear();
    function_.blocks_.clear();
    function_types_.push_back(type_index);
    bodies_.push_back({u32(local_runs_.size()), 0, u32(code_.size()), 0});
    return function_;
}

void WasmModule::end_function() {
    if (!in_function_) {
        fail("end_function without begin_function");
        return;
    }
    in_function_ = false;
    if (!function_.blocks_.empty())
        fail("function " + std::to_string(function_.index_) + " ends with " +
             std::to_string(function_.blocks_.size()) + " blocks open");
    code_.push_back(kEnd);
    Body& body = bodies_.back();
    for (ValType t : function_.locals_) {
        if (local_runs_.size() > body.locals_begin && local_runs_.back().second == t)
            ++local_runs_.back().first;
        else
            local_runs_.push_back({1, t});
    }
    body.locals_count = u32(local_runs_.size()) - body.locals_begin;
    body.code_size = u32(code_.size()) - body.code_begin;
}

void WasmModule::export_function(std::string_view name, u32 function_index) {
    if (function_index >= function_count()) fail("export of an unknown function");
    exports_.push_back({u32(names_.size()), u32(name.size()), function_index});
    names_.append(name);
}

void WasmModule::place_in_table(u32 table_offset, std::span<const u32> function_indices) {
    if (!has_table_) fail("table elements without an imported table");
    elements_.push_back({table_offset, u32(element_funcs_.size()), u32(function_indices.size())});
    element_funcs_.insert(element_funcs_.end(), function_indices.begin(), function_indices.end());
}

void WasmModule::put_section(std::vector<u8>& out, u8 id, const std::vector<u8>& payload) {
    out.push_back(id);
    put_uleb128(out, payload.size());
    out.insert(out.end(), payload.begin(), payload.end());
}

std::vector<u8> WasmModule::finish() {
    std::vector<u8> out;
    finish(out);
    return out;
}

bool WasmModule::finish(std::vector<u8>& out) {
    out.clear();
    if (in_function_) fail("finish inside a function");
    for (u32 f : element_funcs_)
        if (f >= function_count()) fail("table element of an unknown function");
    if (!ok()) return false;

    out.reserve(64 + imports_.size() + code_.size() + names_.size() + 8 * bodies_.size());
    const u8 header[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};  // "\0asm", v1
    out.insert(out.end(), header, header + sizeof header);
    std::vector<u8>& s = scratch_;

    if (!types_.empty()) {
        s.clear();
        put_uleb128(s, types_.size());
        for (const Type& t : types_) {
            s.push_back(0x60);
            put_uleb128(s, t.params_count);
            for (u32 i = 0; i < t.params_count; ++i)
                s.push_back(u8(type_vals_[t.params_begin + i]));
            put_uleb128(s, t.results_count);
            for (u32 i = 0; i < t.results_count; ++i)
                s.push_back(u8(type_vals_[t.params_begin + t.params_count + i]));
        }
        put_section(out, kTypeSection, s);
    }
    if (import_count_ != 0) {
        s.clear();
        put_uleb128(s, import_count_);
        s.insert(s.end(), imports_.begin(), imports_.end());
        put_section(out, kImportSection, s);
    }
    if (!function_types_.empty()) {
        s.clear();
        put_uleb128(s, function_types_.size());
        for (u32 t : function_types_) put_uleb128(s, t);
        put_section(out, kFunctionSection, s);
    }
    if (!exports_.empty()) {
        s.clear();
        put_uleb128(s, exports_.size());
        for (const Export& e : exports_) {
            put_name(s, std::string_view(names_).substr(e.name_begin, e.name_size));
            s.push_back(0x00);  // function
            put_uleb128(s, e.function_index);
        }
        put_section(out, kExportSection, s);
    }
    if (!elements_.empty()) {
        s.clear();
        put_uleb128(s, elements_.size());
        for (const Element& e : elements_) {
            s.push_back(0x00);  // active, table 0, offset expression, function indices
            s.push_back(0x41);  // i32.const offset
            put_sleb128(s, i32(e.table_offset));
            s.push_back(kEnd);
            put_uleb128(s, e.count);
            for (u32 i = 0; i < e.count; ++i) put_uleb128(s, element_funcs_[e.first + i]);
        }
        put_section(out, kElementSection, s);
    }
    if (!bodies_.empty()) {
        // The largest section goes straight into |out|: sizes first.
        auto body_size = [&](const Body& b) {
            u32 size = uleb128_size(b.locals_count) + b.code_size;
            for (u32 i = 0; i < b.locals_count; ++i)
                size += uleb128_size(local_runs_[b.locals_begin + i].first) + 1;
            return size;
        };
        u64 section = uleb128_size(bodies_.size());
        for (const Body& b : bodies_) {
            u32 size = body_size(b);
            section += uleb128_size(size) + size;
        }
        out.push_back(kCodeSection);
        put_uleb128(out, section);
        put_uleb128(out, bodies_.size());
        for (const Body& b : bodies_) {
            put_uleb128(out, body_size(b));
            put_uleb128(out, b.locals_count);
            for (u32 i = 0; i < b.locals_count; ++i) {
                put_uleb128(out, local_runs_[b.locals_begin + i].first);
                out.push_back(u8(local_runs_[b.locals_begin + i].second));
            }
            out.insert(out.end(), code_.begin() + b.code_begin,
                       code_.begin() + b.code_begin + b.code_size);
        }
    }
    return true;
}

}  // namespace bw::jit
