// BIP39 mnemonic validation: word split, constant-time word lookup, checksum.
// Engine-independent; hashing and NFKD come from the engine.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "bip39/wordlists/all.hpp"
#include "error.hpp"
#include "secret.hpp"
#include "types.hpp"

namespace isolated_crypto::bip39 {

using wordlists::language;

/// Longest mnemonic text accepted, in bytes (UTF-8, before normalisation). The longest
/// word of any official list is 11 code points after NFKD (Korean); NFKD never shortens
/// a code point count, so any spelling of it is at most 4 × 11 = 44 bytes, and 24 words
/// are at most 1,056 bytes. The rest (3,040 bytes) is room for whitespace. Longer text
/// is rejected before any per-byte work (its length is public).
inline constexpr std::size_t max_mnemonic_bytes = 4096;

/// Result of validating a mnemonic: its canonical sentence (NFKD words joined by one
/// ASCII space), the language whose list holds every word, and the word count.
struct validated_mnemonic {
  secret_string sentence;
  language lang = language::english;
  std::uint8_t words = 0;
};

namespace detail {

inline constexpr std::size_t max_words = 24;
inline constexpr std::size_t grid_limbs = 6;  ///< 48 bytes per word ≥ every list's stride (max 40)

/// Hides a value from the optimiser so masked selects stay branch-free.
template <class T>
inline T value_barrier(T v) noexcept {
  __asm__("" : "+r"(v));
  return v;
}

/// 1 if a == b, else 0, without a branch.
constexpr std::uint32_t ct_eq(std::uint32_t a, std::uint32_t b) noexcept {
  const std::uint32_t x = a ^ b;
  return static_cast<std::uint32_t>((static_cast<std::uint64_t>(x) - 1) >> 63);
}
/// 1 for ' ', '\t', '\n', '\r', else 0, without a branch.
constexpr std::uint32_t ct_is_separator(unsigned char c) noexcept {
  return ct_eq(c, ' ') | ct_eq(c, '\t') | ct_eq(c, '\n') | ct_eq(c, '\r');
}

/// The words of a normalised text, each packed little-endian into 48 bytes, written
/// without branches or memory indices that depend on the text's bytes: every byte is
/// offered to every cell under a mask. Only `count` (the number of words) is made public.
struct word_grid {
  std::array<std::array<std::uint64_t, grid_limbs>, max_words> limbs{};
  std::array<std::uint32_t, max_words> len{};  ///< secret: longer than 48 = no word of any list
  std::size_t count = 0;                        ///< public; may exceed max_words
  word_grid() = default;
  word_grid(const word_grid&) = delete;
  word_grid& operator=(const word_grid&) = delete;
  ~word_grid() {
    secure_wipe(limbs.data(), sizeof(limbs));
    secure_wipe(len.data(), sizeof(len));
  }
};

inline void split_words_ct(std::string_view text, word_grid& g) noexcept {
  std::uint32_t in_word = 0;  // 1 inside a word
  std::uint32_t count = 0;    // words started so far
  std::uint32_t pos = 0;      // byte position in the current word
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const std::uint32_t sep = ct_is_separator(c);
    const std::uint32_t start = (1U - sep) & (1U - in_word);
    count += start;
    pos *= 1U - start;
    const std::uint32_t limb = pos >> 3;
    const std::uint64_t shifted = static_cast<std::uint64_t>(c) << (8U * (pos & 7U));
    for (std::uint32_t w = 0; w < max_words; ++w) {
      const std::uint32_t here = ct_eq(w + 1, count) & (1U - sep);
      g.len[w] += here;
      for (std::uint32_t l = 0; l < grid_limbs; ++l) {
        g.limbs[w][l] |= shifted & (0 - static_cast<std::uint64_t>(value_barrier(here & ct_eq(l, limb))));
      }
    }
    pos += 1U - sep;
    pos *= 1U - sep;
    in_word = 1U - sep;
  }
  ::isolated_crypto::detail::declassify(&count, sizeof count);  // the word count is public (it is checked and reported)
  g.count = count;
}

/// The parts of a wordlist_view the lookup reads. Passed instead of the view so that a
/// wasm build links only these tables (a view in memory would keep `packed` and `words`).
struct entry_tables {
  const char* text;
  const std::uint8_t* lengths;
  const char32_t* alphabet;  ///< nullptr: text is UTF-8
  explicit entry_tables(const wordlists::wordlist_view& v) noexcept
      : text(v.text), lengths(v.lengths), alphabet(v.alphabet) {}
};

/// Bytes p[0..8) as a little-endian integer.
inline std::uint64_t load_le64(const unsigned char* p) noexcept {
  std::uint64_t v = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&v, p, sizeof v);  // one 64-bit load
  } else {
    for (std::size_t b = 0; b < 8; ++b) v |= static_cast<std::uint64_t>(p[b]) << (8 * b);
  }
  return v;
}

