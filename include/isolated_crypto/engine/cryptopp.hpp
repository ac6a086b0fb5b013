// The Crypto++ engine: Crypto++ for the curve (ECP) and the hashes, utf8proc for NFKD.
// An independent second implementation of the curve arithmetic. Constant-time: NO (Crypto++
// Integer arithmetic is variable-time; see cryptopp_curve.hpp). Produces byte-identical
// results to engines::libsecp256k1 (checked by tests/unit/differential.cpp).
#pragma once

#include "../software_engine.hpp"
#include "cryptopp_curve.hpp"
#include "cryptopp_hashes.hpp"
#include "utf8proc_unicode.hpp"

namespace isolated_crypto::engines {

using cryptopp = software_engine<cryptopp_hashes, cryptopp_curve, utf8proc_unicode>;

}  // namespace isolated_crypto::engines
