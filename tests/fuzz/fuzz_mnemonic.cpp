// mnemonic<E>::parse on arbitrary bytes (NFKD, split, lookup, checksum; any language).
#include "common.hpp"
using namespace fz;
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  if (n > 4096) return 0;
  // First byte picks the language hint (or none); the rest is the phrase.
  std::optional<ic::bip39::language> lang;
  if (n > 0 && d[0] < 10) lang = static_cast<ic::bip39::language>(d[0]);
  auto m = ic::mnemonic<E>::parse(text(d + (n > 0 ? 1 : 0), n > 0 ? n - 1 : 0), lang);
  if (m) {
    keep(m->word_count());
    if (m->word_count() < 12 || m->word_count() > 24) __builtin_trap();
  } else {
    keep(m.code());
  }
  return 0;
}
