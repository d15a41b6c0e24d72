// The host half of wasm_loader.cpp, linked into every WebAssembly program
// with --js-library: compiles generated modules and instantiates them against
// the core's own memory (wasmMemory) and function table (wasmTable); their
// element segments write their functions into slots the C++ side reserved.

mergeInto(LibraryManager.library, {
  // State shared by the functions below: the import object (built once: the
  // memory and table objects never change, growth keeps them) and the
  // background requests.
  $bwJit: {
    env: null,
    nextId: 1,
    pending: {},  // id -> true while compiling; deleted when cancelled
    done: [],            // [id, error message or null], oldest first
  },

  $bwJitImports__deps: ['$bwJit'],
  $bwJitImports: function() {
    if (!bwJit.env) {
      // Named env imports resolve to the core's own exports (its helpers).
      var env = Object.create(null);
      var exports = Module['asm'];
      for (var name in exports) env[name] = exports[name];
      env['memory'] = wasmMemory;
      env['table'] = wasmTable;
      bwJit.env = { 'env': env };
    }
    return bwJit.env;
  },

  bw_jit_table_size: function() { return wasmTable.length; },

  // Grows the table by |count| null slots; the first new slot, or -1.
  bw_jit_table_grow: function(count) {
    try {
      return wasmTable.grow(count);
    } catch (e) {
      return -1;
    }
  },

  bw_jit_table_clear: function(first, count) {
    for (var i = 0; i < count; ++i) wasmTable.set(first + i, null);
    // emscripten's JS copy of the table (dynCall's cache), when linked in,
    // must not keep calling released code.
    if (typeof wasmTableMirror !== 'undefined') {
      for (var j = 0; j < count; ++j) wasmTableMirror[first + j] = undefined;
    }
  },

  // 0, or -1 with the reason in |error| (UTF-8, |errorSize| bytes at most).
  bw_jit_install_sync__deps: ['$bwJitImports'],
  bw_jit_install_sync: function(bytes, size, error, errorSize) {
    try {
      // The module copies the bytes while compiling: a view will do.
      var module = new WebAssembly.Module(HEAPU8.subarray(bytes, bytes + size));
      new WebAssembly.Instance(module, bwJitImports());
      return 0;
    } catch (e) {
      stringToUTF8(String(e && e.message || e), error, errorSize);
      return -1;
    }
  },

  // Whether |id| was still wanted; it is not any more.
  $bwJitFinish__deps: ['$bwJit'],
  $bwJitFinish: function(id) {
    if (!bwJit.pending[id]) return false;
    delete bwJit.pending[id];
    return true;
  },

  bw_jit_submit__deps: ['$bwJit', '$bwJitImports', '$bwJitFinish'],
  bw_jit_submit: function(bytes, size) {
    var id = bwJit.nextId++;
    if (bwJit.nextId > 0x7fffffff) bwJit.nextId = 1;
    // A copy: the core's memory changes (and may grow) while this compiles.
    var copy = HEAPU8.slice(bytes, bytes + size);
    bwJit.pending[id] = true;
    WebAssembly.compile(copy).then(function(module) {
      // Cancelled while compiling: its slots may belong to someone else now.
      if (!bwJitFinish(id)) return;
      try {
        // Instantiating a compiled module synchronously is allowed on a
        // page's main thread at any size (NOTES.md), and leaves no gap in
        // which a cancel could come too late.
        new WebAssembly.Instance(module, bwJitImports());
        bwJit.done.push([id, null]);
      } catch (e) {
        bwJit.done.push([id, String(e && e.message || e)]);
      }
    }, function(e) {
      if (bwJitFinish(id)) bwJit.done.push([id, String(e && e.message || e)]);
    });
    return id;
  },

  bw_jit_cancel__deps: ['$bwJit'],
  bw_jit_cancel: function(id) {
    delete bwJit.pending[id];
    bwJit.done = bwJit.done.filter(function(d) { return d[0] !== id; });
  },

  // -1 when nothing finished; else writes the id and returns 0 (installed) or
  // 1 (failed, reason in |error|).
  bw_jit_take_completion__deps: ['$bwJit'],
  bw_jit_take_completion: function(idPtr, error, errorSize) {
    if (bwJit.done.length === 0) return -1;
    var d = bwJit.done.shift();
    HEAPU32[idPtr >> 2] = d[0];
    if (d[1] === null) return 0;
    stringToUTF8(d[1], error, errorSize);
    return 1;
  },
});
