// Curve backend in portable C++ over Boost.Multiprecision fixed-width integers.
//
// ************************************************************************************
// *  VARIABLE-TIME. NOT FOR PRODUCTION KEYS.                                          *
// *  Every operation here — including k·G while signing and key·G — branches on and    *
// *  loops over the bits of secret scalars, and Boost.MP arithmetic itself is          *
// *  value-dependent. An attacker who can time signatures can recover the key.        *
// *  Use engines::libsecp256k1. This backend exists as an independent, readable        *
// *  reference implementation of the math (for differential tests) and for platforms  *
// *  with nothing else. Including it requires ISOLATED_CRYPTO_I_ACCEPT_VARIABLE_TIME.  *
// ************************************************************************************
//
// The math, in one place:
//  * Field F_p, p = 2^256 − 2^32 − 977. Elements are uint256_t in [0, p). Products are
//    reduced with 2^256 ≡ 2^32 + 977 (mod p) (two folds and a final subtraction).
//  * Curve y² = x³ + 7 over F_p; group order n (prime, cofactor 1, so no point has y = 0).
//  * Points in Jacobian coordinates (X, Y, Z) ↔ affine (X/Z², Y/Z³); Z = 0 is infinity.
//    Additions are "mixed" (Jacobian + affine); the only inversion is the final one back to
//    affine. Doubling: dbl-2009-l; mixed addition: the textbook formulas (see add_mixed).
//  * k·G: a table of the affine points 2^i·G (i = 0..255, built once) — one mixed addition
//    per set bit of k, no doublings. u1·G + u2·P (verify, recover): Shamir's trick, one
//    double-and-add pass over both scalars. verify compares x in Jacobian form (r·Z² = X).
//  * Inversion a^(p−2), square root a^((p+1)/4) (p ≡ 3 mod 4), scalar inversion a^(n−2),
//    all by 4-bit sliding-window exponentiation.
//
// Secrets: Boost.MP fixed-width numbers keep their limbs inside the object (no heap), on
// the stack. Named secret temporaries (keys, nonces, k⁻¹, the accumulator of k·G and its
// Jacobian result) are wiped before return (limbs zeroed, then a compiler barrier).
// Limitation: the short-lived 512-bit products inside field/scalar helpers are not wiped
// one by one (that would double the cost); they are stack slots overwritten by later calls.
#pragma once

#ifndef ISOLATED_CRYPTO_I_ACCEPT_VARIABLE_TIME
#error "portable_curve is VARIABLE-TIME (not for production keys): define ISOLATED_CRYPTO_I_ACCEPT_VARIABLE_TIME before including it"
#endif

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/multiprecision/cpp_int.hpp>

#include "../concepts.hpp"
#include "../detail/low_s.hpp"
#include "../secret.hpp"
#include "../types.hpp"

