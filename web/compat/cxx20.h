// Force-included into every C++ file of the web build: C++20 library pieces
// that Debian's emscripten 3.1.6 (libc++ 14 snapshot) lacks, so the core keeps
// using the standard spelling.
#pragma once

#include <version>

#if !defined(__cpp_lib_bit_cast)
#include <bit>
namespace std {
template <class To, class From>
constexpr To bit_cast(const From& from) noexcept {
    return __builtin_bit_cast(To, from);
}
}  // namespace std
#endif
