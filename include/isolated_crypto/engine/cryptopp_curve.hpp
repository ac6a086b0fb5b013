// Curve backend over Crypto++ (ECP over secp256k1, Integer, ModularArithmetic): an
// independent second implementation of the curve arithmetic, for differential testing and
// for platforms where libsecp256k1 is not wanted.
//
// Constant-time: NO. Crypto++'s Integer is not constant-time (its length, division and
// modular inversion depend on the values), and the fixed-base exponentiation branches on
// the exponent's digits. Signing (k·G, k⁻¹) and key tweaking are therefore variable-time in
// secret data: `constant_time = false`. Prefer engines::libsecp256k1 where timing matters.
//
// Secrets: Crypto++ Integers keep their limbs in SecBlocks, which are zeroized when freed;
// each secret (key, nonce, k⁻¹, partial sums) lives in one named Integer per call, and every
// ECP/ModularArithmetic object that did arithmetic on secrets is per call (destroyed, and so
// wiped, before return). The shared, precomputed base-point table holds public data only.
//
// Errors: Crypto++ reports only allocation failure by exception here; these functions are
// noexcept, so that terminates (as out-of-memory does elsewhere in the SDK).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include <cryptopp/eccrypto.h>
#include <cryptopp/ecp.h>
#include <cryptopp/integer.h>
#include <cryptopp/nbtheory.h>
#include <cryptopp/oids.h>

#include "../concepts.hpp"
#include "../detail/low_s.hpp"
#include "../secret.hpp"
#include "../types.hpp"

namespace isolated_crypto::engines {

struct cryptopp_curve {
  static constexpr std::string_view name = "cryptopp";
  /// Crypto++ Integer arithmetic is variable-time (see the header comment).
  static constexpr bool constant_time = false;

  /// key = key + tweak mod n; false (key unchanged) if tweak ≥ n or the sum is 0.
  /// Secrets: key, tweak, sum. Constant-time: no.
  static bool seckey_tweak_add(secret_array<32>& key, const secret_array<32>& tweak) noexcept {
    const auto& n = group().n;
    const CryptoPP::Integer t = from_secret(tweak);
    if (t >= n) return false;
    CryptoPP::Integer sum = from_secret(key);
    sum += t;
    if (sum >= n) sum -= n;
    if (sum.IsZero()) return false;
    sum.Encode(key.u8(detail::secret_access{}), 32);
    return true;
  }

  /// key·G. Precondition: 0 < key < n. Secrets: key. Constant-time: no.
  static compressed_point pubkey_create(const secret_array<32>& key) noexcept {
    const context ctx;
    const CryptoPP::Integer d = from_secret(key);
    return compress(ctx.mul_base(d));
  }

  /// Full point from x and the parity of y; nullopt if x ≥ p or x³ + 7 is not a square.
  static std::optional<affine_point> decompress(const compressed_point& c) noexcept {
    const auto& p = group().p;
    const CryptoPP::Integer x = from_public(c.x);
    if (x >= p) return std::nullopt;
    const CryptoPP::Integer rhs = (x * x % p * x + 7) % p;
    if (CryptoPP::Jacobi(rhs, p) != 1) return std::nullopt;  // rhs = 0 has no point: n is odd
    CryptoPP::Integer y = CryptoPP::ModularSquareRoot(rhs, p);
    if (y.IsOdd() != c.y_odd) y = p - y;
    return to_affine(CryptoPP::ECPPoint(x, y));
  }

  /// true if x, y < p and y² = x³ + 7 (mod p).
  static bool is_on_curve(const affine_point& a) noexcept {
    CryptoPP::ECPPoint q;
    return from_affine(a, q);
  }

  /// ECDSA verification, any S. Constant-time: not needed (public data).
  static bool verify(const affine_point& pub, const u256be& digest, const signature& sig) noexcept {
    const auto& n = group().n;
    CryptoPP::ECPPoint q;
    if (!from_affine(pub, q)) return false;
    const CryptoPP::Integer r = from_public(sig.r);
    const CryptoPP::Integer s = from_public(sig.s);
    if (r.IsZero() || r >= n || s.IsZero() || s >= n) return false;
    const CryptoPP::Integer z = from_public(digest) % n;
    const CryptoPP::Integer w = s.InverseMod(n);
    const context ctx;
    const CryptoPP::ECPPoint x = ctx.mul_base_add(a_times_b_mod_c(z, w, n), q, a_times_b_mod_c(r, w, n));
    if (x.identity) return false;
    return x.x % n == r;
  }

  /// Q = r⁻¹(s·R − z·G), R the point with x = r (+ n if x_reduced) and y parity y_odd.
  /// nullopt if r or s is out of [1, n−1], R does not exist, or Q is the point at infinity.
  static std::optional<affine_point> recover(const u256be& digest, const signature& sig, recovery_id rid) noexcept {
    const auto& n = group().n;
    const CryptoPP::Integer r = from_public(sig.r);
    const CryptoPP::Integer s = from_public(sig.s);
    if (r.IsZero() || r >= n || s.IsZero() || s >= n) return std::nullopt;
    compressed_point rc{.x = {}, .y_odd = rid.y_odd};
    const CryptoPP::Integer rx = rid.x_reduced ? r + n : r;
    if (rx >= group().p) return std::nullopt;
    rx.Encode(reinterpret_cast<CryptoPP::byte*>(rc.x.data()), 32);
    const auto big_r = decompress(rc);
    if (!big_r) return std::nullopt;
    CryptoPP::ECPPoint rp;
    (void)from_affine(*big_r, rp);
    const CryptoPP::Integer z = from_public(digest) % n;
    const CryptoPP::Integer r_inv = r.InverseMod(n);
    const CryptoPP::Integer u1 = a_times_b_mod_c(n - z, r_inv, n);  // −z/r (z = 0 gives n ≡ 0)
    const CryptoPP::Integer u2 = a_times_b_mod_c(s, r_inv, n);
    const context ctx;
    const CryptoPP::ECPPoint q = ctx.mul_base_add(u1, rp, u2);
    if (q.identity) return std::nullopt;
    return to_affine(q);
  }

