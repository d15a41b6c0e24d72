// Installs modules built by WasmModule (wasm_writer.h) into the running core:
// they are instantiated against the core's own memory and function table, and
// their functions land in table slots reserved here, so that a slot index
// cast to a C++ function pointer calls the generated code directly. Only the
// WebAssembly build has a host for this (wasm_loader.js, linked as a JS
// library); natively every call reports "no wasm host", so native code
// compiles against the same API. The contract is in NOTES.md.
//
//   auto run = reserve_table_slots(n);          // slots stay null until installed
//   module.place_in_table(run->first, funcs);   // the module's element segment
//   install_module(module.finish(), &error);    // or submit_module() + take_completion()
//   auto fn = reinterpret_cast<BlockFn>(uintptr_t(run->first + i));
//   ...
//   release_table_slots(*run);                  // nulls them: a stale call traps
#pragma once

#include <optional>
#include <span>
#include <string>

#include "core/common/types.h"
#include "core/jit/table_slots.h"

namespace bw::jit {

// True in the WebAssembly build (the core runs in a wasm engine it can feed).
bool wasm_host_available();

// Current size of the core's function table (0 natively).
u32 table_size();

// |count| consecutive null slots of the core's table, reused from released
// ones or grown; nullopt natively or when the table cannot grow.
std::optional<SlotRun> reserve_table_slots(u32 count);
// Sets the slots to null (a call through them traps) and frees them for
// reuse. A pending asynchronous install into them must be cancelled first.
void release_table_slots(SlotRun run);

// Compiles and instantiates |bytes| now, against env.memory and env.table
// (plus any function the core exports, by name, for env imports). Returns
// false with a one-line reason on failure (invalid module, host refusal).
// Chromium refuses this on its main thread for large modules (NOTES.md).
bool install_module(std::span<const u8> bytes, std::string* error);

// Starts compiling and instantiating a copy of |bytes| in the background;
// returns a request id (never 0), or 0 natively. The event loop must run (the
// frontend returns to the browser) before it completes.
u32 submit_module(std::span<const u8> bytes);
// Abandons a request: it will never touch the table nor be reported.
void cancel_module(u32 id);

struct Completion {
    u32 id = 0;
    bool ok = false;
    std::string error;
};
// The next finished request, in completion order; false when none is waiting.
bool take_completion(Completion* out);

}  // namespace bw::jit
