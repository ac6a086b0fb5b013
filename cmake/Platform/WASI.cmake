# Platform file for CMAKE_SYSTEM_NAME WASI (CMake 3.25 ships none; found through the
# CMAKE_MODULE_PATH set in cmake/wasm32-wasi.cmake). Static libraries only; modules end in .wasm.
set(WASI 1)
set(CMAKE_EXECUTABLE_SUFFIX ".wasm")
set_property(GLOBAL PROPERTY TARGET_SUPPORTS_SHARED_LIBS FALSE)