namespace isolated_crypto::engines {

namespace portable_detail {

using boost::multiprecision::uint256_t;  // number<cpp_int_backend<256, 256, unsigned, unchecked>>
using boost::multiprecision::uint512_t;
using namespace boost::multiprecision::literals;

/// Field prime p = 2^256 − 2^32 − 977.
inline constexpr uint256_t field_p = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F_cppui256;
/// Group order n.
inline constexpr uint256_t order_n = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141_cppui256;
/// 2^256 mod p = 2^32 + 977: the folding constant of the fast reduction.
inline constexpr std::uint64_t fold_c = 0x1000003D1ULL;
/// Generator G.
inline constexpr uint256_t gen_x = 0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798_cppui256;
inline constexpr uint256_t gen_y = 0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8_cppui256;

// ---- wiping and bytes ----

/// Zeroes all limbs of a fixed-width number (not just the used ones), then sets it to 0.
template <class Number>
inline void wipe(Number& x) noexcept {
  auto& b = x.backend();
  secure_wipe(b.limbs(), sizeof(*b.limbs()) * b.internal_limb_count);
  x = 0;
  __asm__ __volatile__("" : : "r"(&x) : "memory");
}

/// 32 big-endian bytes → uint256_t, written limb by limb (no shifted temporaries).
inline uint256_t load(const std::byte* in) noexcept {
  uint256_t x;
  auto& b = x.backend();
  b.resize(b.internal_limb_count, b.internal_limb_count);
  constexpr std::size_t limb_bytes = sizeof(*b.limbs());
  for (std::size_t l = 0; l < b.internal_limb_count; ++l) b.limbs()[l] = 0;
  for (std::size_t i = 0; i < 32; ++i) {  // i-th byte from the least significant end
    using limb = std::remove_reference_t<decltype(*b.limbs())>;
    b.limbs()[i / limb_bytes] |= static_cast<limb>(static_cast<unsigned char>(in[31 - i])) << (8 * (i % limb_bytes));
  }
  b.normalize();
  return x;
}

/// uint256_t → 32 big-endian bytes.
inline void store(const uint256_t& x, std::byte* out) noexcept {
  const auto& b = x.backend();
  constexpr std::size_t limb_bytes = sizeof(*b.limbs());
  for (std::size_t i = 0; i < 32; ++i) {
    const std::size_t l = i / limb_bytes;
    const auto v = l < b.size() ? (b.limbs()[l] >> (8 * (i % limb_bytes))) & 0xFF : 0;
    out[31 - i] = static_cast<std::byte>(v);
  }
}

/// The low 256 bits of a 512-bit number, and the high ones.
inline uint256_t low_half(const uint512_t& t) noexcept { return static_cast<uint256_t>(t); }  // truncates
inline uint256_t high_half(const uint512_t& t) noexcept { return static_cast<uint256_t>(t >> 256); }

// ---- the field F_p ----

/// (a + b) mod p for a, b < p. uint256_t wraps mod 2^256 (unchecked), which the
/// subtraction of p undoes when the true sum overflowed.
inline uint256_t fadd(const uint256_t& a, const uint256_t& b) noexcept {
  uint256_t s = a + b;
  if (s < a || s >= field_p) s -= field_p;
  return s;
}
/// (a − b) mod p for a, b < p.
inline uint256_t fsub(const uint256_t& a, const uint256_t& b) noexcept {
  uint256_t d = a - b;
  if (a < b) d += field_p;  // wraps back into [0, p)
  return d;
}
inline uint256_t fneg(const uint256_t& a) noexcept { return a == 0 ? a : field_p - a; }

/// t mod p for t < 2^512: t = hi·2^256 + lo ≡ hi·(2^32 + 977) + lo. The first fold leaves
/// < 2^290, the second < 2^256 + 2^67, then at most two subtractions of p.
inline uint256_t freduce(const uint512_t& t) noexcept {
  uint512_t u = uint512_t(high_half(t)) * fold_c + low_half(t);
  u = uint512_t(high_half(u)) * fold_c + low_half(u);
  while (u >= field_p) u -= field_p;
  return low_half(u);
}
inline uint256_t fmul(const uint256_t& a, const uint256_t& b) noexcept { return freduce(uint512_t(a) * b); }
inline uint256_t fsqr(const uint256_t& a) noexcept { return fmul(a, a); }

/// a^e with the multiplication `mul` (mod p or mod n): left-to-right sliding window of 4
/// bits over a table of the odd powers a, a³, …, a¹⁵ (≈ 256 squarings + 55 products for a
/// 256-bit e instead of ≈ 128 products bit by bit). Variable-time in e and a; e is a
/// public constant at every call site.
template <class Mul>
inline uint256_t pow_window(const uint256_t& a, const uint256_t& e, Mul mul) noexcept {
  std::array<uint256_t, 8> odd;  // odd[i] = a^(2i+1)
  odd[0] = a;
  const uint256_t a2 = mul(a, a);
  for (std::size_t i = 1; i < odd.size(); ++i) odd[i] = mul(odd[i - 1], a2);
  uint256_t r = 1;
  int i = static_cast<int>(boost::multiprecision::msb(e));
  while (i >= 0) {
    if (!boost::multiprecision::bit_test(e, static_cast<unsigned>(i))) {
      r = mul(r, r);
      --i;
      continue;
    }
    // The longest window e[i..j] of at most 4 bits that ends in a 1 bit.
    int j = i - 3 < 0 ? 0 : i - 3;
    while (!boost::multiprecision::bit_test(e, static_cast<unsigned>(j))) ++j;
    unsigned window = 0;
    for (int b = i; b >= j; --b) {
      r = mul(r, r);
      window = (window << 1) | (boost::multiprecision::bit_test(e, static_cast<unsigned>(b)) ? 1U : 0U);
    }
    r = mul(r, odd[window >> 1]);
    i = j - 1;
  }
  for (auto& v : odd) wipe(v);  // ninv raises a secret nonce
  return r;
}
inline uint256_t fpow(const uint256_t& a, const uint256_t& e) noexcept {
  return pow_window(a, e, [](const uint256_t& x, const uint256_t& y) { return fmul(x, y); });
}
/// a⁻¹ = a^(p−2) (Fermat). Precondition: a ≠ 0.
inline uint256_t finv(const uint256_t& a) noexcept { return fpow(a, field_p - 2); }

/// A square root of a if one exists: p ≡ 3 (mod 4), so a^((p+1)/4) is one when a is a square.
inline std::optional<uint256_t> fsqrt(const uint256_t& a) noexcept {
  static constexpr uint256_t exponent = (field_p + 1) / 4;
  uint256_t y = fpow(a, exponent);
  if (fsqr(y) != a) return std::nullopt;
  return y;
}

/// x³ + 7: the right-hand side of the curve equation.
inline uint256_t curve_rhs(const uint256_t& x) noexcept { return fadd(fmul(fsqr(x), x), 7); }

// ---- scalars mod n ----

inline uint256_t nmul(const uint256_t& a, const uint256_t& b) noexcept {
  return low_half((uint512_t(a) * b) % order_n);
}
inline uint256_t nadd(const uint256_t& a, const uint256_t& b) noexcept {
  uint256_t s = a + b;
  if (s < a || s >= order_n) s -= order_n;
  return s;
}
inline uint256_t nneg(const uint256_t& a) noexcept { return a == 0 ? a : order_n - a; }
/// a⁻¹ mod n = a^(n−2) (n is prime). Variable-time in a (used on k while signing).
inline uint256_t ninv(const uint256_t& a) noexcept {
  static constexpr uint256_t e = order_n - 2;
  return pow_window(a, e, [](const uint256_t& x, const uint256_t& y) { return nmul(x, y); });
}

// ---- points ----

struct affine {
  uint256_t x, y;
  bool infinity = false;
};
struct jacobian {
  uint256_t x, y, z;  ///< z = 0: the point at infinity
  [[nodiscard]] bool is_infinity() const noexcept { return z == 0; }
  static jacobian from(const affine& a) noexcept {
    if (a.infinity) return {1, 1, 0};
    return {a.x, a.y, 1};
  }
  void wipe_all() noexcept {
    wipe(x);
    wipe(y);
    wipe(z);
  }
};

/// 2·P (dbl-2009-l, a = 0): A = X², B = Y², C = B², D = 2((X+B)² − A − C), E = 3A,
/// X' = E² − 2D, Y' = E(D − X') − 8C, Z' = 2YZ.
inline jacobian dbl(const jacobian& p) noexcept {
  if (p.is_infinity() || p.y == 0) return {1, 1, 0};
  const uint256_t a = fsqr(p.x);
  const uint256_t b = fsqr(p.y);
  const uint256_t c = fsqr(b);
  uint256_t d = fsub(fsub(fsqr(fadd(p.x, b)), a), c);
  d = fadd(d, d);
  const uint256_t e = fadd(fadd(a, a), a);
  const uint256_t x3 = fsub(fsqr(e), fadd(d, d));
  uint256_t c8 = fadd(c, c);
  c8 = fadd(c8, c8);
  c8 = fadd(c8, c8);
  const uint256_t y3 = fsub(fmul(e, fsub(d, x3)), c8);
  const uint256_t yz = fmul(p.y, p.z);
  return {x3, y3, fadd(yz, yz)};
}

/// P + Q with P Jacobian, Q affine. With U2 = x_Q·Z², S2 = y_Q·Z³, H = U2 − X, R = S2 − Y:
/// X' = R² − H³ − 2·X·H², Y' = R(X·H² − X') − Y·H³, Z' = Z·H. H = 0 means x_P = x_Q: then
/// P = Q (R = 0, so double) or P = −Q (the sum is infinity).
inline jacobian add_mixed(const jacobian& p, const affine& q) noexcept {
  if (q.infinity) return p;
  if (p.is_infinity()) return jacobian::from(q);
  const uint256_t z2 = fsqr(p.z);
  const uint256_t u2 = fmul(q.x, z2);
  const uint256_t s2 = fmul(q.y, fmul(p.z, z2));
  const uint256_t h = fsub(u2, p.x);
  const uint256_t r = fsub(s2, p.y);
  if (h == 0) return r == 0 ? dbl(p) : jacobian{1, 1, 0};
  const uint256_t hh = fsqr(h);
  const uint256_t hhh = fmul(h, hh);
  const uint256_t v = fmul(p.x, hh);
  const uint256_t x3 = fsub(fsub(fsqr(r), hhh), fadd(v, v));
  const uint256_t y3 = fsub(fmul(r, fsub(v, x3)), fmul(p.y, hhh));
  return {x3, y3, fmul(p.z, h)};
}

/// (X/Z², Y/Z³): the one inversion of a scalar multiplication.
inline affine to_affine(const jacobian& p) noexcept {
  if (p.is_infinity()) return {0, 0, true};
  uint256_t zi = finv(p.z);
  uint256_t zi2 = fsqr(zi);
  affine a{fmul(p.x, zi2), fmul(p.y, fmul(zi, zi2)), false};
  wipe(zi);
  wipe(zi2);
  return a;
}

/// 2^i·G for i = 0..255 (public constants), built on first use.
inline const std::array<affine, 256>& base_table() noexcept {
  static const std::array<affine, 256> table = [] {
    std::array<affine, 256> t;
    t[0] = {gen_x, gen_y, false};
    for (std::size_t i = 1; i < 256; ++i) t[i] = to_affine(dbl(jacobian::from(t[i - 1])));
    return t;
  }();
  return table;
}

/// acc + k·G: one mixed addition of 2^i·G per set bit i of k. VARIABLE-TIME in k.
/// Secrets: k may be secret; the caller wipes the returned accumulator.
inline jacobian mul_base_add(const uint256_t& k, jacobian acc) noexcept {
  const auto& table = base_table();
  for (unsigned i = 0; i < 256; ++i) {
    if (boost::multiprecision::bit_test(k, i)) acc = add_mixed(acc, table[i]);
  }
  return acc;
}
inline jacobian mul_base(const uint256_t& k) noexcept { return mul_base_add(k, jacobian{1, 1, 0}); }

/// u1·G + u2·P by Shamir's trick: one pass of doublings over both scalars, adding G, P or
/// G + P (made affine once) for each bit pair. Public data only.
inline jacobian mul_base_plus(const uint256_t& u1, const affine& p, const uint256_t& u2) noexcept {
  const affine g{gen_x, gen_y, false};
  const affine g_plus_p = to_affine(add_mixed(jacobian::from(g), p));
  jacobian acc{1, 1, 0};
  if (u1 == 0 && u2 == 0) return acc;
  const std::size_t top = std::max(u1 == 0 ? 0 : boost::multiprecision::msb(u1), u2 == 0 ? 0 : boost::multiprecision::msb(u2));
  for (std::size_t i = top + 1; i-- > 0;) {
    acc = dbl(acc);
    const bool b1 = boost::multiprecision::bit_test(u1, static_cast<unsigned>(i));
    const bool b2 = boost::multiprecision::bit_test(u2, static_cast<unsigned>(i));
    if (b1 && b2) {
      acc = add_mixed(acc, g_plus_p);
    } else if (b1) {
      acc = add_mixed(acc, g);
    } else if (b2) {
      acc = add_mixed(acc, p);
    }
  }
  return acc;
}

inline bool on_curve(const uint256_t& x, const uint256_t& y) noexcept {
  return x < field_p && y < field_p && fsqr(y) == curve_rhs(x);
}

inline std::optional<affine> lift_x(const uint256_t& x, bool y_odd) noexcept {
  if (x >= field_p) return std::nullopt;
  auto y = fsqrt(curve_rhs(x));
  if (!y) return std::nullopt;
  if (boost::multiprecision::bit_test(*y, 0) != y_odd) *y = fneg(*y);
  return affine{x, *y, false};
}

inline affine_point to_public(const affine& a) noexcept {
  affine_point out;
  store(a.x, out.x.data());
  store(a.y, out.y.data());
  return out;
}

}  // namespace portable_detail

struct portable_curve {
  static constexpr std::string_view name = "portable";
  /// Never constant-time: see the banner at the top of this header.
  static constexpr bool constant_time = false;
  /// Marks a backend whose secret-dependent work is variable-time by design.
  static constexpr bool variable_time = true;

