# Third-party libraries for the wasm build, compiled from Debian source packages.
# Included by adapters/wit/CMakeLists.txt (toolchain cmake/wasm32-wasi.cmake). Defines:
#   wasm_deps::secp256k1  libsecp256k1 with recovery, ecdh, extrakeys, schnorrsig
#   wasm_deps::cryptopp   Crypto++: SHA-2, Keccak, HMAC, PBKDF2 + Integer/ECP/ECDSA (secp256k1 OID)
#   wasm_deps::runtime    symbols Debian's wasm runtime lacks (object library: always linked)
include_guard(GLOBAL)

get_filename_component(_wd_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(ISOLATED_CRYPTO_WASM_SRC_DIR "${CMAKE_BINARY_DIR}/_src" CACHE PATH
  "Where scripts/fetch-wasm-sources.sh unpacks the Debian source packages")
set(_wd_src "${ISOLATED_CRYPTO_WASM_SRC_DIR}")

# apt-get source at configure time (skips packages already unpacked).
execute_process(
  COMMAND bash "${_wd_root}/scripts/fetch-wasm-sources.sh" "${_wd_src}"
  RESULT_VARIABLE _wd_rc)
if(NOT _wd_rc EQUAL 0)
  message(FATAL_ERROR "WasmDeps: scripts/fetch-wasm-sources.sh failed (${_wd_rc}); "
    "run scripts/setup.sh --wasm (deb-src entries, dpkg-dev) and reconfigure")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_wd_root}/scripts/fetch-wasm-sources.sh")

# Dependencies are not ours to lint: no warnings.
set(_wd_quiet -w)

# ---- libsecp256k1 0.5.0 (Debian source, suite trixie; builds unmodified) -------------------
# Signing (ecmult_gen) is a signed-digit multi-comb: COMB_BLOCKS tables of 2^(COMB_TEETH-1)
# points, 64 bytes each. Per signature: ceil(256 / (blocks * teeth)) * blocks point additions,
# each a constant-time scan of one table, plus spacing - 1 doublings. In wasm the scans weigh
# more than natively: teeth 5 beat upstream's 22 and 86 KiB choices (teeth 6; docs/BENCHMARKS.md).
# Default (26, 5): 26 KiB, 52 additions, 1 doubling.
set(ISOLATED_CRYPTO_SECP256K1_COMB_BLOCKS 26 CACHE STRING "libsecp256k1 signing table: COMB_BLOCKS")
set(ISOLATED_CRYPTO_SECP256K1_COMB_TEETH 5 CACHE STRING "libsecp256k1 signing table: COMB_TEETH")
# Verification and recovery (ecmult): two tables of 2^(window-2) points each, 64 bytes per point;
# linked only into components that verify or recover (the Ethereum tenant), never the engine.
set(ISOLATED_CRYPTO_SECP256K1_ECMULT_WINDOW_SIZE 15 CACHE STRING
  "libsecp256k1 verification table window (2..15; 15: 1 MiB of tables)")
set(_s_blocks ${ISOLATED_CRYPTO_SECP256K1_COMB_BLOCKS})
set(_s_teeth ${ISOLATED_CRYPTO_SECP256K1_COMB_TEETH})
set(_s "${_wd_src}/secp256k1")
# The table for (blocks, teeth): upstream ships (2, 5), (11, 6) and (43, 6) in
# src/precomputed_ecmult_gen.c; its own generator (src/precompute_ecmult_gen.c, run on the
# build machine) writes the same file with the configured one added. Cached per source
# version and config.
file(REAL_PATH "${_s}" _s_real)
get_filename_component(_s_version "${_s_real}" NAME)
set(_s_gen_dir "${CMAKE_BINARY_DIR}/_deps/${_s_version}-gen-${_s_blocks}x${_s_teeth}")
set(_s_gen_table "${_s_gen_dir}/src/precomputed_ecmult_gen.c")
if(NOT EXISTS "${_s_gen_table}")
  find_program(ISOLATED_CRYPTO_HOST_CC NAMES cc gcc clang-19 REQUIRED)
  file(MAKE_DIRECTORY "${_s_gen_dir}/src")
  execute_process(
    COMMAND "${ISOLATED_CRYPTO_HOST_CC}" -O2 -w -I "${_s}/src" -DCOMB_BLOCKS=${_s_blocks}
      -DCOMB_TEETH=${_s_teeth} "${_s}/src/precompute_ecmult_gen.c" -o "${_s_gen_dir}/precompute_ecmult_gen"
    RESULT_VARIABLE _s_rc)
  if(_s_rc EQUAL 0)
    execute_process(COMMAND "${_s_gen_dir}/precompute_ecmult_gen" WORKING_DIRECTORY "${_s_gen_dir}"
      RESULT_VARIABLE _s_rc)
  endif()
  if(NOT _s_rc EQUAL 0)
    file(REMOVE "${_s_gen_table}")
    message(FATAL_ERROR "WasmDeps: cannot generate the libsecp256k1 signing table "
      "(COMB_BLOCKS=${_s_blocks}, COMB_TEETH=${_s_teeth}): ${_s_rc}")
  endif()
endif()
add_library(wasm_deps_secp256k1 STATIC
  "${_s}/src/secp256k1.c" "${_s}/src/precomputed_ecmult.c" "${_s_gen_table}")
