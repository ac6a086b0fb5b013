// mnemonic<E>: a validated BIP39 mnemonic behind a handle.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "bip39.hpp"
#include "concepts.hpp"
#include "detail/handle_base.hpp"
#include "error.hpp"
#include "seed.hpp"

namespace isolated_crypto {

template <engine E>
class mnemonic : public detail::handle_base<typename E::mnemonic_state> {
  using base = detail::handle_base<typename E::mnemonic_state>;

 public:
  using engine_type = E;

  /// Parses and validates a mnemonic: NFKD, words split on any run of spaces/tabs/newlines
  /// (leading and trailing ones ignored; U+3000 becomes a space under NFKD), 12/15/18/21/24
  /// words, all from one official wordlist (`lang`, or detected), checksum.
  /// Errors: mnemonic_too_long (more than bip39::max_mnemonic_bytes; checked before any
  /// other work), invalid_utf8, invalid_word_count, unknown_word (position only, never the
  /// word), mixed_languages, invalid_checksum.
  /// Secrets: the phrase is secret; all temporaries are wiped; errors carry no text.
  /// Constant-time: splitting, word lookup, joining and checksum yes (bip39::validate); NFKD no
  /// (per code point tables); the language that matched is public (it is returned).
  [[nodiscard]] static result<mnemonic> parse(std::string_view phrase,
                                              std::optional<bip39::language> lang = std::nullopt) {
    if (phrase.size() > bip39::max_mnemonic_bytes) return errc::mnemonic_too_long;
    auto normalised = E::nfkd(phrase);
    if (!normalised) return normalised.err();
    auto v = bip39::validate(normalised->view(detail::secret_access{}), lang, [](std::span<const std::byte> b) {
      return E::hash(digest_algorithm::sha256, b);
    });
    if (!v) return v.err();
    const bip39::language detected = v->lang;
    const std::uint8_t words = v->words;
    return mnemonic(E::import_mnemonic(std::move(v->sentence)), detected, words);
  }

  /// BIP39 seed: PBKDF2-HMAC-SHA512(NFKD(mnemonic), "mnemonic" + NFKD(passphrase), 2048).
  /// Errors: invalid_utf8 (passphrase). Secrets: passphrase and intermediate states wiped.
  /// Constant-time: PBKDF2 yes; NFKD of the passphrase no.
  [[nodiscard]] result<seed<E>> to_seed(std::string_view passphrase = {}) const {
    auto s = E::to_seed(this->state(), passphrase);
    if (!s) return s.err();
    return seed<E>(std::move(*s));
  }

  [[nodiscard]] bip39::language language() const noexcept { return lang_; }
  [[nodiscard]] std::size_t word_count() const noexcept { return words_; }

 private:
  mnemonic(typename E::mnemonic_state&& s, bip39::language lang, std::uint8_t words) noexcept
      : base(std::move(s)), lang_(lang), words_(words) {}
  bip39::language lang_;
  std::uint8_t words_;
};

}  // namespace isolated_crypto
