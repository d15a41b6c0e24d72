# Settings for the WebAssembly build (`emcmake cmake -S . -B build-web`), so that
# callers need nothing in their environment. See ../shared/TOOLCHAIN.md notes in
# web/README.md for why each one is here.

# No -g: DWARF would triple the .wasm; -O2 (emcc's -O3 gains nothing measurable).
set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O2")
set(CMAKE_C_FLAGS_RELWITHDEBINFO "-O2")

# Links at -O1+ run Debian's acorn through node, which nodesource's node does not
# find on its own.
set(CMAKE_CXX_LINKER_LAUNCHER env NODE_PATH=/usr/share/nodejs:/usr/lib/nodejs)
set(CMAKE_C_LINKER_LAUNCHER env NODE_PATH=/usr/share/nodejs:/usr/lib/nodejs)

# emcmake presets `node --experimental-wasm-threads`, which node 20 rejects.
find_program(BW_NODE node NO_CMAKE_FIND_ROOT_PATH REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR ${BW_NODE} CACHE FILEPATH "runs wasm test programs" FORCE)

# Every program: growable memory, and under node the .wasm is read from disk
# (node 20's fetch() cannot load a file path).
add_link_options(-sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1
                 "SHELL:--pre-js ${CMAKE_SOURCE_DIR}/web/node_prejs.js")
set_property(DIRECTORY APPEND PROPERTY LINK_DEPENDS ${CMAKE_SOURCE_DIR}/web/node_prejs.js)

# GoogleTest from Debian's source package (libgtest-dev's archives are x86);
# it defines GTest::gtest and GTest::gtest_main itself.
if(BUILD_TESTING OR NOT DEFINED BUILD_TESTING)
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
  add_subdirectory(/usr/src/googletest ${CMAKE_BINARY_DIR}/googletest EXCLUDE_FROM_ALL)
endif()

# C++20 library pieces missing from emscripten 3.1.6's libc++ (std::bit_cast).
add_compile_options("$<$<COMPILE_LANGUAGE:CXX>:SHELL:-include ${CMAKE_SOURCE_DIR}/web/compat/cxx20.h>")
