// The portable engine: Boost.Multiprecision curve arithmetic (portable_curve), Crypto++
// hashes, the SDK's NFKD tables — the same hashes as the other engines.
//
// VARIABLE-TIME: signing and key derivation leak the key through timing. Not for production
// keys. It is a readable reference implementation of the secp256k1 math, used to
// cross-check the other engines. Including this header is a deliberate choice:
//
//   #define ISOLATED_CRYPTO_I_ACCEPT_VARIABLE_TIME 1
//   #include <isolated_crypto/engine/portable.hpp>
#pragma once

#ifndef ISOLATED_CRYPTO_I_ACCEPT_VARIABLE_TIME
#error "engines::portable is VARIABLE-TIME (timing leaks the key; not for production): define ISOLATED_CRYPTO_I_ACCEPT_VARIABLE_TIME before including <isolated_crypto/engine/portable.hpp> to use it anyway"
#endif

#include "../software_engine.hpp"
#include "cryptopp_hashes.hpp"
#include "portable_curve.hpp"
#include "builtin_unicode.hpp"

namespace isolated_crypto::engines {

/// Variable-time reference engine (see above). `portable::curve::variable_time` is true.
using portable = software_engine<cryptopp_hashes, portable_curve, builtin_unicode>;

}  // namespace isolated_crypto::engines
