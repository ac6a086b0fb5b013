// The engines every engine-behaviour test runs against (TEST_CASE_TEMPLATE lists).
#pragma once

#include <isolated_crypto/engine/libsecp256k1.hpp>
#if __has_include(<isolated_crypto/engine/cryptopp.hpp>)
#include <isolated_crypto/engine/cryptopp.hpp>
#define IC_TEST_HAVE_CRYPTOPP 1
#endif
#if __has_include(<isolated_crypto/engine/portable.hpp>)
#define ISOLATED_CRYPTO_I_ACCEPT_VARIABLE_TIME 1
#include <isolated_crypto/engine/portable.hpp>
#define IC_TEST_HAVE_PORTABLE 1
#endif

namespace ic_test {
using default_engine = isolated_crypto::engines::libsecp256k1;
}  // namespace ic_test

// Comma-separated list for TEST_CASE_TEMPLATE.
#if defined(IC_TEST_HAVE_CRYPTOPP) && defined(IC_TEST_HAVE_PORTABLE)
#define IC_ALL_ENGINES \
  isolated_crypto::engines::libsecp256k1, isolated_crypto::engines::cryptopp, isolated_crypto::engines::portable
#elif defined(IC_TEST_HAVE_CRYPTOPP)
#define IC_ALL_ENGINES isolated_crypto::engines::libsecp256k1, isolated_crypto::engines::cryptopp
#else
#define IC_ALL_ENGINES isolated_crypto::engines::libsecp256k1
#endif
