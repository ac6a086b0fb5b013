// mnemonic<E>::parse length limit: text longer than bip39::max_mnemonic_bytes is rejected
// before any per-byte work (no NFKD), and the limit admits every valid mnemonic of every
// official list, whitespace included.
#include <cstddef>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include <isolated_crypto/isolated_crypto.hpp>

#include "../support/engines.hpp"
#include "../support/vectors.hpp"

namespace {
namespace ic = isolated_crypto;

/// E with NFKD counted: shows whether parse did any per-byte work.
template <class E>
struct counting_nfkd_engine : E {
  static inline std::size_t nfkd_calls = 0;
  static ic::result<ic::secret_string> nfkd(std::string_view text) {
    ++nfkd_calls;
    return E::nfkd(text);
  }
};

/// Code points of a UTF-8 string (continuation bytes not counted).
std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}
}  // namespace

TEST_CASE("bip39: an 8 MB mnemonic text fails with mnemonic_too_long before NFKD") {
  using E = counting_nfkd_engine<ic_test::default_engine>;
  static_assert(ic::engine<E>);
  const std::string huge(8U << 20, 'a');
  E::nfkd_calls = 0;
  auto m = ic::mnemonic<E>::parse(huge);
  REQUIRE_FALSE(m.has_value());
  CHECK(m.err().code == ic::errc::mnemonic_too_long);
  CHECK(E::nfkd_calls == 0);
  CHECK(ic::describe(m.err()) == "mnemonic text too long (more than 4096 bytes)");
  // One byte over the limit, same outcome; a short invalid text does reach NFKD.
  auto over = ic::mnemonic<E>::parse(std::string(ic::bip39::max_mnemonic_bytes + 1, ' '));
  CHECK(over.err().code == ic::errc::mnemonic_too_long);
  CHECK(E::nfkd_calls == 0);
  auto short_bad = ic::mnemonic<E>::parse("zoo");
  CHECK(short_bad.err().code == ic::errc::invalid_word_count);
  CHECK(E::nfkd_calls == 1);
}

TEST_CASE("bip39: a valid 24-word mnemonic padded with whitespace to exactly the limit still parses") {
  using E = ic_test::default_engine;
  const auto vectors = ic_test::load_json("bip39/trezor-python-mnemonic-vectors.json");
  const std::string words = ic_test::str(vectors["korean"][23][1]);  // 24 Korean words
  std::string padded = " \t" + words;
  padded.append(ic::bip39::max_mnemonic_bytes - padded.size(), ' ');
  REQUIRE(padded.size() == ic::bip39::max_mnemonic_bytes);
  auto m = ic::mnemonic<E>::parse(padded);
  REQUIRE_MESSAGE(m.has_value(), ic::describe(m.err()));
  CHECK(m->word_count() == 24);
  CHECK(ic::mnemonic<E>::parse(padded + " ").err().code == ic::errc::mnemonic_too_long);
}

TEST_CASE("bip39: max_mnemonic_bytes covers 24 of the longest word of every list, 4 bytes per code point") {
  for (const char* lang : {"chinese_simplified", "chinese_traditional", "czech", "english", "french", "italian",
                           "japanese", "korean", "portuguese", "spanish"}) {
    CAPTURE(lang);
    std::ifstream in(std::string(IC_VECTORS_DIR) + "/bip39/wordlist-" + lang + ".txt");
    REQUIRE(in.good());
    std::size_t longest = 0;  // code points; the files are NFKD (checked by the wordlist test)
    for (std::string w; std::getline(in, w);) longest = std::max(longest, code_points(w));
    // 24 words, each spelled with 4-byte code points, 23 single U+3000 separators (3 bytes)
    // and at least 2 KiB of whitespace to spare.
    CHECK(24 * 4 * longest + 23 * 3 + 2048 <= ic::bip39::max_mnemonic_bytes);
  }
}
