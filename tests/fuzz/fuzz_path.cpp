// bip32::parse_path + node.derive_path on a fixed master (the zoo...vote mnemonic).
#include "common.hpp"
using namespace fz;
namespace {
const ic::node<E>& master() {
  static const ic::node<E> m = [] {
    auto mn = ic::mnemonic<E>::parse(
        "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote");
    return std::move(*mn->to_seed()->to_master_key());
  }();
  return m;
}
}  // namespace
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  if (n > 256) return 0;
  const auto s = text(d, n);
  auto p = ic::bip32::parse_path(s);
  if (!p) return 0;
  // Round trip: format(parse(s)) parses to the same indices.
  auto again = ic::bip32::parse_path(ic::bip32::format_path(p->indices, p->absolute || p->indices.empty()));
  if (!again || again->indices != p->indices) __builtin_trap();
  if (p->indices.size() > 8) return 0;  // derivation cost bound
  auto child = master().derive_path(s);
  if (child) keep(child->public_key());
  return 0;
}
