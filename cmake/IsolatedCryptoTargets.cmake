# Library targets, install rules and the CMake package config.
#   isolated_crypto::isolated_crypto   core headers (no third-party dependency)
#   isolated_crypto::libsecp256k1      default engine: libsecp256k1 + Crypto++ (+ OpenSSL SHA-512)
#   isolated_crypto::cryptopp          Crypto++ engine (curve and hashes)        [if present]
#   isolated_crypto::portable          Boost.Multiprecision engine (variable-time) [if present]
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
find_package(PkgConfig REQUIRED)
include(IsolatedCryptoDeps)

add_library(isolated_crypto INTERFACE)
add_library(isolated_crypto::isolated_crypto ALIAS isolated_crypto)
target_compile_features(isolated_crypto INTERFACE cxx_std_20)
target_include_directories(isolated_crypto INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)

set(_ic_engines libsecp256k1)
add_library(isolated_crypto_libsecp256k1 INTERFACE)
target_link_libraries(isolated_crypto_libsecp256k1 INTERFACE
  isolated_crypto ic_deps::secp256k1 ic_deps::cryptopp ic_deps::openssl)

foreach(_engine cryptopp portable)
  if(EXISTS "${PROJECT_SOURCE_DIR}/include/isolated_crypto/engine/${_engine}.hpp")
    list(APPEND _ic_engines ${_engine})
    add_library(isolated_crypto_${_engine} INTERFACE)
  endif()
endforeach()
if(TARGET isolated_crypto_cryptopp)
  target_link_libraries(isolated_crypto_cryptopp INTERFACE isolated_crypto ic_deps::cryptopp)
endif()
if(TARGET isolated_crypto_portable)
  target_link_libraries(isolated_crypto_portable INTERFACE isolated_crypto ic_deps::cryptopp ic_deps::boost)
endif()

foreach(_engine IN LISTS _ic_engines)
  set_target_properties(isolated_crypto_${_engine} PROPERTIES EXPORT_NAME ${_engine})
  add_library(isolated_crypto::${_engine} ALIAS isolated_crypto_${_engine})
endforeach()
set(ISOLATED_CRYPTO_ENGINES ${_ic_engines} CACHE INTERNAL "engines built")

# ---- install + package config ----
set(_ic_targets isolated_crypto)
foreach(_engine IN LISTS _ic_engines)
  list(APPEND _ic_targets isolated_crypto_${_engine})
endforeach()
install(TARGETS ${_ic_targets} EXPORT isolated_crypto_targets)
install(DIRECTORY include/isolated_crypto DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT isolated_crypto_targets NAMESPACE isolated_crypto::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/isolated_crypto)
install(FILES cmake/IsolatedCryptoDeps.cmake DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/isolated_crypto)
configure_package_config_file(cmake/isolated_cryptoConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/isolated_cryptoConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/isolated_crypto)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/isolated_cryptoConfigVersion.cmake
  COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/isolated_cryptoConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/isolated_cryptoConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/isolated_crypto)

# Warnings for our own test/bench/example targets.
function(isolated_crypto_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
  if(ISOLATED_CRYPTO_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
