// Unicode NFKD (compatibility decomposition + canonical ordering) over the tables in
// nfkd_tables.hpp, which are generated from utf8proc and checked against it for every code
// point (tests/unit/unicode_nfkd.cpp). Byte-for-byte the output of utf8proc_NFKD for valid
// UTF-8; no third-party code at run time, ~50 KB of tables instead of utf8proc's ~330 KB
// (keys as 3-byte code points, decompositions as UTF-8).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "../error.hpp"
#include "../secret.hpp"
#include "nfkd_tables.hpp"

namespace isolated_crypto::unicode {

namespace detail {

// Hangul syllables decompose arithmetically (Unicode §3.12).
inline constexpr char32_t hangul_s_base = 0xAC00, hangul_l_base = 0x1100, hangul_v_base = 0x1161,
                          hangul_t_base = 0x11A7;
inline constexpr std::uint32_t hangul_v_count = 21, hangul_t_count = 28,
                               hangul_s_count = 19 * hangul_v_count * hangul_t_count;

/// Decodes one strictly valid UTF-8 sequence at `s[i]` (no overlongs, surrogates or values
/// above U+10FFFF, as utf8proc_iterate). Returns its length, 0 if invalid.
inline std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) noexcept {
  const auto b = [&](std::size_t k) { return static_cast<std::uint8_t>(s[i + k]); };
  const auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  const std::uint8_t lead = b(0);
  if (lead < 0x80) {
    cp = lead;
    return 1;
  }
  if (lead < 0xC2 || lead > 0xF4) return 0;
  if (lead < 0xE0) {
    if (!cont(1)) return 0;
    cp = static_cast<char32_t>(((lead & 0x1FU) << 6) | (b(1) & 0x3FU));
    return 2;
  }
  if (lead < 0xF0) {
    if (!cont(1) || !cont(2)) return 0;
    cp = static_cast<char32_t>(((lead & 0x0FU) << 12) | ((b(1) & 0x3FU) << 6) | (b(2) & 0x3FU));
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return 3;
  }
  if (!cont(1) || !cont(2) || !cont(3)) return 0;
  cp = static_cast<char32_t>(((lead & 0x07U) << 18) | ((b(1) & 0x3FU) << 12) | ((b(2) & 0x3FU) << 6) |
                             (b(3) & 0x3FU));
  if (cp < 0x10000 || cp > 0x10FFFF) return 0;
  return 4;
}

inline std::size_t encode_utf8(char32_t cp, char* out) noexcept {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

struct item {
  char32_t cp;
  std::uint8_t ccc;
};

/// Stable sort of `run[0..k)` by combining class, in place (std::stable_sort would copy the
/// code points into an unwiped buffer). Short runs: insertion sort; long ones: a counting
/// sort through `scratch` (allocated on first use with room for the whole input).
inline void sort_run(item* run, std::size_t k, item*& scratch, std::size_t capacity) {
  if (k <= 16) {
    for (std::size_t i = 1; i < k; ++i) {
      const item x = run[i];
      std::size_t j = i;
      for (; j > 0 && run[j - 1].ccc > x.ccc; --j) run[j] = run[j - 1];
      run[j] = x;
    }
    return;
  }
  if (scratch == nullptr) scratch = new item[capacity];
  std::array<std::size_t, 257> start{};
  for (std::size_t i = 0; i < k; ++i) ++start[run[i].ccc + 1U];
  for (std::size_t c = 1; c < start.size(); ++c) start[c] += start[c - 1];
  for (std::size_t i = 0; i < k; ++i) scratch[start[run[i].ccc]++] = run[i];
  std::copy(scratch, scratch + k, run);
}

}  // namespace detail

namespace detail {
/// Entry i of a table of 3-byte code points (most significant byte first).
inline char32_t u24(const std::uint8_t* t, std::size_t i) noexcept {
  return static_cast<char32_t>((t[3 * i] << 16) | (t[3 * i + 1] << 8) | t[3 * i + 2]);
}
/// Index of `cp` in the ascending 3-byte table `t` of `n` code points, or n.
inline std::size_t find_u24(const std::uint8_t* t, std::size_t n, char32_t cp) noexcept {
  std::size_t lo = 0, hi = n;  // first entry >= cp lies in [lo, hi]
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (u24(t, mid) < cp) lo = mid + 1;
    else hi = mid;
  }
  return lo < n && u24(t, lo) == cp ? lo : n;
}
}  // namespace detail