# The generated table includes headers from the library's src/.
set_source_files_properties("${_s_gen_table}" PROPERTIES INCLUDE_DIRECTORIES "${_s}/src")
target_compile_definitions(wasm_deps_secp256k1 PRIVATE
  ENABLE_MODULE_RECOVERY=1 ENABLE_MODULE_ECDH=1 ENABLE_MODULE_EXTRAKEYS=1
  ENABLE_MODULE_SCHNORRSIG=1 ECMULT_WINDOW_SIZE=${ISOLATED_CRYPTO_SECP256K1_ECMULT_WINDOW_SIZE}
  COMB_BLOCKS=${_s_blocks} COMB_TEETH=${_s_teeth}
  # The default callbacks print with fprintf: adapters/wit/runtime/wasm_runtime.c traps instead.
  USE_EXTERNAL_DEFAULT_CALLBACKS=1
  # __int128 lowers to compiler-rt calls on wasm32; 64-bit wide multiplication is ~2x faster.
  USE_FORCE_WIDEMUL_INT64=1)
target_include_directories(wasm_deps_secp256k1 SYSTEM PUBLIC "${_s}/include")
target_compile_options(wasm_deps_secp256k1 PRIVATE ${_wd_quiet})
add_library(wasm_deps::secp256k1 ALIAS wasm_deps_secp256k1)

# ---- Crypto++ --------------------------------------------------------------------------
set(_c "${_wd_src}/cryptopp")
# wasm libc++ has no threads: keep Crypto++ away from std::mutex (TOOLCHAIN.md). One-line,
# idempotent edit of the unpacked copy; the header then says the same to every user.
set(_c_cfg "${_c}/config_cxx.h")
file(READ "${_c_cfg}" _c_text)
string(REPLACE "#  define CRYPTOPP_CXX11_SYNCHRONIZATION 1"
  "#  if !defined(__wasi__) /* isolated-crypto: no threads in wasm libc++ */\n#   define CRYPTOPP_CXX11_SYNCHRONIZATION 1\n#  endif"
  _c_new "${_c_text}")
if(NOT _c_new STREQUAL _c_text)
  file(WRITE "${_c_cfg}" "${_c_new}")
elseif(NOT _c_text MATCHES "isolated-crypto: no threads")
  message(FATAL_ERROR "WasmDeps: cannot find CRYPTOPP_CXX11_SYNCHRONIZATION in ${_c_cfg}")
endif()
# <cryptopp/sha.h>: a directory holding a link named cryptopp to the unpacked sources.
set(_c_inc "${CMAKE_BINARY_DIR}/_deps/cryptopp-include")
file(MAKE_DIRECTORY "${_c_inc}")
file(CREATE_LINK "${_c}" "${_c_inc}/cryptopp" SYMBOLIC)

# Hashes/KDF: cryptlib sha keccak keccak_core hmac misc algparam allocate iterhash hrtimer
# fips140. Curve (Integer, ModularArithmetic, ECP, DL_GroupParameters_EC<ECP>, ECDSA):
# integer nbtheory ecp asn basecode queue filters mqueue pubkey gfpcrypt hex randpool modes,
# and ec2n gf2n for the EC2N instantiations. This is the set a test using all of the above
# pulled from the archive. Left out: cpu.cpp (needs signals/setjmp), dll.cpp (needs <fstream>;
# replaced by adapters/wit/runtime/cryptopp_instances.cpp), osrng.cpp (no OS RNG needed).
set(_c_names cryptlib sha keccak keccak_core hmac misc algparam allocate iterhash hrtimer fips140
  integer nbtheory ecp asn basecode queue filters mqueue pubkey gfpcrypt hex randpool modes
  ec2n gf2n ripemd)
list(TRANSFORM _c_names PREPEND "${_c}/")
list(TRANSFORM _c_names APPEND ".cpp")
add_library(wasm_deps_cryptopp STATIC ${_c_names} "${_wd_root}/adapters/wit/runtime/cryptopp_instances.cpp")
target_include_directories(wasm_deps_cryptopp SYSTEM PUBLIC "${_c_inc}")
# Layout-relevant configuration must match in users: PUBLIC.
target_compile_definitions(wasm_deps_cryptopp PUBLIC CRYPTOPP_DISABLE_ASM
  PRIVATE _WASI_EMULATED_PROCESS_CLOCKS)
# Crypto++ headers throw and use typeid: every TU that includes them needs -fexceptions
# -frtti (no wasm EH: a throw calls __cxa_throw, which traps; see wasm_runtime.c).
target_compile_options(wasm_deps_cryptopp
  PUBLIC "$<$<COMPILE_LANGUAGE:CXX>:-fexceptions;-frtti>" PRIVATE ${_wd_quiet})
target_link_libraries(wasm_deps_cryptopp INTERFACE wasi-emulated-process-clocks)
add_library(wasm_deps::cryptopp ALIAS wasm_deps_cryptopp)

# ---- runtime shims ------------------------------------------------------------------------
# An object library, so its symbols are present even though compiler-rt (linked last)
# is the one that references them.
add_library(wasm_deps_runtime OBJECT "${_wd_root}/adapters/wit/runtime/wasm_runtime.c"
  "${_wd_root}/adapters/wit/runtime/verbose_abort.cpp")
add_library(wasm_deps::runtime ALIAS wasm_deps_runtime)
