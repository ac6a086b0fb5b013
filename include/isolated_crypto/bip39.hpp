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

/// Splits `text` into the grid. Per byte: the byte is offered to every cell of every word
/// under a mask (no branch, no memory index and no shift amount depends on the text); only
/// `count` is made public.
inline void split_words_ct(std::string_view text, word_grid& g) noexcept {
  std::uint32_t in_word = 0;  // 1 inside a word
  std::uint32_t count = 0;    // words started so far
  std::uint32_t pos = 0;      // byte position in the current word
  std::uint64_t lane = 0;     // 0xFF at the byte position (pos % 8) of the current limb
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const std::uint32_t sep = ct_is_separator(c);
    const std::uint32_t start = (1U - sep) & (1U - in_word);
    count += start;
    pos *= 1U - start;
    const std::uint64_t start_mask = 0 - static_cast<std::uint64_t>(start);
    lane = (std::rotl(lane, 8) & ~start_mask) | (0xFF & start_mask);  // rotate: byte pos % 8
    const std::uint64_t byte = (static_cast<std::uint64_t>(c) * 0x0101010101010101ULL) & lane;
    // The byte in its limb, nothing elsewhere; nothing at all for a separator.
    std::array<std::uint64_t, grid_limbs> put{};
    for (std::uint32_t l = 0; l < grid_limbs; ++l) {
      put[l] = byte & (0 - static_cast<std::uint64_t>(value_barrier(ct_eq(l, pos >> 3) & (1U - sep))));
    }
    for (std::uint32_t w = 0; w < max_words; ++w) {
      const std::uint32_t here = value_barrier(ct_eq(w + 1, count) & (1U - sep));
      const std::uint64_t here_mask = 0 - static_cast<std::uint64_t>(here);
      g.len[w] += here;
      for (std::uint32_t l = 0; l < grid_limbs; ++l) g.limbs[w][l] |= put[l] & here_mask;
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
  std::size_t max_word_bytes;
  explicit entry_tables(const wordlists::wordlist_view& v) noexcept
      : text(v.text), lengths(v.lengths), alphabet(v.alphabet), max_word_bytes(v.max_word_bytes) {}
};

/// Entry `index` of `list`, whose coded bytes start at `text[pos]`: its UTF-8 bytes
/// (lengths[index], at most 48) into `out`. Returns the number of coded bytes it took.
/// Reads public data only (the list).
inline std::size_t entry_bytes(const entry_tables& list, std::size_t pos, std::uint32_t index,
                               const unsigned char*& out, std::array<unsigned char, grid_limbs * 8 + 4>& buf) noexcept {
  const auto* text = reinterpret_cast<const unsigned char*>(list.text);
  const std::uint32_t len = list.lengths[index];
  if (list.alphabet == nullptr) {
    out = text + pos;
    return len;
  }
  std::size_t used = 0;
  for (std::uint32_t o = 0; o < len;) {
    const char32_t cp = list.alphabet[text[pos + used++]];
    if (cp < 0x80) {
      buf[o++] = static_cast<unsigned char>(cp);
    } else if (cp < 0x800) {
      buf[o++] = static_cast<unsigned char>(0xC0 | (cp >> 6));
      buf[o++] = static_cast<unsigned char>(0x80 | (cp & 0x3F));
    } else {  // the alphabets hold no code point above U+FFFF
      buf[o++] = static_cast<unsigned char>(0xE0 | (cp >> 12));
      buf[o++] = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
      buf[o++] = static_cast<unsigned char>(0x80 | (cp & 0x3F));
    }
  }
  out = buf.data();
  return used;
}

/// Which of the (up to 32) words have a given byte at a given position, bitsliced: bit w of
/// at[d * 256 + c] is set iff byte d of word w is c; bit w of len[k] is set iff word w is k
/// bytes long. Built from the words without branches or memory indices on them.
struct word_masks {
  static constexpr std::size_t max_depth = grid_limbs * 8;
  std::uint32_t* at = nullptr;  ///< depth × 256 masks (heap: 8 KiB for English, 33 KiB for Korean)
  std::size_t depth = 0;
  std::array<std::uint32_t, max_depth + 1> len{};
  explicit word_masks(std::size_t d) : at(new std::uint32_t[d * 256]), depth(d) {}
  word_masks(const word_masks&) = delete;
  word_masks& operator=(const word_masks&) = delete;
  ~word_masks() {
    secure_wipe(at, sizeof(std::uint32_t) * depth * 256);
    delete[] at;
    secure_wipe(len.data(), sizeof(len));
  }
};

/// Fills m.at for positions [0, m.depth) and m.len for lengths [0, m.depth] from the n
/// words (limbs zero past each word's end). Constant-time in the words.
inline void build_word_masks(const std::array<std::uint64_t, grid_limbs>* limbs, const std::uint32_t* lens,
                             std::size_t n, word_masks& m) noexcept {
  for (std::size_t d = 0; d < m.depth; ++d) {
    // plane[k]: bit w = bit k of byte d of word w; hi/lo: the words whose byte has that nibble.
    std::array<std::uint32_t, 8> plane{};
    for (std::size_t w = 0; w < n; ++w) {
      const auto b = static_cast<std::uint32_t>((limbs[w][d / 8] >> (8 * (d % 8))) & 0xFF);
      for (std::uint32_t k = 0; k < 8; ++k) plane[k] |= ((b >> k) & 1U) << w;
    }
    std::array<std::uint32_t, 16> hi{}, lo{};
    for (std::uint32_t v = 0; v < 16; ++v) {
      std::uint32_t h = ~0U, l = ~0U;
      for (std::uint32_t k = 0; k < 4; ++k) {
        const std::uint32_t want = 0U - ((v >> k) & 1U);  // all ones: the bit must be set
        l &= ~(plane[k] ^ want);
        h &= ~(plane[k + 4] ^ want);
      }
      hi[v] = h;
      lo[v] = l;
    }
    std::uint32_t* row = m.at + d * 256;
    for (std::uint32_t c = 0; c < 256; ++c) row[c] = hi[c >> 4] & lo[c & 15];
    secure_wipe(plane.data(), sizeof(plane));
    secure_wipe(hi.data(), sizeof(hi));
    secure_wipe(lo.data(), sizeof(lo));
  }
  for (std::size_t k = 0; k <= m.depth; ++k) {
    std::uint32_t bits = 0;
    for (std::size_t w = 0; w < n; ++w) bits |= ct_eq(lens[w], static_cast<std::uint32_t>(k)) << w;
    m.len[k] = bits;
  }
}

/// The index in `list` of each of the `n` (≤ 32) words (`limbs[w]`, `lens[w]`), or -1, into
/// `idx[0..n)`. Constant-time in the words' bytes and lengths: each entry of the list (public)
/// is matched against all words at once, bitsliced (one AND per byte of the entry), and the
/// matches are gathered into index bits by OR, with no branch or memory index on a word.
/// Not inlined: one call per language, and inlined into validate() it sets off GCC 12's
/// -Wmaybe-uninitialized (a false positive) in the callers' secret_string destructors.
[[gnu::noinline]] inline void find_words_ct(const entry_tables& list, const std::array<std::uint64_t, grid_limbs>* limbs,
                          const std::uint32_t* lens, std::size_t n, std::int32_t* idx) {
  static_assert(max_words <= 32, "one bit per word in a 32-bit mask");
  const std::size_t depth = list.max_word_bytes < word_masks::max_depth ? list.max_word_bytes : word_masks::max_depth;
  word_masks m(depth);
  build_word_masks(limbs, lens, n, m);
  // Index bit b of a word is set iff it matched an entry in a block [k·2^(b+1) + 2^b,
  // (k+1)·2^(b+1)): with `seen` = words matched so far (each word matches one entry at most),
  // the words matched inside a block are seen(end) & ~seen(start).
  std::array<std::uint32_t, 11> index_bit{};
  std::array<std::uint32_t, 11> block_start{};
  std::uint32_t seen = 0;
  std::array<unsigned char, grid_limbs * 8 + 4> buf{};
  std::size_t pos = 0;  // offset of the entry in text
  for (std::uint32_t index = 0; index < 2048; ++index) {
    const unsigned char* e = nullptr;
    pos += entry_bytes(list, pos, index, e, buf);
    const std::uint32_t entry_len = list.lengths[index];  // public; ≤ depth
    std::uint32_t match = m.len[entry_len];
    const std::uint32_t* row = m.at;
    for (std::uint32_t d = 0; d < entry_len; ++d, row += 256) match &= row[e[d]];
    seen |= match;
    const std::uint32_t next = index + 1;
    for (std::uint32_t b = 0; b < 11 && (next & ((1U << b) - 1)) == 0; ++b) {  // public: next is a multiple of 2^b
      if ((next >> b) & 1U) {
        block_start[b] = seen;
      } else {
        index_bit[b] |= seen & ~block_start[b];
      }
    }
  }
  for (std::size_t w = 0; w < n; ++w) {
    std::uint32_t v = 0;
    for (std::uint32_t b = 0; b < 11; ++b) v |= ((index_bit[b] >> w) & 1U) << b;
    const std::uint32_t found = (seen >> w) & 1U;
    idx[w] = static_cast<std::int32_t>((v & (0U - found)) | (found - 1U));  // -1 if not found
  }
  secure_wipe(index_bit.data(), sizeof(index_bit));
  secure_wipe(block_start.data(), sizeof(block_start));
  secure_wipe(&seen, sizeof seen);
  secure_wipe(buf.data(), sizeof(buf));
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

/// The canonical sentence of `text` (under 16 MiB): its words joined by one
/// space, leading and trailing separators dropped, into `out`. An order-preserving oblivious
/// compaction: every byte to keep moves left by the number of dropped bytes before it, in
/// steps of 1, 2, 4, ... (step b moves it by 2^b if bit b of its distance is set; no two
/// bytes ever meet), each step a pass over all positions with masked selects. No branch or
/// memory index depends on the text; the sentence's length is public (it is stored).
/// Cost: O(N log N) for N bytes.
inline void join_words_ct(std::string_view text, secret_string& out) {
  const std::size_t n = text.size();
  // cell: byte (bits 0-7), distance to move (bits 8-31); 0 for a dropped byte.
  auto* cell = new std::uint32_t[n == 0 ? 1 : n];
  // Backward pass: is there a letter at or after i?
  std::uint32_t letter_after = 0;
  for (std::size_t i = n; i-- > 0;) {
    const std::uint32_t sep = ct_is_separator(static_cast<unsigned char>(text[i]));
    letter_after |= 1U - sep;
    cell[i] = letter_after;  // temporarily: a letter at or after i
  }
  std::uint32_t in_word = 0, dropped = 0, kept_total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::uint32_t sep = ct_is_separator(c);
    // A separator is kept (as one space) iff it ends a word and a letter follows later.
    const std::uint32_t keep = (1U - sep) | (sep & in_word & cell[i]);
    const std::uint32_t byte = (c & (0U - (1U - sep))) | (static_cast<std::uint32_t>(' ') & (0U - sep));
    cell[i] = (byte | (dropped << 8)) & (0U - keep);
    dropped += 1U - keep;
    kept_total += keep;
    in_word = 1U - sep;
  }
  for (std::size_t step = 1, b = 0; step < n; step <<= 1, ++b) {
    // In place, ascending: position q takes the cell from q + step if that one moves by
    // this step, else keeps its own unless its own moves away.
    for (std::size_t q = 0; q < n; ++q) {
      const std::uint32_t own = cell[q];
      const std::uint32_t own_moves = value_barrier((own >> (8 + b)) & 1U);
      const std::uint32_t from = q + step < n ? cell[q + step] : 0;  // public bound
      const std::uint32_t from_moves = value_barrier((from >> (8 + b)) & 1U);
      cell[q] = (from & (0U - from_moves)) | (own & (0U - ((1U - own_moves) & (1U - from_moves))));
    }
  }
  ::isolated_crypto::detail::declassify(&kept_total, sizeof kept_total);  // the sentence's length: public
  out.reserve(kept_total);
  for (std::size_t i = 0; i < kept_total; ++i) out.push_back(static_cast<char>(cell[i] & 0xFF));
  secure_wipe(cell, sizeof(std::uint32_t) * (n == 0 ? 1 : n));
  delete[] cell;
}

inline bool valid_word_count(std::size_t n) noexcept { return n >= 12 && n <= 24 && n % 3 == 0; }

}  // namespace detail

/// Validates an NFKD-normalised mnemonic. `sha256` hashes the entropy for the checksum.
/// Errors: invalid_word_count; unknown_word (position = first unknown word, 1-based, in the
/// language that knows most words); mixed_languages; invalid_checksum.
/// Constant-time: splitting, word lookup, joining and checksum yes (no branch or memory index on
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
    detail::join_words_ct(normalised, v.sentence);
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
