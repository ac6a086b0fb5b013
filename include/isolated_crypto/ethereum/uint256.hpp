// uint256: an unsigned 256-bit integer for Ethereum quantities (values, fees, chain ids,
// EIP-155 `v`). Public data only; variable-time.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../types.hpp"

namespace isolated_crypto::ethereum {

namespace detail {
__extension__ typedef unsigned __int128 u128;  // NOLINT: GCC/Clang extension, fine on wasm32 too
}  // namespace detail

class uint256 {
 public:
  constexpr uint256() noexcept = default;
  constexpr uint256(std::uint64_t v) noexcept : limbs_{v, 0, 0, 0} {}  // NOLINT: implicit from u64

  /// Big-endian bytes, at most 32 (leading zeros allowed). nullopt if longer than 32.
  static std::optional<uint256> from_be_bytes(std::span<const std::byte> b) noexcept {
    while (!b.empty() && b.front() == std::byte{0}) b = b.subspan(1);
    if (b.size() > 32) return std::nullopt;
    uint256 r;
    for (std::size_t i = 0; i < b.size(); ++i) {
      const std::size_t bit = 8 * (b.size() - 1 - i);
      r.limbs_[bit / 64] |= static_cast<std::uint64_t>(b[i]) << (bit % 64);
    }
    return r;
  }

  /// 32 bytes big-endian.
  [[nodiscard]] u256be to_be32() const noexcept {
    u256be out{};
    for (std::size_t i = 0; i < 32; ++i) {
      const std::size_t bit = 8 * (31 - i);
      out[i] = static_cast<std::byte>(limbs_[bit / 64] >> (bit % 64));
    }
    return out;
  }

  /// Big-endian without leading zero bytes; zero is the empty string (the RLP integer form).
  [[nodiscard]] std::vector<std::byte> to_minimal_be() const {
    const u256be full = to_be32();
    std::size_t i = 0;
    while (i < 32 && full[i] == std::byte{0}) ++i;
    return {full.begin() + static_cast<std::ptrdiff_t>(i), full.end()};
  }

  [[nodiscard]] constexpr bool is_zero() const noexcept { return (limbs_[0] | limbs_[1] | limbs_[2] | limbs_[3]) == 0; }
  [[nodiscard]] constexpr bool fits_u64() const noexcept { return (limbs_[1] | limbs_[2] | limbs_[3]) == 0; }
  [[nodiscard]] constexpr std::uint64_t low_u64() const noexcept { return limbs_[0]; }

  /// Number of significant bits (0 for zero).
  [[nodiscard]] constexpr unsigned bit_length() const noexcept {
    for (int i = 3; i >= 0; --i) {
      if (limbs_[static_cast<std::size_t>(i)] != 0) {
        unsigned n = 0;
        for (std::uint64_t v = limbs_[static_cast<std::size_t>(i)]; v != 0; v >>= 1) ++n;
        return static_cast<unsigned>(i) * 64 + n;
      }
    }
    return 0;
  }

  /// this = this·m + a. Returns false (this unspecified) on overflow past 2^256.
  constexpr bool mul_add(std::uint64_t m, std::uint64_t a) noexcept {
    detail::u128 carry = a;
    for (auto& l : limbs_) {
      const detail::u128 t = static_cast<detail::u128>(l) * m + carry;
      l = static_cast<std::uint64_t>(t);
      carry = t >> 64;
    }
    return carry == 0;
  }

  /// this = this − a. Returns false (this unspecified) if a > this.
  constexpr bool sub_small(std::uint64_t a) noexcept {
    for (auto& l : limbs_) {
      const std::uint64_t old = l;
      l = old - a;
      a = old < a ? 1 : 0;
      if (a == 0) return true;
    }
    return a == 0;
  }

