// Checks that a module from the WasmModule writer is valid WebAssembly: in the
// web build with the engine that will run it (WebAssembly.validate under node),
// natively with wabt's wasm-validate when it is installed.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/common/types.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace bw::jit::test {

// 1 valid, 0 invalid, -1 no validator here.
inline int wasm_validates(const std::vector<u8>& bytes) {
#ifdef __EMSCRIPTEN__
    return EM_ASM_INT({ return WebAssembly.validate(HEAPU8.subarray($0, $0 + $1)) ? 1 : 0; },
                      bytes.data(), bytes.size());
#else
    static const bool have_wabt = std::system("wasm-validate --version >/dev/null 2>&1") == 0;
    if (!have_wabt) return -1;
    char path[] = "/tmp/bw_wasm_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return -1;
    FILE* f = fdopen(fd, "wb");
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
    int status = std::system(("wasm-validate " + std::string(path)).c_str());
    std::remove(path);
    return status == 0 ? 1 : 0;
#endif
}

}  // namespace bw::jit::test

// Passes when the module validates or no validator is available.
#define EXPECT_WASM_VALID(bytes)                                       \
    do {                                                               \
        const auto& bytes_ = (bytes);                                  \
        EXPECT_FALSE(bytes_.empty());                                  \
        EXPECT_NE(bw::jit::test::wasm_validates(bytes_), 0) << #bytes; \
    } while (0)
