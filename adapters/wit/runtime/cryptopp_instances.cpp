// Explicit template instantiations for wasm_deps::cryptopp.
// Crypto++ headers declare e.g. DL_GroupParameters_EC<ECP>, AbstractRing<Integer> and
// DL_FixedBasePrecomputationImpl<ECP::Point> as `extern template`; the upstream library
// instantiates them in dll.cpp, which needs <fstream> (absent from wasm libc++). Defining
// CRYPTOPP_MANUALLY_INSTANTIATE_TEMPLATES before the first Crypto++ header turns those
// declarations into instantiations here (EC2N ones included, hence ec2n.cpp/gf2n.cpp).
#define CRYPTOPP_MANUALLY_INSTANTIATE_TEMPLATES
#include <cryptopp/eccrypto.h>
#include <cryptopp/dsa.h>