/// Entry `index` of `list`, whose coded bytes start at `text[pos]`: its UTF-8 (lengths[index]
/// bytes, at most 48) packed little-endian into e[0 .. ceil(lengths[index] / 8)), zero past its
/// end (e's later limbs are left as they are). Returns the number of coded bytes it took.
/// Reads public data only (the list).
inline std::size_t load_entry(const entry_tables& list, std::size_t pos, std::uint32_t index,
                              std::array<std::uint64_t, grid_limbs>& e) noexcept {
  const auto* text = reinterpret_cast<const unsigned char*>(list.text);
  const std::uint32_t len = list.lengths[index];
  const auto limbs = [&](const unsigned char* p) {
    for (std::uint32_t l = 0; l * 8 < len; ++l) {
      const std::uint32_t rest = len - l * 8;
      const std::uint64_t keep = rest >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * rest)) - 1;
      e[l] = load_le64(p + l * 8) & keep;
    }
  };
  if (list.alphabet == nullptr) {
    limbs(text + pos);  // text ends with 8 zero bytes: the last load stays inside it
    return len;
  }
  std::array<unsigned char, grid_limbs * 8 + 4> bytes{};  // + 4: a code point's bytes past the end
  std::size_t used = 0;
  for (std::uint32_t out = 0; out < len;) {
    const char32_t cp = list.alphabet[text[pos + used++]];
    if (cp < 0x80) {
      bytes[out++] = static_cast<unsigned char>(cp);
    } else if (cp < 0x800) {
      bytes[out++] = static_cast<unsigned char>(0xC0 | (cp >> 6));
      bytes[out++] = static_cast<unsigned char>(0x80 | (cp & 0x3F));
    } else {  // the alphabets hold no code point above U+FFFF
      bytes[out++] = static_cast<unsigned char>(0xE0 | (cp >> 12));
      bytes[out++] = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
      bytes[out++] = static_cast<unsigned char>(0x80 | (cp & 0x3F));
    }
  }
  limbs(bytes.data());
  return used;
}

using word_columns = std::array<std::array<std::uint64_t, max_words>, grid_limbs>;

/// For each word w < n: found[w] |= tag if word w (column[.][w], length[w]) equals the entry
/// (e[0..U), entry_len). U = ceil(entry_len / 8): a word of the same length is zero past
/// those limbs, and one of another length differs anyway. No branch on the words.
template <std::size_t U>
inline void match_entry(const word_columns& column, const std::array<std::uint64_t, max_words>& length, std::size_t n,
                        const std::array<std::uint64_t, grid_limbs>& e, std::uint64_t entry_len, std::uint32_t tag,
                        std::array<std::uint32_t, max_words>& found) noexcept {
  for (std::size_t w = 0; w < n; ++w) {
    std::uint64_t diff = length[w] ^ entry_len;
    for (std::size_t l = 0; l < U; ++l) diff |= column[l][w] ^ e[l];
    const std::uint64_t mask = ((diff | (0 - diff)) >> 63) - 1;  // all ones iff diff == 0
    found[w] |= static_cast<std::uint32_t>(mask) & tag;
  }
}

