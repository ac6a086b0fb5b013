// hex decode, base58 decode and decode_check (with encode round trips).
#include "common.hpp"
using namespace fz;
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  if (n > 1024) return 0;
  const auto s = text(d, n);
  auto sha = [](std::span<const std::byte> b) { return E::hash(ic::digest_algorithm::sha256, b); };
  if (auto h = ic::hex::decode(s)) {
    if (h->size() * 2 != ic::hex::detail::strip_prefix(s).size()) __builtin_trap();
    auto re = ic::hex::decode(ic::hex::encode(*h));
    if (!re || *re != *h) __builtin_trap();
  }
  keep(ic::hex::decode_fixed<32>(s).code());
  if (auto b = ic::base58::decode(s)) {
    if (ic::base58::encode(*b) != s) __builtin_trap();  // base58 is canonical
  }
  if (auto c = ic::base58::decode_check(s, sha)) {
    if (ic::base58::encode_check(*c, sha) != s) __builtin_trap();
  }
  // Also encode arbitrary bytes and decode them back.
  auto enc = ic::base58::encode(bytes(d, n));
  auto dec = ic::base58::decode(enc);
  if (!dec || dec->size() != n || (n != 0 && std::memcmp(dec->data(), d, n) != 0)) __builtin_trap();
  return 0;
}
