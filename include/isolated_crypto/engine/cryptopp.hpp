// The Crypto++ engine: Crypto++ for the curve (ECP) and the hashes, the SDK's NFKD tables.
// An independent second implementation of the curve arithmetic. Constant-time: NO (Crypto++
// Integer arithmetic is variable-time; see cryptopp_curve.hpp). Produces byte-identical
// results to engines::libsecp256k1 (checked by tests/unit/differential.cpp).
#pragma once

#include "../software_engine.hpp"
#include "cryptopp_curve.hpp"
#include "cryptopp_hashes.hpp"
#include "builtin_unicode.hpp"

namespace isolated_crypto::engines {

using cryptopp = software_engine<cryptopp_hashes, cryptopp_curve, builtin_unicode>;

}  // namespace isolated_crypto::engines