  /// ECDSA with nonces from `nonces` until k ∈ [1, n−1], r ≠ 0 and s ≠ 0; low-S; recovery
  /// id from R = k·G (bit 0: R.y odd, bit 1: R.x ≥ n). nullopt only if 1000 candidates in a
  /// row fail (probability ~2^-128000 for RFC 6979: a broken nonce source).
  /// Secrets: key, k, k⁻¹, r·d, z + r·d (Integers, wiped when freed). Constant-time: no.
  template <nonce_source Nonces>
  static std::optional<recoverable_signature> sign(const secret_array<32>& key, const u256be& digest,
                                                   Nonces& nonces) noexcept {
    const auto& n = group().n;
    const CryptoPP::Integer d = from_secret(key);
    const CryptoPP::Integer z = from_public(digest) % n;
    const context ctx;
    for (int attempt = 0; attempt < 1000; ++attempt) {
      secret_array<32> k_bytes;
      nonces.next(k_bytes);
      const CryptoPP::Integer k = from_secret(k_bytes);
      if (k.IsZero() || k >= n) continue;
      const CryptoPP::ECPPoint big_r = ctx.mul_base(k);
      const CryptoPP::Integer r = big_r.x % n;
      if (r.IsZero()) continue;
      const CryptoPP::Integer k_inv = k.InverseMod(n);
      CryptoPP::Integer rd = a_times_b_mod_c(r, d, n);
      rd += z;
      const CryptoPP::Integer s = a_times_b_mod_c(k_inv, rd, n);
      if (s.IsZero()) continue;
      recoverable_signature out;
      r.Encode(reinterpret_cast<CryptoPP::byte*>(out.sig.r.data()), 32);
      s.Encode(reinterpret_cast<CryptoPP::byte*>(out.sig.s.data()), 32);
      out.recid.y_odd = big_r.y.IsOdd();
      out.recid.x_reduced = big_r.x >= n;
      detail::normalize_low_s(out);
      return out;
    }
    return std::nullopt;
  }

 private:
  /// The curve, generator, orders and the base-point precomputation table. Built once,
  /// then only read (Crypto++'s const table lookups do not mutate it), so threads share it.
  struct curve_group {
    CryptoPP::DL_GroupParameters_EC<CryptoPP::ECP> params;
    CryptoPP::Integer p;
    CryptoPP::Integer n;
    curve_group() : params(CryptoPP::ASN1::secp256k1()) {
      params.Precompute();
      p = params.GetCurve().GetField().GetModulus();
      n = params.GetSubgroupOrder();
    }
  };
  static const curve_group& group() noexcept {
    static const curve_group g;
    return g;
  }

  /// Per-call arithmetic: Crypto++'s ECP keeps mutable scratch points, so curve objects are
  /// never shared between calls (or threads); this one (Montgomery form) is wiped on return.
  struct context {
    CryptoPP::EcPrecomputation<CryptoPP::ECP> mont;
    context() { mont.SetCurve(group().params.GetCurve()); }
    /// e·G with the shared precomputed table.
    [[nodiscard]] CryptoPP::ECPPoint mul_base(const CryptoPP::Integer& e) const {
      return group().params.GetBasePrecomputation().Exponentiate(mont, e);
    }
    /// e1·G + e2·Q (Crypto++'s own ECDSA verification path).
    [[nodiscard]] CryptoPP::ECPPoint mul_base_add(const CryptoPP::Integer& e1, const CryptoPP::ECPPoint& q,
                                                  const CryptoPP::Integer& e2) const {
      CryptoPP::DL_FixedBasePrecomputationImpl<CryptoPP::ECPPoint> q_table;
      q_table.SetBase(mont, q);
      return group().params.GetBasePrecomputation().CascadeExponentiate(mont, e1, q_table, e2);
    }
  };

  static CryptoPP::Integer from_public(const u256be& b) noexcept {
    return {reinterpret_cast<const CryptoPP::byte*>(b.data()), b.size()};
  }
  static CryptoPP::Integer from_secret(const secret_array<32>& b) noexcept {
    return {b.u8(detail::secret_access{}), 32};
  }
  static bool from_affine(const affine_point& a, CryptoPP::ECPPoint& out) noexcept {
    const auto& p = group().p;
    out = CryptoPP::ECPPoint(from_public(a.x), from_public(a.y));
    if (out.x >= p || out.y >= p) return false;
    return (out.y * out.y - (out.x * out.x % p * out.x + 7)) % p == 0;
  }
  static affine_point to_affine(const CryptoPP::ECPPoint& q) noexcept {
    affine_point a;
    q.x.Encode(reinterpret_cast<CryptoPP::byte*>(a.x.data()), 32);
    q.y.Encode(reinterpret_cast<CryptoPP::byte*>(a.y.data()), 32);
    return a;
  }
  static compressed_point compress(const CryptoPP::ECPPoint& q) noexcept {
    compressed_point c;
    q.x.Encode(reinterpret_cast<CryptoPP::byte*>(c.x.data()), 32);
    c.y_odd = q.y.IsOdd();
    return c;
  }
};

}  // namespace isolated_crypto::engines