  /// key = key + tweak mod n; false (key unchanged) if tweak ≥ n or the sum is 0.
  /// Secrets: key, tweak, sum (wiped). Constant-time: NO.
  static bool seckey_tweak_add(secret_array<32>& key, const secret_array<32>& tweak) noexcept {
    namespace pd = portable_detail;
    uint256_t t = pd::load(tweak.bytes(detail::secret_access{}).data());
    uint256_t sum = pd::load(key.bytes(detail::secret_access{}).data());
    bool ok = t < pd::order_n;
    if (ok) {
      sum = pd::nadd(sum, t);
      ok = sum != 0;
      if (ok) pd::store(sum, key.bytes(detail::secret_access{}).data());
    }
    pd::wipe(t);
    pd::wipe(sum);
    return ok;
  }

  /// key·G. Precondition: 0 < key < n. Secrets: key, the accumulator (wiped). Constant-time: NO.
  static compressed_point pubkey_create(const secret_array<32>& key) noexcept {
    namespace pd = portable_detail;
    uint256_t d = pd::load(key.bytes(detail::secret_access{}).data());
    pd::jacobian acc = pd::mul_base(d);
    const pd::affine q = pd::to_affine(acc);
    pd::wipe(d);
    acc.wipe_all();
    compressed_point c;
    pd::store(q.x, c.x.data());
    c.y_odd = boost::multiprecision::bit_test(q.y, 0);
    return c;
  }

