// The default engine: libsecp256k1 for the curve, Crypto++ for hashes, the SDK's NFKD tables.
// Natively, SHA-512 compression comes from OpenSSL (faster; see openssl_sha512.hpp);
// define ISOLATED_CRYPTO_NO_OPENSSL to use Crypto++'s. The wasm build never uses OpenSSL.
#pragma once

#include "../software_engine.hpp"
#include "cryptopp_hashes.hpp"
#include "libsecp256k1_curve.hpp"
#include "builtin_unicode.hpp"

#if !defined(__wasm__) && !defined(ISOLATED_CRYPTO_NO_OPENSSL) && __has_include(<openssl/sha.h>)
#include "openssl_sha512.hpp"
#define ISOLATED_CRYPTO_DEFAULT_HASHES ::isolated_crypto::engines::cryptopp_openssl_hashes
#else
#define ISOLATED_CRYPTO_DEFAULT_HASHES ::isolated_crypto::engines::cryptopp_hashes
#endif

namespace isolated_crypto::engines {

/// The hash backend every software engine uses by default.
using default_hashes = ISOLATED_CRYPTO_DEFAULT_HASHES;

using libsecp256k1 = software_engine<default_hashes, libsecp256k1_curve, builtin_unicode>;

}  // namespace isolated_crypto::engines
