# Toolchain: clang-19 for wasm32-wasi with Debian's wasi-libc / libc++ (see TOOLCHAIN.md).
# Used by the "wasm" preset. Produces reactor core modules; components are made from them
# by cmake/WitComponent.cmake.
set(CMAKE_SYSTEM_NAME WASI)
set(CMAKE_SYSTEM_PROCESSOR wasm32)
# cmake/Platform/WASI.cmake (CMake 3.25 ships none).
list(APPEND CMAKE_MODULE_PATH "${CMAKE_CURRENT_LIST_DIR}")

set(triple wasm32-wasi)
set(CMAKE_C_COMPILER clang-19)
set(CMAKE_CXX_COMPILER clang++-19)
set(CMAKE_C_COMPILER_TARGET ${triple})
set(CMAKE_CXX_COMPILER_TARGET ${triple})
# wasm objects need an LLVM archiver (GNU ar writes no symbol index for them): package llvm-19.
find_program(CMAKE_AR NAMES llvm-ar-19 REQUIRED)
find_program(CMAKE_RANLIB NAMES llvm-ranlib-19 REQUIRED)

# Include order. clang's default for wasm32-wasi ends with the host's /usr/local/include and
# /usr/include, where e.g. secp256k1.h and cryptopp/ of the native -dev packages live.
# -nostdlibinc drops all system dirs; we add back only the wasm ones, in clang's order:
# libc++, clang's builtin headers (kept by -nostdlibinc), then wasi-libc (-idirafter).
set(wasm_libc_inc "-nostdlibinc -idirafter /usr/include/wasm32-wasi")
# Wasm features beyond clang-19's default (mutable-globals, sign-ext, multivalue, reference-types):
# bulk memory, so memset/memcpy become memory.fill/memory.copy (the per-export stack scrub is one
# instruction instead of a loop). Every runtime we target (jco's Node, wasmtime 38+) enables it.
set(wasm_features "-mbulk-memory")
set(CMAKE_C_FLAGS_INIT "${wasm_libc_inc} ${wasm_features}")
# Our own code: no exceptions, no RTTI (Crypto++ users get -fexceptions -frtti from
# wasm_deps::cryptopp, see cmake/WasmDeps.cmake).
set(CMAKE_CXX_FLAGS_INIT "-isystem /usr/include/wasm32-wasi/c++/v1 ${wasm_libc_inc} ${wasm_features} -fno-exceptions -fno-rtti")
# Optimisation: the preset builds Release, which is -O3 -DNDEBUG (CMake's clang default).

# Link every module as a reactor (exports + _initialize, no main loop).
set(CMAKE_EXE_LINKER_FLAGS_INIT "-mexec-model=reactor")