  /// Full point from x and the parity of y; nullopt if x ≥ p or x³ + 7 is not a square.
  static std::optional<affine_point> decompress(const compressed_point& c) noexcept {
    namespace pd = portable_detail;
    const auto q = pd::lift_x(pd::load(c.x.data()), c.y_odd);
    if (!q) return std::nullopt;
    return pd::to_public(*q);
  }

  /// true if x, y < p and y² = x³ + 7 (mod p).
  static bool is_on_curve(const affine_point& a) noexcept {
    namespace pd = portable_detail;
    return pd::on_curve(pd::load(a.x.data()), pd::load(a.y.data()));
  }

  /// ECDSA verification, any S: with w = s⁻¹, X = (z·w)·G + (r·w)·Q; valid iff X ≠ ∞ and
  /// X.x mod n = r. Public data only.
  static bool verify(const affine_point& pub, const u256be& digest, const signature& sig) noexcept {
    namespace pd = portable_detail;
    const pd::affine q{pd::load(pub.x.data()), pd::load(pub.y.data()), false};
    if (!pd::on_curve(q.x, q.y)) return false;
    const uint256_t r = pd::load(sig.r.data());
    const uint256_t s = pd::load(sig.s.data());
    if (r == 0 || r >= pd::order_n || s == 0 || s >= pd::order_n) return false;
    const uint256_t z = pd::load(digest.data()) % pd::order_n;
    const uint256_t w = pd::ninv(s);
    const pd::jacobian x = pd::mul_base_plus(pd::nmul(z, w), q, pd::nmul(r, w));
    if (x.is_infinity()) return false;
    // x(X) mod n = r ⇔ x(X) ∈ {r, r + n} (x(X) < p < 2n) ⇔ X_jac = c·Z² for c = r or r + n < p:
    // no inversion needed.
    const uint256_t z2 = pd::fsqr(x.z);
    if (pd::fmul(r, z2) == x.x) return true;
    const uint256_t r_plus_n = r + pd::order_n;  // wraps iff ≥ 2^256 (then ≥ p)
    return r_plus_n > r && r_plus_n < pd::field_p && pd::fmul(r_plus_n, z2) == x.x;
  }

