// The default engine: libsecp256k1 for the curve, Crypto++ for hashes, the SDK's NFKD tables.
// SHA-512 compression (BIP39's PBKDF2 is 4,096 of them): natively OpenSSL's (faster; see
// openssl_sha512.hpp), or Crypto++'s with ISOLATED_CRYPTO_NO_OPENSSL; in wasm the SDK's own
// (builtin_sha512.hpp: written for wasm, where Crypto++ has only its portable code).
#pragma once

#include "../software_engine.hpp"
#include "cryptopp_hashes.hpp"
#include "libsecp256k1_curve.hpp"
#include "builtin_unicode.hpp"

#if defined(__wasm__)
#include "builtin_sha512.hpp"
#define ISOLATED_CRYPTO_DEFAULT_HASHES ::isolated_crypto::engines::cryptopp_builtin_sha512_hashes
#elif !defined(ISOLATED_CRYPTO_NO_OPENSSL) && __has_include(<openssl/sha.h>)
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
