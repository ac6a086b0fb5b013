// BIP39 mnemonic validation: word split, constant-time word lookup, checksum.
// Engine-independent; hashing and NFKD come from the engine.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "bip39/wordlists/all.hpp"
#include "error.hpp"
#include "secret.hpp"
#include "types.hpp"

namespace isolated_crypto::bip39 {

using wordlists::language;

/// Result of validating a mnemonic: its canonical sentence (NFKD words joined by one
/// ASCII space), the language whose list holds every word, and the word count.
struct validated_mnemonic {
  secret_string sentence;
  language lang = language::english;
  std::uint8_t words = 0;
};

namespace detail {

inline bool is_separator(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

inline constexpr std::size_t max_words = 24;

/// Word spans in the normalised text. Positions are public (they follow from spacing).
struct word_spans {
  std::array<std::string_view, max_words> words{};
  std::size_t count = 0;  ///< may exceed max_words (then only the count is meaningful)
};

inline word_spans split_words(std::string_view text) noexcept {
  word_spans out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_separator(text[i])) ++i;
    if (i == text.size()) break;
    const std::size_t start = i;
    while (i < text.size() && !is_separator(text[i])) ++i;
    if (out.count < max_words) out.words[out.count] = text.substr(start, i - start);
    ++out.count;
  }
  return out;
}

/// Index of `word` in `list`, or -1. Constant-time in the word's bytes: every entry of
/// the list is compared over the whole stride; no branch or memory index depends on the
/// word's contents (only on its length's bound: longer than the stride = not found).
inline std::int32_t find_word_ct(const wordlists::wordlist_view& list, std::string_view word) noexcept {
  const std::size_t limbs = list.word_stride / 8;
  if (word.size() > list.word_stride) return -1;  // length is public: it follows from spacing
  std::array<std::uint64_t, 6> w{};                 // stride ≤ 48 bytes for every official list
  for (std::size_t i = 0; i < word.size(); ++i) {
    w[i / 8] |= static_cast<std::uint64_t>(static_cast<unsigned char>(word[i])) << (8 * (i % 8));
  }
  const auto len = static_cast<std::uint64_t>(word.size());
  std::uint32_t found = 0;  // index + 1 of the match, 0 if none
  for (std::uint32_t idx = 0; idx < 2048; ++idx) {
    const std::uint64_t* entry = list.packed + static_cast<std::size_t>(idx) * limbs;
    std::uint64_t diff = static_cast<std::uint64_t>(list.lengths[idx]) ^ len;
    for (std::size_t l = 0; l < limbs; ++l) diff |= entry[l] ^ w[l];
    // mask = all ones iff diff == 0
    const std::uint64_t mask = ((diff | (0 - diff)) >> 63) - 1;
    found |= static_cast<std::uint32_t>(mask) & (idx + 1);
  }
  secure_wipe(w.data(), sizeof(w));
  return static_cast<std::int32_t>(found) - 1;
}

inline bool valid_word_count(std::size_t n) noexcept { return n >= 12 && n <= 24 && n % 3 == 0; }

}  // namespace detail

/// Validates an NFKD-normalised mnemonic. `sha256` hashes the entropy for the checksum.
/// Errors: invalid_word_count; unknown_word (position = first unknown word, 1-based, in the
/// language that knows most words); mixed_languages; invalid_checksum.
/// Constant-time: word lookup and checksum yes; which language is tried first and when
/// the search stops depends on the language (not on the words within it).
template <class Sha256>
result<validated_mnemonic> validate(std::string_view normalised, std::optional<language> only, Sha256&& sha256) {
  const detail::word_spans spans = detail::split_words(normalised);
  if (!detail::valid_word_count(spans.count)) return errc::invalid_word_count;
  const std::size_t n = spans.count;

  std::array<std::int32_t, detail::max_words> idx{};
  std::array<std::uint32_t, detail::max_words> known_anywhere{};
  std::size_t best_known = 0;
  std::uint32_t best_first_unknown = 1;
  bool checksum_failed = false;

  for (language lang : wordlists::all_languages) {
    if (only && *only != lang) continue;
    const wordlists::wordlist_view list = wordlists::get(lang);
    std::size_t known = 0;
    std::uint32_t first_unknown = 0;
    for (std::size_t i = 0; i < n; ++i) {
      idx[i] = detail::find_word_ct(list, spans.words[i]);
      const bool ok = idx[i] >= 0;
      known += ok ? 1 : 0;
      known_anywhere[i] |= ok ? 1U : 0U;
      if (!ok && first_unknown == 0) first_unknown = static_cast<std::uint32_t>(i + 1);
    }
    if (known != n) {
      if (known > best_known) {
        best_known = known;
        best_first_unknown = first_unknown;
      }
      continue;
    }
    // Every word is known: rebuild entropy || checksum (11 bits per word).
    std::array<std::byte, 33> bits{};
    std::size_t bitpos = 0;
    for (std::size_t i = 0; i < n; ++i) {
      for (int b = 10; b >= 0; --b, ++bitpos) {
        const auto bit = static_cast<unsigned>((idx[i] >> b) & 1);
        bits[bitpos / 8] |= std::byte(bit << (7 - bitpos % 8));
      }
    }
    const std::size_t checksum_bits = n / 3;      // CS = ENT / 32, ENT + CS = 11·n
    const std::size_t entropy_bytes = n * 4 / 3;  // ENT / 8
    const std::array<std::byte, 32> h = sha256(std::span<const std::byte>(bits.data(), entropy_bytes));
    const auto expected = static_cast<unsigned>(h[0]) >> (8 - checksum_bits);
    const auto actual = static_cast<unsigned>(bits[entropy_bytes]) >> (8 - checksum_bits);
    secure_wipe(bits.data(), bits.size());
    secure_wipe(idx.data(), sizeof(idx));
    if (expected != actual) {
      checksum_failed = true;
      continue;  // a sentence valid in two lists (Chinese) may pass in the other one
    }
    validated_mnemonic v;
    v.sentence.reserve(normalised.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (i != 0) v.sentence.push_back(' ');
      v.sentence.append(spans.words[i]);
    }
    v.lang = lang;
    v.words = static_cast<std::uint8_t>(n);
    return v;
  }
  secure_wipe(idx.data(), sizeof(idx));
  if (checksum_failed) return errc::invalid_checksum;
  bool all_known = true;
  for (std::size_t i = 0; i < n; ++i) all_known = all_known && known_anywhere[i] != 0;
  if (all_known && !only) return errc::mixed_languages;
  return error{errc::unknown_word, best_first_unknown};
}

}  // namespace isolated_crypto::bip39
