# Builds WebAssembly components from C/C++ sources (wasm preset only).
#
#   isolated_crypto_add_component(NAME <name> SOURCES <src>... WIT_DIR <dir> WORLD <world>
#                                 [LIBS <target>...] [STACK_SIZE <bytes>])
#
# 1. core module <name>_core: a wasm32-wasi reactor linked with -fvisibility=hidden and
#    -Wl,--gc-sections, so its exports are exactly the functions the sources mark with
#    __attribute__((export_name(...))) (canonical-ABI names, cabi_realloc, cabi_post_*);
#    its shadow stack (STACK_SIZE bytes, default 64 KiB) lies below the static data
#    (--stack-first), so an overflow runs below address 0 and traps instead of silently
#    overwriting data (the toolchain's default puts the stack above the data);
# 2. target <name>_component (in ALL): adapters/wit/tools/componentize.mjs embeds world
#    <world> of <dir> and adapts WASI preview1 -> ${CMAKE_BINARY_DIR}/components/<name>.wasm.
# The Node tooling (pinned jco) is installed once with `npm ci` in adapters/wit/host.
include_guard(GLOBAL)

get_filename_component(_wc_wit_root "${CMAKE_CURRENT_LIST_DIR}/../adapters/wit" ABSOLUTE)
# Global (cache) so isolated_crypto_add_component() works from any directory.
set(_wc_host "${_wc_wit_root}/host" CACHE INTERNAL "")
set(_wc_componentize "${_wc_wit_root}/tools/componentize.mjs" CACHE INTERNAL "")
# WASI preview1 -> 0.2.0 reactor adapter (scripts/setup-wasm-tools.sh: wasmtime 24's, so the
# components import wasi:*@0.2.0 as the prototype's do).
get_filename_component(_wc_repo "${_wc_wit_root}/../.." ABSOLUTE)
set(ISOLATED_CRYPTO_WASI_ADAPTER "${_wc_repo}/build/tools/wasi-0.2.0/adapter.wasm" CACHE FILEPATH
  "WASI preview1 reactor adapter importing WASI 0.2.0")
if(NOT EXISTS "${ISOLATED_CRYPTO_WASI_ADAPTER}")
  message(FATAL_ERROR "WASI adapter ${ISOLATED_CRYPTO_WASI_ADAPTER} not found: run scripts/setup.sh --wasm")
endif()
find_program(ISOLATED_CRYPTO_NODE node REQUIRED)
find_program(ISOLATED_CRYPTO_NPM npm REQUIRED)

# npm ci, only when node_modules is missing or older than the lockfile (npm writes
# node_modules/.package-lock.json at the end of every install).
set(_wc_npm_stamp "${CMAKE_BINARY_DIR}/host-npm-ci.stamp" CACHE INTERNAL "")
add_custom_command(
  OUTPUT "${_wc_npm_stamp}"
  COMMAND sh -c "if [ node_modules/.package-lock.json -nt package-lock.json ]; then echo 'wit host: node_modules up to date'; else echo 'wit host: npm ci (pinned jco, preview2-shim)' && '${ISOLATED_CRYPTO_NPM}' ci --no-audit --no-fund --loglevel=error; fi"
  # The demo world's WASI 0.2.0 WIT comes from build/tools (copied, git-ignored).
  COMMAND "${ISOLATED_CRYPTO_NODE}" "${_wc_wit_root}/wit/sync-wasi-deps.mjs"
  COMMAND "${CMAKE_COMMAND}" -E touch "${_wc_npm_stamp}"
  DEPENDS "${_wc_host}/package.json" "${_wc_host}/package-lock.json"
          "${_wc_wit_root}/wit/sync-wasi-deps.mjs" "${_wc_wit_root}/wit/demo/demo.wit"
  WORKING_DIRECTORY "${_wc_host}"
  COMMENT "Installing component tooling in adapters/wit/host"
  VERBATIM)
add_custom_target(isolated_crypto_wit_host DEPENDS "${_wc_npm_stamp}")

function(isolated_crypto_add_component)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;WIT_DIR;WORLD;STACK_SIZE" "SOURCES;LIBS")
  foreach(req NAME SOURCES WIT_DIR WORLD)
    if(NOT arg_${req})
      message(FATAL_ERROR "isolated_crypto_add_component: ${req} is required")
    endif()
  endforeach()
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "isolated_crypto_add_component: unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  get_filename_component(wit_dir "${arg_WIT_DIR}" ABSOLUTE)
  # 64 KiB, the toolchain's default: the engine and providers do not recurse (signing uses a
  # few KiB); components that parse nested JSON pass more.
  if(NOT arg_STACK_SIZE)
    set(arg_STACK_SIZE 65536)
  endif()

  set(core ${arg_NAME}_core)
  add_executable(${core} ${arg_SOURCES})
  target_link_libraries(${core} PRIVATE ${arg_LIBS} wasm_deps::runtime)
  # --strip-all drops the name section (~1 MB of template names) and DWARF.
  # The linker map (core/<name>.map) feeds the size breakdown of scripts/wasm_sizes.mjs.
  target_link_options(${core} PRIVATE -Wl,--gc-sections -Wl,--strip-all
    -Wl,--stack-first "-Wl,-z,stack-size=${arg_STACK_SIZE}"
    "-Wl,-Map=${CMAKE_BINARY_DIR}/core/${arg_NAME}.map")
  set_target_properties(${core} PROPERTIES
    OUTPUT_NAME ${arg_NAME}.core
    RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/core"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)

  set(out "${CMAKE_BINARY_DIR}/components/${arg_NAME}.wasm")
  file(GLOB_RECURSE wit_files FOLLOW_SYMLINKS CONFIGURE_DEPENDS "${wit_dir}/*.wit")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND "${ISOLATED_CRYPTO_NODE}" "${_wc_componentize}" --core "$<TARGET_FILE:${core}>"
            --wit "${wit_dir}" --world "${arg_WORLD}" -o "${out}" --host "${_wc_host}"
            --adapter "${ISOLATED_CRYPTO_WASI_ADAPTER}"
    DEPENDS ${core} "${_wc_componentize}" "${_wc_npm_stamp}" "${ISOLATED_CRYPTO_WASI_ADAPTER}" ${wit_files}
    COMMENT "Component ${arg_NAME} (world ${arg_WORLD})"
    VERBATIM)
  add_custom_target(${arg_NAME}_component ALL DEPENDS "${out}")
  # The npm ci rule lives in adapters/wit; order it explicitly for callers in other directories.
  add_dependencies(${arg_NAME}_component isolated_crypto_wit_host)
endfunction()