/// The index in `list` of each of the `n` words (`limbs[w]`, `lens[w]`), or -1, into
/// `idx[0..n)`. Constant-time in the words' bytes and lengths: each entry of the list is
/// unpacked once (public data) and compared with every word, the length included; no branch
/// or memory index depends on a word (loop bounds depend on the entry's length, which is public).
/// Not inlined: one call per language, and inlined into validate() it sets off GCC 12's
/// -Wmaybe-uninitialized (a false positive) in the callers' secret_string destructors.
[[gnu::noinline]] inline void find_words_ct(const entry_tables& list, const std::array<std::uint64_t, grid_limbs>* limbs,
                          const std::uint32_t* lens, std::size_t n, std::int32_t* idx) noexcept {
  // The words column by column, so that the inner loop runs over words.
  word_columns column{};
  std::array<std::uint64_t, max_words> length{};
  for (std::size_t w = 0; w < n; ++w) {
    for (std::size_t l = 0; l < grid_limbs; ++l) column[l][w] = limbs[w][l];
    length[w] = lens[w];
  }
  std::array<std::uint32_t, max_words> found{};  // index + 1 of the match, 0 if none
  std::array<std::uint64_t, grid_limbs> e{};
  std::size_t pos = 0;  // offset of the entry in text
  for (std::uint32_t index = 0; index < 2048; ++index) {
    pos += load_entry(list, pos, index, e);
    const std::uint32_t entry_len = list.lengths[index];
    switch ((entry_len + 7) / 8) {  // public: the entry's length
      case 1: match_entry<1>(column, length, n, e, entry_len, index + 1, found); break;
      case 2: match_entry<2>(column, length, n, e, entry_len, index + 1, found); break;
      case 3: match_entry<3>(column, length, n, e, entry_len, index + 1, found); break;
      case 4: match_entry<4>(column, length, n, e, entry_len, index + 1, found); break;
      case 5: match_entry<5>(column, length, n, e, entry_len, index + 1, found); break;
      default: match_entry<6>(column, length, n, e, entry_len, index + 1, found); break;
    }
  }
  for (std::size_t w = 0; w < n; ++w) idx[w] = static_cast<std::int32_t>(found[w]) - 1;
  secure_wipe(column.data(), sizeof(column));
  secure_wipe(length.data(), sizeof(length));
  secure_wipe(found.data(), sizeof(found));
}

/// Index of the word (`limbs`: grid_limbs limbs, zero past `len` bytes) in `list`, or -1.
/// Constant-time as find_words_ct.
inline std::int32_t find_word_ct(const wordlists::wordlist_view& list, const std::uint64_t* limbs,
                                 std::uint32_t len) noexcept {
  std::array<std::uint64_t, grid_limbs> w{};
  for (std::size_t l = 0; l < grid_limbs; ++l) w[l] = limbs[l];
  std::int32_t r = -1;
  find_words_ct(entry_tables(list), &w, &len, 1, &r);
  secure_wipe(w.data(), sizeof(w));
  return r;
}

/// find_word_ct for one word given as text (tests and tools). Constant-time in its bytes;
/// a word longer than 48 bytes is not found.
inline std::int32_t find_word_ct(const wordlists::wordlist_view& list, std::string_view word) noexcept {
  std::array<std::uint64_t, grid_limbs> w{};
  const std::size_t n = word.size() < grid_limbs * 8 ? word.size() : grid_limbs * 8;
  for (std::size_t i = 0; i < n; ++i) {
    w[i / 8] |= static_cast<std::uint64_t>(static_cast<unsigned char>(word[i])) << (8 * (i % 8));
  }
  const std::int32_t r = find_word_ct(list, w.data(), static_cast<std::uint32_t>(word.size()));
  secure_wipe(w.data(), sizeof(w));
  return r;
}

