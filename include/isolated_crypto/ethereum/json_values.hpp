// Reading typed values out of ethereum::json values, with errors that name the field:
// integers (JSON integer literals, decimal strings, 0x-hex strings, optionally negative),
// 0x-hex byte strings, addresses. Shared by EIP-712 and the transaction JSON front end.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "../hex.hpp"
#include "field_error.hpp"
#include "json.hpp"
#include "uint256.hpp"

namespace isolated_crypto::ethereum::json {

/// A signed integer as sign and magnitude (magnitude < 2^256).
struct integer {
  bool negative = false;
  uint256 magnitude;
};

/// Reads an integer: a JSON number written as an integer (no fraction, no exponent), or a
/// string of decimal digits or "0x" + hex digits; a leading '-' only if allow_negative.
/// Errors (at `path`): wrong_field_type (not a number or string), invalid_integer
/// (fraction, exponent, empty, bad digit, or a negative sign where none is allowed),
/// integer_out_of_range (|v| ≥ 2^256).
inline field_result<integer> read_integer(const value& v, const std::string& path, bool allow_negative) {
  if (!v.is(kind::number) && !v.is(kind::string)) {
    return at(path, errc::wrong_field_type, "want an integer, got " + std::string(kind_name(v.type)));
  }
  std::string_view s = v.text;
  integer out;
  if (!s.empty() && s[0] == '-') {
    if (!allow_negative) return at(path, errc::integer_out_of_range, "negative value for an unsigned type");
    out.negative = true;
    s.remove_prefix(1);
  }
  if (v.is(kind::number) && s.find_first_of(".eE") != std::string_view::npos) {
    return at(path, errc::invalid_integer, "fractional or exponent number");
  }
  number_error why = number_error::none;
  auto m = parse_uint256(s, &why);
  if (!m) {
    if (why == number_error::too_large) return at(path, errc::integer_out_of_range, "at least 2^256");
    return at(path, errc::invalid_integer, "want decimal digits or 0x + hex digits");
  }
  out.magnitude = *m;
  if (out.magnitude.is_zero()) out.negative = false;
  return out;
}

/// An unsigned integer of at most `bits` bits. Errors: those of read_integer, and
/// integer_out_of_range (above 2^bits − 1 or negative).
inline field_result<uint256> read_uint(const value& v, const std::string& path, unsigned bits = 256) {
  auto i = read_integer(v, path, false);
  if (!i) return i.err();
  if (i->magnitude > uint256::max_of_bits(bits)) {
    return at(path, errc::integer_out_of_range, "want at most 2^" + std::to_string(bits) + "-1");
  }
  return i->magnitude;
}

/// "0x" + an even number of hex digits (n = 0: any length, else exactly n bytes).
/// Errors: wrong_field_type (not a string), invalid_hex (no 0x, odd length, bad digit),
/// invalid_length (not n bytes).
inline field_result<std::vector<std::byte>> read_hex_bytes(const value& v, const std::string& path,
                                                           std::size_t n = 0) {
  if (!v.is(kind::string)) {
    return at(path, errc::wrong_field_type, "want a 0x-hex string, got " + std::string(kind_name(v.type)));
  }
  if (v.text.size() < 2 || v.text[0] != '0' || (v.text[1] != 'x' && v.text[1] != 'X')) {
    return at(path, errc::invalid_hex, "want a 0x prefix");
  }
  auto b = hex::decode(v.text);
  if (!b) return at(path, errc::invalid_hex, "odd length or a non-hex character");
  if (n != 0 && b->size() != n) {
    return at(path, errc::invalid_length, "want " + std::to_string(n) + " bytes, got " + std::to_string(b->size()));
  }
  return std::move(*b);
}

}  // namespace isolated_crypto::ethereum::json