  /// Q = r⁻¹(s·R − z·G) = (−z·r⁻¹)·G + (s·r⁻¹)·R, where R has x = r (+ n if x_reduced)
  /// and the y parity of the recovery id. nullopt if r, s ∉ [1, n−1], R does not exist or
  /// Q = ∞. Public data only.
  static std::optional<affine_point> recover(const u256be& digest, const signature& sig, recovery_id rid) noexcept {
    namespace pd = portable_detail;
    const uint256_t r = pd::load(sig.r.data());
    const uint256_t s = pd::load(sig.s.data());
    if (r == 0 || r >= pd::order_n || s == 0 || s >= pd::order_n) return std::nullopt;
    uint256_t rx = r;
    if (rid.x_reduced) {
      rx += pd::order_n;  // r < n, so r + n < 2^257; it wrapped iff the result is < n
      if (rx < pd::order_n || rx >= pd::field_p) return std::nullopt;
    }
    const auto big_r = pd::lift_x(rx, rid.y_odd);
    if (!big_r) return std::nullopt;
    const uint256_t z = pd::load(digest.data()) % pd::order_n;
    const uint256_t r_inv = pd::ninv(r);
    const pd::affine q = pd::to_affine(pd::mul_base_plus(pd::nmul(pd::nneg(z), r_inv), *big_r, pd::nmul(s, r_inv)));
    if (q.infinity) return std::nullopt;
    return pd::to_public(q);
  }

