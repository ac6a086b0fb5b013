// ethereum::rlp::decode and the transaction decoders. Properties: whatever the strict
// decoder accepts re-encodes to the same bytes (one meaning per input), and a decoded
// unsigned transaction re-encodes to its input.
#include "common.hpp"
using namespace fz;
namespace eth = ic::ethereum;
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  if (n > 4096) return 0;
  const auto in = bytes(d, n);
  auto item = eth::rlp::decode(in);
  if (item) {
    eth::rlp::bytes again;
    eth::rlp::append_item(again, *item);
    if (again.size() != n || !std::equal(again.begin(), again.end(), in.begin())) __builtin_trap();
  }
  auto tx = eth::parse_unsigned_transaction(in);
  if (tx) {
    const auto payload = eth::unsigned_payload(*tx);
    if (payload.size() != n || !std::equal(payload.begin(), payload.end(), in.begin())) __builtin_trap();
  }
  auto signed_tx = eth::parse_signed_transaction<E>(in);
  if (signed_tx && (signed_tx->signed_tx.signature.recid.x_reduced || signed_tx->signed_tx.raw.size() != n)) __builtin_trap();
  keep(signed_tx.code());
  return 0;
}
