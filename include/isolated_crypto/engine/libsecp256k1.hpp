// The default engine: libsecp256k1 for the curve, Crypto++ for hashes, utf8proc for NFKD.
#pragma once

#include "../software_engine.hpp"
#include "cryptopp_hashes.hpp"
#include "libsecp256k1_curve.hpp"
#include "utf8proc_unicode.hpp"

namespace isolated_crypto::engines {

using libsecp256k1 = software_engine<cryptopp_hashes, libsecp256k1_curve, utf8proc_unicode>;

}  // namespace isolated_crypto::engines
