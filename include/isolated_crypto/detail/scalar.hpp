// Byte-level operations on secp256k1 scalars (mod n), branch-free on their inputs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace isolated_crypto::detail {

/// The group order n of secp256k1, big-endian.
inline constexpr std::array<std::uint8_t, 32> secp256k1_order{
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
    0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41};

/// n / 2 (floor): s ≤ half_order is "low S".
inline constexpr std::array<std::uint8_t, 32> secp256k1_half_order{
    0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0x5D, 0x57, 0x6E, 0x73, 0x57, 0xA4, 0x50, 0x1D, 0xDF, 0xE9, 0x2F, 0x46, 0x68, 0x1B, 0x20, 0xA0};

/// a - b over 32 big-endian bytes into out; returns the final borrow (1 if a < b).
inline std::uint32_t sub256(const std::byte* a, const std::uint8_t* b, std::byte* out) noexcept {
  std::uint32_t borrow = 0;
  for (int i = 31; i >= 0; --i) {
    const std::uint32_t d = static_cast<std::uint32_t>(a[i]) - b[i] - borrow;
    out[i] = static_cast<std::byte>(d & 0xFF);
    borrow = (d >> 8) & 1;
  }
  return borrow;
}

/// 1 if the 32-byte big-endian value a is < limit, else 0.
inline std::uint32_t lt256(const std::byte* a, const std::uint8_t* limit) noexcept {
  std::array<std::byte, 32> scratch;
  const std::uint32_t borrow = sub256(a, limit, scratch.data());
  return borrow;
}

/// 1 if all 32 bytes are zero.
inline std::uint32_t is_zero256(const std::byte* a) noexcept {
  std::uint32_t acc = 0;
  for (int i = 0; i < 32; ++i) acc |= static_cast<std::uint32_t>(a[i]);
  return ((acc - 1) >> 8) & 1;
}

/// 1 if 0 < a < n (a valid secret key / nonce).
inline std::uint32_t is_valid_scalar(const std::byte* a) noexcept {
  return lt256(a, secp256k1_order.data()) & (is_zero256(a) ^ 1U);
}

/// out = a mod n for any 256-bit a (a < 2n always holds since 2^256 < 2n).
inline void reduce_mod_order(const std::byte* a, std::byte* out) noexcept {
  std::array<std::byte, 32> diff;
  const std::uint32_t borrow = sub256(a, secp256k1_order.data(), diff.data());
  const auto keep_a = static_cast<std::uint8_t>(0U - borrow);  // 0xFF if a < n
  for (int i = 0; i < 32; ++i) {
    out[i] = (a[i] & std::byte{keep_a}) | (diff[i] & std::byte{static_cast<std::uint8_t>(~keep_a)});
  }
}

/// out = n - a (for 0 < a < n): the negation used by low-S normalisation.
inline void negate_mod_order(const std::byte* a, std::byte* out) noexcept {
  std::array<std::byte, 32> n;
  for (int i = 0; i < 32; ++i) n[i] = static_cast<std::byte>(secp256k1_order[i]);
  std::array<std::uint8_t, 32> av;
  for (int i = 0; i < 32; ++i) av[i] = static_cast<std::uint8_t>(a[i]);
  (void)sub256(n.data(), av.data(), out);
}

/// 1 if s > n/2.
inline std::uint32_t is_high_s(const std::byte* s) noexcept {
  std::array<std::byte, 32> scratch;
  std::array<std::uint8_t, 32> sv;
  for (int i = 0; i < 32; ++i) sv[i] = static_cast<std::uint8_t>(s[i]);
  std::array<std::byte, 32> half;
  for (int i = 0; i < 32; ++i) half[i] = static_cast<std::byte>(secp256k1_half_order[i]);
  return sub256(half.data(), sv.data(), scratch.data());  // borrow iff half < s
}

}  // namespace isolated_crypto::detail
