// Runs before emscripten's loader. Under node, hand it the .wasm bytes read
// from disk: node 20's fetch() cannot load a file path. Does nothing in a page.
if (typeof process === 'object' && process.versions && process.versions.node &&
    typeof require === 'function' && !Module['wasmBinary']) {
  Module['wasmBinary'] = require('fs').readFileSync(__filename.replace(/\.js$/, '.wasm'));
}
