// RLP (Ethereum yellow paper, appendix B): encoder and a strict decoder that accepts the
// canonical encoding only, so every accepted input has exactly one meaning:
//  * a single byte < 0x80 must be encoded as itself (not 0x81 b);
//  * lengths ≤ 55 must use the short form; long-form lengths have no leading zero byte;
//  * no bytes after the top-level item; nesting at most max_depth lists deep.
// Integer fields add: no leading zero byte, at most N bytes (decode_uint).
// Public data only; variable-time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "field_error.hpp"
#include "uint256.hpp"

namespace isolated_crypto::ethereum::rlp {

using bytes = std::vector<std::byte>;

// ---- encoding ---------------------------------------------------------------------------

namespace detail {
inline void append_length(bytes& out, std::size_t len, unsigned short_base) {
  if (len <= 55) {
    out.push_back(static_cast<std::byte>(short_base + len));
    return;
  }
  std::byte be[8];
  std::size_t n = 0;
  for (std::size_t v = len; v != 0; v >>= 8) be[n++] = static_cast<std::byte>(v & 0xFF);
  out.push_back(static_cast<std::byte>(short_base + 55 + n));
  while (n > 0) out.push_back(be[--n]);
}
}  // namespace detail

/// Appends the encoding of a byte string.
inline void append_bytes(bytes& out, std::span<const std::byte> b) {
  if (b.size() == 1 && static_cast<unsigned>(b[0]) < 0x80) {
    out.push_back(b[0]);
    return;
  }
  detail::append_length(out, b.size(), 0x80);
  out.insert(out.end(), b.begin(), b.end());
}

/// Appends the encoding of an unsigned integer (minimal big-endian; zero = empty string).
inline void append_uint(bytes& out, const uint256& v) { append_bytes(out, v.to_minimal_be()); }

/// Appends a list whose items are already encoded and concatenated in `payload`.
inline void append_list(bytes& out, std::span<const std::byte> payload) {
  detail::append_length(out, payload.size(), 0xC0);
  out.insert(out.end(), payload.begin(), payload.end());
}

/// The encoding of a list with this already-encoded payload.
inline bytes list(std::span<const std::byte> payload) {
  bytes out;
  append_list(out, payload);
  return out;
}

// ---- decoding ---------------------------------------------------------------------------

/// A decoded item: a byte string or a list. `payload` points into the decoded buffer.
struct item {
  bool is_list = false;
  std::span<const std::byte> payload;  ///< string bytes, or the list's encoded items
  std::vector<item> items;             ///< list items (empty for strings)
};

inline constexpr std::size_t max_depth = 16;

namespace detail {

/// Reads one item header at b[pos]. Out: is_list, offset and length of its payload.
inline errc read_header(std::span<const std::byte> b, std::size_t pos, bool& is_list, std::size_t& start,
                        std::size_t& len) {
  if (pos >= b.size()) return errc::invalid_rlp;
  const unsigned p = static_cast<unsigned>(b[pos]);
  const std::size_t left = b.size() - pos - 1;
  is_list = p >= 0xC0;
  if (p < 0x80) {
    start = pos;
    len = 1;
    return errc::ok;
  }
  const unsigned base = is_list ? 0xC0 : 0x80;
  if (p - base <= 55) {
    len = p - base;
    start = pos + 1;
    if (len > left) return errc::invalid_rlp;
    if (!is_list && len == 1 && static_cast<unsigned>(b[pos + 1]) < 0x80) return errc::non_canonical_rlp;
    return errc::ok;
  }
  const std::size_t n = p - base - 55;  // 1..8 length bytes
  if (n > left) return errc::invalid_rlp;
  if (b[pos + 1] == std::byte{0}) return errc::non_canonical_rlp;
  std::uint64_t l = 0;
  for (std::size_t i = 0; i < n; ++i) l = l << 8 | static_cast<unsigned>(b[pos + 1 + i]);
  if (l <= 55) return errc::non_canonical_rlp;
  if (l > left - n) return errc::invalid_rlp;
  start = pos + 1 + n;
  len = static_cast<std::size_t>(l);
  return errc::ok;
}

inline errc decode_at(std::span<const std::byte> b, std::size_t& pos, std::size_t depth, item& out) {
  bool is_list = false;
  std::size_t start = 0;
  std::size_t len = 0;
  if (const errc e = read_header(b, pos, is_list, start, len); e != errc::ok) return e;
  out.is_list = is_list;
  out.payload = b.subspan(start, len);
  pos = start + len;
  if (!is_list) return errc::ok;
  if (depth >= max_depth) return errc::invalid_rlp;
  std::size_t inner = 0;
  while (inner < len) {
    item child;
    if (const errc e = decode_at(out.payload, inner, depth + 1, child); e != errc::ok) return e;
    out.items.push_back(std::move(child));
  }
  return errc::ok;
}

}  // namespace detail

/// Decodes exactly one canonical item spanning all of `b`.
/// Errors: invalid_rlp (truncated, length past the end, trailing bytes, deeper than max_depth),
/// non_canonical_rlp (see the file comment). field = "" and detail = the byte offset.
inline field_result<item> decode(std::span<const std::byte> b) {
  item out;
  std::size_t pos = 0;
  if (const errc e = detail::decode_at(b, pos, 0, out); e != errc::ok) return field_error{e, "", "in the item"};
  if (pos != b.size()) return field_error{errc::invalid_rlp, "", "trailing bytes after the item"};
  return out;
}

/// Encodes a decoded item again (the decoder is strict, so this returns the input).
inline void append_item(bytes& out, const item& it) {
  if (!it.is_list) {
    append_bytes(out, it.payload);
    return;
  }
  bytes payload;
  for (const auto& c : it.items) append_item(payload, c);
  append_list(out, payload);
}

/// An integer field: a string of at most `max_bytes` bytes without a leading zero byte.
/// Errors (at `field`): wrong_field_type (a list), non_canonical_rlp (leading zero),
/// integer_out_of_range (longer than max_bytes).
inline field_result<uint256> decode_uint(const item& it, const std::string& field, std::size_t max_bytes = 32) {
  if (it.is_list) return at(field, errc::wrong_field_type, "want an integer, got a list");
  if (!it.payload.empty() && it.payload[0] == std::byte{0}) {
    return at(field, errc::non_canonical_rlp, "integer with a leading zero byte");
  }
  if (it.payload.size() > max_bytes) {
    return at(field, errc::integer_out_of_range, "want at most " + std::to_string(max_bytes) + " bytes");
  }
  return *uint256::from_be_bytes(it.payload);
}

/// A byte-string field of exactly `n` bytes (n = 0: any length).
/// Errors (at `field`): wrong_field_type (a list), invalid_length.
inline field_result<std::span<const std::byte>> decode_string(const item& it, const std::string& field,
                                                              std::size_t n = 0) {
  if (it.is_list) return at(field, errc::wrong_field_type, "want a byte string, got a list");
  if (n != 0 && it.payload.size() != n) {
    return at(field, errc::invalid_length,
              "want " + std::to_string(n) + " bytes, got " + std::to_string(it.payload.size()));
  }
  return it.payload;
}

}  // namespace isolated_crypto::ethereum::rlp
