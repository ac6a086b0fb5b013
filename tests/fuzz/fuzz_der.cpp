// der::parse_signature (strict DER) with re-encoding of what it accepts.
#include "common.hpp"
using namespace fz;
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  if (n > 256) return 0;
  auto sig = ic::der::parse_signature(bytes(d, n));
  if (!sig) return 0;
  const auto enc = ic::der::encode_signature(*sig);
  auto again = ic::der::parse_signature(enc.view());
  if (!again || again->r != sig->r || again->s != sig->s) __builtin_trap();
  return 0;
}