  /// ECDSA: for each candidate k from `nonces` (k ∈ [1, n−1], else the next one):
  /// R = k·G, r = R.x mod n, s = k⁻¹(z + r·d) mod n; retry if r = 0 or s = 0. Then low-S,
  /// recovery id (bit 0: R.y odd, bit 1: R.x ≥ n). nullopt only after 1000 failed
  /// candidates (a broken nonce source). Secrets: d, k, k⁻¹, r·d, z + r·d, the Jacobian
  /// R (all wiped). Constant-time: NO.
  template <nonce_source Nonces>
  static std::optional<recoverable_signature> sign(const secret_array<32>& key, const u256be& digest,
                                                   Nonces& nonces) noexcept {
    namespace pd = portable_detail;
    uint256_t d = pd::load(key.bytes(detail::secret_access{}).data());
    const uint256_t z = pd::load(digest.data()) % pd::order_n;
    std::optional<recoverable_signature> out;
    uint256_t k;
    uint256_t k_inv;
    uint256_t rd;
    uint256_t sum;
    for (int attempt = 0; attempt < 1000 && !out; ++attempt) {
      secret_array<32> k_bytes;
      nonces.next(k_bytes);
      k = pd::load(k_bytes.bytes(detail::secret_access{}).data());
      if (k == 0 || k >= pd::order_n) continue;
      pd::jacobian big_rj = pd::mul_base(k);
      const pd::affine big_r = pd::to_affine(big_rj);
      big_rj.wipe_all();
      const uint256_t r = big_r.x % pd::order_n;
      if (r == 0) continue;
      k_inv = pd::ninv(k);
      rd = pd::nmul(r, d);
      sum = pd::nadd(z, rd);
      const uint256_t s = pd::nmul(k_inv, sum);
      if (s == 0) continue;
      recoverable_signature rs;
      pd::store(r, rs.sig.r.data());
      pd::store(s, rs.sig.s.data());
      rs.recid.y_odd = boost::multiprecision::bit_test(big_r.y, 0);
      rs.recid.x_reduced = big_r.x >= pd::order_n;
      detail::normalize_low_s(rs);
      out = rs;
    }
    pd::wipe(d);
    pd::wipe(k);
    pd::wipe(k_inv);
    pd::wipe(rd);
    pd::wipe(sum);
    return out;
  }

 private:
  using uint256_t = portable_detail::uint256_t;
};

}  // namespace isolated_crypto::engines