/// Canonical combining class of `cp` (0 for starters and unassigned code points).
inline std::uint8_t combining_class(char32_t cp) noexcept {
  if (cp < 0x300) return 0;
  const std::size_t i = detail::find_u24(tables::combining_keys, tables::combining_count, cp);
  return i < tables::combining_count ? tables::combining_classes[i] : 0;
}

/// Full compatibility decomposition of one code point into `out` (room for
/// tables::longest_decomposition code points). Returns the number written (1: itself).
inline std::size_t decompose(char32_t cp, char32_t* out) noexcept {
  if (cp < 0xA0) {  // nothing below U+00A0 decomposes
    out[0] = cp;
    return 1;
  }
  const std::uint32_t s = static_cast<std::uint32_t>(cp - detail::hangul_s_base);
  if (cp >= detail::hangul_s_base && s < detail::hangul_s_count) {
    out[0] = detail::hangul_l_base + s / (detail::hangul_v_count * detail::hangul_t_count);
    out[1] = detail::hangul_v_base + (s % (detail::hangul_v_count * detail::hangul_t_count)) / detail::hangul_t_count;
    if (s % detail::hangul_t_count == 0) return 2;
    out[2] = detail::hangul_t_base + s % detail::hangul_t_count;
    return 3;
  }
  const std::size_t i = detail::find_u24(tables::decomposition_keys, tables::decomposition_count, cp);
  if (i == tables::decomposition_count) {
    out[0] = cp;
    return 1;
  }
  // The pool is valid UTF-8 (generated).
  const std::string_view pool(reinterpret_cast<const char*>(tables::decomposition_pool) + tables::decomposition_offsets[i],
                              tables::decomposition_offsets[i + 1] - tables::decomposition_offsets[i]);
  std::size_t n = 0;
  for (std::size_t k = 0; k < pool.size(); ++n) k += detail::decode_utf8(pool, k, out[n]);
  return n;
}

/// NFKD of `in`, appended to `out` as UTF-8.
/// Returns: errc::ok, or errc::invalid_utf8 (then `out` is unchanged).
/// Secrets: `in` may be a passphrase; every temporary is wiped. Constant-time: no (table
/// lookups and sorting depend on the code points).
inline errc nfkd(std::string_view in, secret_string& out) {
  // Pass 1: validate and count the decomposed code points.
  std::size_t count = 0;
  std::array<char32_t, tables::longest_decomposition> one{};
  for (std::size_t i = 0; i < in.size();) {
    char32_t cp = 0;
    const std::size_t len = detail::decode_utf8(in, i, cp);
    if (len == 0) {
      secure_wipe(one.data(), sizeof(one));
      return errc::invalid_utf8;
    }
    count += decompose(cp, one.data());
    i += len;
  }
  // Pass 2: decompose, with the combining class of each code point beside it.
  using detail::item;
  auto* buf = new item[count];
  item* scratch = nullptr;  // for long runs only; allocated once, wiped
  std::size_t n = 0;
  for (std::size_t i = 0; i < in.size();) {
    char32_t cp = 0;
    i += detail::decode_utf8(in, i, cp);
    const std::size_t k = decompose(cp, one.data());
    for (std::size_t j = 0; j < k; ++j) buf[n++] = {one[j], combining_class(one[j])};
  }
  // Canonical ordering: each run of non-starters stably sorted by combining class.
  for (std::size_t i = 0; i < n;) {
    if (buf[i].ccc == 0) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < n && buf[end].ccc != 0) ++end;
    detail::sort_run(buf + i, end - i, scratch, count);
    i = end;
  }
  out.reserve(out.size() + n * 4);
  std::array<char, 4> enc{};
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t k = detail::encode_utf8(buf[i].cp, enc.data());
    out.append(std::string_view(enc.data(), k));
  }
  secure_wipe(enc.data(), sizeof(enc));
  secure_wipe(one.data(), sizeof(one));
  secure_wipe(buf, sizeof(item) * count);
  delete[] buf;
  if (scratch != nullptr) {
    secure_wipe(scratch, sizeof(item) * count);
    delete[] scratch;
  }
  return errc::ok;
}

}  // namespace isolated_crypto::unicode