  /// Remainder of this / d, quotient stored in this (d > 0).
  constexpr std::uint64_t div_small(std::uint64_t d) noexcept {
    detail::u128 rem = 0;
    for (int i = 3; i >= 0; --i) {
      const detail::u128 cur = (rem << 64) | limbs_[static_cast<std::size_t>(i)];
      limbs_[static_cast<std::size_t>(i)] = static_cast<std::uint64_t>(cur / d);
      rem = cur % d;
    }
    return static_cast<std::uint64_t>(rem);
  }

  /// Decimal digits, no sign, no leading zeros ("0" for zero).
  [[nodiscard]] std::string to_decimal() const {
    if (is_zero()) return "0";
    uint256 q = *this;
    std::string s;
    while (!q.is_zero()) s.insert(s.begin(), static_cast<char>('0' + q.div_small(10)));
    return s;
  }

  /// Ethereum JSON-RPC quantity: "0x" + lowercase hex without leading zeros ("0x0" for zero).
  [[nodiscard]] std::string to_quantity() const {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    for (int nib = 63; nib >= 0; --nib) {
      const auto d = (limbs_[static_cast<std::size_t>(nib) / 16] >> (4 * (static_cast<unsigned>(nib) % 16))) & 0xF;
      if (d != 0 || !s.empty()) s.push_back(digits[d]);
    }
    return "0x" + (s.empty() ? std::string("0") : s);
  }

  friend constexpr bool operator==(const uint256&, const uint256&) = default;
  friend constexpr std::strong_ordering operator<=>(const uint256& a, const uint256& b) noexcept {
    for (int i = 3; i >= 0; --i) {
      const auto x = a.limbs_[static_cast<std::size_t>(i)];
      const auto y = b.limbs_[static_cast<std::size_t>(i)];
      if (x != y) return x < y ? std::strong_ordering::less : std::strong_ordering::greater;
    }
    return std::strong_ordering::equal;
  }

  /// 2^bits − 1 (bits in 1..256).
  static constexpr uint256 max_of_bits(unsigned bits) noexcept {
    uint256 r;
    for (std::size_t i = 0; i < 4; ++i) {
      const unsigned lo = static_cast<unsigned>(i) * 64;
      if (bits >= lo + 64) r.limbs_[i] = ~std::uint64_t{0};
      else if (bits > lo) r.limbs_[i] = (std::uint64_t{1} << (bits - lo)) - 1;
    }
    return r;
  }

  /// Two's complement negation mod 2^256 (for EIP-712 intN encoding).
  [[nodiscard]] constexpr uint256 negated() const noexcept {
    uint256 r;
    detail::u128 carry = 1;
    for (std::size_t i = 0; i < 4; ++i) {
      const detail::u128 t = static_cast<detail::u128>(~limbs_[i]) + carry;
      r.limbs_[i] = static_cast<std::uint64_t>(t);
      carry = t >> 64;
    }
    return r;
  }

 private:
  std::array<std::uint64_t, 4> limbs_{};  ///< little-endian 64-bit limbs
};

/// Why a number text was rejected (see parse_uint256).
enum class number_error : std::uint8_t { none, empty, bad_digit, too_large };

/// Parses "0x" + hex digits (either case, leading zeros allowed) or decimal digits.
/// Returns: the value. Errors: empty ("", "0x"), bad_digit, too_large (≥ 2^256).
inline std::optional<uint256> parse_uint256(std::string_view s, number_error* why = nullptr) noexcept {
  auto fail = [&](number_error e) -> std::optional<uint256> {
    if (why != nullptr) *why = e;
    return std::nullopt;
  };
  const bool is_hex = s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  if (is_hex) s.remove_prefix(2);
  if (s.empty()) return fail(number_error::empty);
  uint256 v;
  for (char c : s) {
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (is_hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (is_hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    if (d < 0) return fail(number_error::bad_digit);
    if (!v.mul_add(is_hex ? 16 : 10, static_cast<std::uint64_t>(d))) return fail(number_error::too_large);
  }
  if (why != nullptr) *why = number_error::none;
  return v;
}

}  // namespace isolated_crypto::ethereum