/// The canonical sentence: the words joined by one space. Each output byte is gathered
/// from every grid cell under a mask (no index depends on word lengths); the sentence's
/// total length is public (it follows from the input's length and spacing).
inline void join_words_ct(const word_grid& g, secret_string& out) {
  const std::size_t n = g.count;
  std::uint32_t total = 0;
  for (std::size_t w = 0; w < n; ++w) total += g.len[w];
  total += static_cast<std::uint32_t>(n - 1);
  ::isolated_crypto::detail::declassify(&total, sizeof total);
  // Output byte o is byte d = o - start(w) of the word w with 0 <= d < len(w), or the
  // space at d == len(w). The limb holding byte d is picked by a masked scan of the 6
  // limbs, the byte by a shift: no memory index depends on d.
  for (std::uint32_t o = 0; o < total; ++o) {
    std::uint64_t byte = 0;
    std::uint32_t start = 0;  // output position of the current word's first byte
    for (std::size_t w = 0; w < n; ++w) {
      const auto len = value_barrier(static_cast<std::uint64_t>(g.len[w]));
      const std::uint32_t d = o - start;  // wraps for o < start: then matches nothing
      std::uint64_t limb = 0;
      for (std::uint32_t l = 0; l < grid_limbs; ++l) {
        limb |= g.limbs[w][l] & (0 - static_cast<std::uint64_t>(value_barrier(ct_eq(l, d >> 3))));
      }
      const auto inside = static_cast<std::uint32_t>((static_cast<std::uint64_t>(d) - len) >> 63);  // d < len
      byte |= ((limb >> (8U * (d & 7U))) & 0xFF) & (0 - static_cast<std::uint64_t>(value_barrier(inside)));
      const std::uint32_t is_space = value_barrier(ct_eq(d, static_cast<std::uint32_t>(len))) &
                                     static_cast<std::uint32_t>(w + 1 < n);
      byte |= static_cast<std::uint64_t>(' ') & (0 - static_cast<std::uint64_t>(is_space));
      start += static_cast<std::uint32_t>(len) + 1;
    }
    out.push_back(static_cast<char>(byte));
  }
}

inline bool valid_word_count(std::size_t n) noexcept { return n >= 12 && n <= 24 && n % 3 == 0; }

}  // namespace detail

/// Validates an NFKD-normalised mnemonic. `sha256` hashes the entropy for the checksum.
/// Errors: invalid_word_count; unknown_word (position = first unknown word, 1-based, in the
/// language that knows most words); mixed_languages; invalid_checksum.
/// Constant-time: splitting, word lookup and checksum yes (no branch or memory index on
/// the words' bytes or lengths; the word count and the sentence length are public); which
/// language matches, and whether the mnemonic is valid, are not hidden.
template <class Sha256>
result<validated_mnemonic> validate(std::string_view normalised, std::optional<language> only, Sha256&& sha256) {
  detail::word_grid grid;
  detail::split_words_ct(normalised, grid);
  if (!detail::valid_word_count(grid.count)) return errc::invalid_word_count;
  const std::size_t n = grid.count;

  std::array<std::int32_t, detail::max_words> idx{};
  std::array<std::uint32_t, detail::max_words> known_anywhere{};
  std::size_t best_known = 0;
  std::uint32_t best_first_unknown = 1;
  bool checksum_failed = false;

  for (language lang : wordlists::all_languages) {
    if (only && *only != lang) continue;
    const wordlists::wordlist_view list = wordlists::get(lang);
    std::uint32_t known = 0;
    std::uint32_t first_unknown = 0;
    detail::find_words_ct(detail::entry_tables(list), grid.limbs.data(), grid.len.data(), n, idx.data());
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t ok = 1U - (static_cast<std::uint32_t>(idx[i]) >> 31);
      known += ok;
      known_anywhere[i] |= ok;
      const std::uint32_t first = (1U - ok) & detail::ct_eq(first_unknown, 0);
      first_unknown |= static_cast<std::uint32_t>(i + 1) & (0U - first);
    }
    // How many words this list knows is public: it decides validity, which is reported.
    ::isolated_crypto::detail::declassify(&known, sizeof known);
    ::isolated_crypto::detail::declassify(&first_unknown, sizeof first_unknown);
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
    const bool checksum_ok = expected == actual;
    ::isolated_crypto::detail::declassify(&checksum_ok, sizeof checksum_ok);  // validity: reported
    if (!checksum_ok) {
      checksum_failed = true;
      continue;  // a sentence valid in two lists (Chinese) may pass in the other one
    }
    validated_mnemonic v;
    v.sentence.reserve(normalised.size());
    detail::join_words_ct(grid, v.sentence);
    v.lang = lang;
    v.words = static_cast<std::uint8_t>(n);
    return v;
  }
  secure_wipe(idx.data(), sizeof(idx));
  if (checksum_failed) return errc::invalid_checksum;
  bool all_known = true;
  ::isolated_crypto::detail::declassify(known_anywhere.data(), sizeof(known_anywhere));  // only reached for an invalid mnemonic
  for (std::size_t i = 0; i < n; ++i) all_known = all_known && known_anywhere[i] != 0;
  if (all_known && !only) return errc::mixed_languages;
  return error{errc::unknown_word, best_first_unknown};
}

}  // namespace isolated_crypto::bip39
