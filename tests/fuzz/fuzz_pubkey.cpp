// secp256k1::parse_public_key (SEC1 33/65 bytes) and compact signature parsing.
#include "common.hpp"
using namespace fz;
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  if (n > 128) return 0;
  auto p = ic::secp256k1::parse_public_key<E>(bytes(d, n));
  if (p) keep(ic::ethereum::address_of<E>(*p));
  keep(ic::secp256k1::parse_compact(bytes(d, n)).code());
  return 0;
}
