// Curve backend over libsecp256k1 (with its recovery module). Constant-time: yes, for
// every operation on secret data (libsecp256k1's guarantee).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <unistd.h>

#include "../concepts.hpp"
#include "../secret.hpp"
#include "../types.hpp"

namespace isolated_crypto::engines {

struct libsecp256k1_curve {
  static constexpr std::string_view name = "libsecp256k1";
  static constexpr bool constant_time = true;

  /// The process-wide context: created and randomized once (creation costs ~30 µs), then
  /// only read, which libsecp256k1 allows from many threads at once.
  static const secp256k1_context* context() noexcept {
    static const secp256k1_context* const ctx = [] {
      secp256k1_context* c = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
      std::array<unsigned char, 32> seed{};
      if (getentropy(seed.data(), seed.size()) != 0 || secp256k1_context_randomize(c, seed.data()) != 1) {
        std::abort();  // no entropy for blinding: refuse to run rather than run unblinded
      }
      secure_wipe(seed.data(), seed.size());
      return c;
    }();
    return ctx;
  }

  static bool seckey_tweak_add(secret_array<32>& key, const secret_array<32>& tweak) noexcept {
    secret_array<32> sum = key.clone();
    const int ok =
        secp256k1_ec_seckey_tweak_add(context(), sum.u8(detail::secret_access{}), tweak.u8(detail::secret_access{}));
    scrub_stack();  // libsecp256k1 0.2.0 (native) and 0.5.0 (wasm) leave scalar copies in dead stack frames
    detail::declassify(&ok, sizeof ok);  // child validity is public (BIP32 skips the index)
    if (ok != 1) return false;
    key = std::move(sum);
    return true;
  }

  static compressed_point pubkey_create(const secret_array<32>& key) noexcept {
    secp256k1_pubkey pk;
    const int ok = secp256k1_ec_pubkey_create(context(), &pk, key.u8(detail::secret_access{}));
    scrub_stack();
    detail::declassify(&ok, sizeof ok);  // key validity: public
    detail::declassify(&pk, sizeof pk);  // the public key
    if (ok != 1) std::abort();
    return serialize_compressed(pk);
  }

  static std::optional<affine_point> decompress(const compressed_point& p) noexcept {
    const auto sec = p.to_sec1();
    secp256k1_pubkey pk;
    if (secp256k1_ec_pubkey_parse(context(), &pk, u8(sec.data()), sec.size()) != 1) return std::nullopt;
    return serialize_affine(pk);
  }

  static bool is_on_curve(const affine_point& p) noexcept {
    secp256k1_pubkey pk;
    return parse_affine(p, pk);
  }

  static bool verify(const affine_point& p, const u256be& digest, const signature& sig) noexcept {
    secp256k1_pubkey pk;
    secp256k1_ecdsa_signature s;
    if (!parse_affine(p, pk) || !parse_signature(sig, s)) return false;
    secp256k1_ecdsa_signature_normalize(context(), &s, &s);  // accept any S; policy is the caller's
    return secp256k1_ecdsa_verify(context(), &s, u8(digest.data()), &pk) == 1;
  }

  static std::optional<affine_point> recover(const u256be& digest, const signature& sig, recovery_id rid) noexcept {
    std::array<unsigned char, 64> compact{};
    copy_sig(sig, compact);
    secp256k1_ecdsa_recoverable_signature rs;
    if (secp256k1_ecdsa_recoverable_signature_parse_compact(context(), &rs, compact.data(), rid.to_int()) != 1) {
      return std::nullopt;
    }
    secp256k1_pubkey pk;
    if (secp256k1_ecdsa_recover(context(), &pk, &rs, u8(digest.data())) != 1) return std::nullopt;
    return serialize_affine(pk);
  }

  /// Signs with libsecp256k1; the nonce function draws from `nonces` (RFC 6979 with our
  /// counter semantics), so libsecp256k1's own retry loop stays in charge.
  template <nonce_source Nonces>
  static std::optional<recoverable_signature> sign(const secret_array<32>& key, const u256be& digest,
                                                   Nonces& nonces) noexcept {
    secp256k1_ecdsa_recoverable_signature rs;
    const int ok = secp256k1_ecdsa_sign_recoverable(context(), &rs, u8(digest.data()), key.u8(detail::secret_access{}),
                                                    &nonce_trampoline<Nonces>, &nonces);
    scrub_stack();
    detail::declassify(&ok, sizeof ok);  // success (r, s != 0): public
    detail::declassify(&rs, sizeof rs);  // the signature
    if (ok != 1) return std::nullopt;
    std::array<unsigned char, 64> compact;
    int recid = 0;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(context(), compact.data(), &recid, &rs);
    recoverable_signature out;
    for (std::size_t i = 0; i < 32; ++i) {
      out.sig.r[i] = std::byte{compact[i]};
      out.sig.s[i] = std::byte{compact[32 + i]};
    }
    out.recid = recovery_id::from_int(recid);
    return out;
  }

 private:
  static const unsigned char* u8(const std::byte* p) noexcept { return reinterpret_cast<const unsigned char*>(p); }

  template <class Nonces>
  static int nonce_trampoline(unsigned char* nonce32, const unsigned char*, const unsigned char*,
                              const unsigned char*, void* data, unsigned int) noexcept {
    secret_array<32> k;
    static_cast<Nonces*>(data)->next(k);
    const auto b = k.u8(detail::secret_access{});
    for (std::size_t i = 0; i < 32; ++i) nonce32[i] = b[i];
    return 1;
  }

  static compressed_point serialize_compressed(const secp256k1_pubkey& pk) noexcept {
    std::array<unsigned char, 33> out;
    std::size_t len = out.size();
    secp256k1_ec_pubkey_serialize(context(), out.data(), &len, &pk, SECP256K1_EC_COMPRESSED);
    compressed_point p;
    p.y_odd = out[0] == 0x03;
    for (std::size_t i = 0; i < 32; ++i) p.x[i] = std::byte{out[i + 1]};
    return p;
  }
  static affine_point serialize_affine(const secp256k1_pubkey& pk) noexcept {
    std::array<unsigned char, 65> out;
    std::size_t len = out.size();
    secp256k1_ec_pubkey_serialize(context(), out.data(), &len, &pk, SECP256K1_EC_UNCOMPRESSED);
    affine_point p;
    for (std::size_t i = 0; i < 32; ++i) {
      p.x[i] = std::byte{out[1 + i]};
      p.y[i] = std::byte{out[33 + i]};
    }
    return p;
  }
  static bool parse_affine(const affine_point& p, secp256k1_pubkey& pk) noexcept {
    const auto sec = p.to_sec1();
    return secp256k1_ec_pubkey_parse(context(), &pk, u8(sec.data()), sec.size()) == 1;
  }
  static void copy_sig(const signature& sig, std::array<unsigned char, 64>& compact) noexcept {
    for (std::size_t i = 0; i < 32; ++i) {
      compact[i] = static_cast<unsigned char>(sig.r[i]);
      compact[32 + i] = static_cast<unsigned char>(sig.s[i]);
    }
  }
  static bool parse_signature(const signature& sig, secp256k1_ecdsa_signature& s) noexcept {
    std::array<unsigned char, 64> compact;
    copy_sig(sig, compact);
    return secp256k1_ecdsa_signature_parse_compact(context(), &s, compact.data()) == 1;
  }
};

}  // namespace isolated_crypto::engines
