// ethereum::json::parse and eip712::hash_typed_data on arbitrary text. Properties: no
// crash or sanitizer report; an accepted document's preimage is 0x1901 ‖ 32 [‖ 32] bytes
// and classifies back to the same parts; a rejection carries a code.
#include "common.hpp"
using namespace fz;
namespace eth = ic::ethereum;
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  if (n > 8192) return 0;
  auto h = eth::eip712::hash_typed_data<E>(text(d, n));
  if (h) {
    auto parts = eth::eip712::parse_preimage(h->preimage);
    if (!parts || parts->domain_separator != h->domain_separator || parts->struct_hash != h->struct_hash) __builtin_trap();
  } else if (h.code() == ic::errc::ok) {
    __builtin_trap();
  }
  auto tx = eth::transaction_from_json<E>(text(d, n));
  if (tx) keep(eth::unsigned_payload(tx->tx));
  return 0;
}
