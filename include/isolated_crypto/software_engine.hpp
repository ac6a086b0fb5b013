// software_engine<Hashes, Curve, Unicode>: composes primitive backends into an `engine`.
// BIP39 seed, BIP32 and RFC 6979 signing live here once, for every software backend.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "concepts.hpp"
#include "detail/endian.hpp"
#include "detail/once_cache.hpp"
#include "detail/rfc6979.hpp"
#include "detail/scalar.hpp"
#include "detail/sha2.hpp"
#include "error.hpp"
#include "secret.hpp"
#include "types.hpp"

namespace isolated_crypto {

template <hash_backend Hashes, curve_backend Curve, unicode_backend Unicode>
struct software_engine {
  using hashes = Hashes;
  using curve = Curve;
  using unicode = Unicode;
  /// Constant-time for secret data exactly when the curve backend is.
  static constexpr bool constant_time = Curve::constant_time;

  struct mnemonic_state {
    secret_string sentence;  ///< canonical NFKD sentence
  };
  struct seed_state {
    secret_array<64> bytes;
  };
  struct node_state {
    secret_array<32> key;
    secret_array<32> chain;
    std::uint32_t depth = 0;
    std::uint32_t child_number = 0;
    /// Parent fingerprint, computed when the node is derived. A node holds no key but
    /// its own: it never keeps its parent's key to compute this later.
    std::array<std::byte, 4> parent_fp{};
    detail::once_cache<compressed_point> pub;  ///< computed on first use (thread-safe)
  };
  struct key_state {
    secret_array<32> key;
    detail::once_cache<compressed_point> pub;
  };

  // ---- hashing and text ----

  static u256be hash(digest_algorithm alg, std::span<const std::byte> data) noexcept {
    if (alg == digest_algorithm::keccak256) return Hashes::keccak256(data);
    return detail::sha256<Hashes>(data);
  }
  static std::array<std::byte, 4> fingerprint(const compressed_point& p) noexcept {
    const auto sec = p.to_sec1();
    const auto h = Hashes::ripemd160(detail::sha256<Hashes>(sec));
    return {h[0], h[1], h[2], h[3]};
  }
  static result<secret_string> nfkd(std::string_view text) {
    secret_string out;
    const errc e = Unicode::nfkd(text, out);
    if (e != errc::ok) return e;
    return out;
  }

  // ---- BIP39 ----

  static mnemonic_state import_mnemonic(secret_string&& sentence) noexcept { return {std::move(sentence)}; }

  static result<seed_state> to_seed(const mnemonic_state& m, std::string_view passphrase) {
    auto pass = nfkd(passphrase);
    if (!pass) return pass.err();
    secret_string salt(8 + pass->size());
    salt.append("mnemonic");
    salt.append(pass->view(detail::secret_access{}));
    seed_state s;
    const auto sentence = m.sentence.view(detail::secret_access{});
    const auto salt_view = salt.view(detail::secret_access{});
    detail::pbkdf2_hmac_sha512_block1<Hashes>(std::as_bytes(std::span(sentence.data(), sentence.size())),
                                               std::as_bytes(std::span(salt_view.data(), salt_view.size())), 2048,
                                               s.bytes);
    return s;
  }

  // ---- BIP32 ----

  /// I = HMAC-SHA512(hmac_key, seed). Errors: invalid_master_key (IL = 0 or IL ≥ n).
  static result<node_state> master_node(const seed_state& seed, std::span<const std::byte> hmac_key) noexcept {
    const detail::hmac_sha512<Hashes> mac(hmac_key);
    secret_array<64> i;
    mac.mac(i.bytes(detail::secret_access{}).data(), seed.bytes.bytes(detail::secret_access{}));
    return node_from_i(i, 0, 0);
  }

  /// CKDpriv. An invalid child (IL ≥ n or key 0) moves on to the next index, as BIP32
  /// says; errors: derivation_exhausted when the index range (normal or hardened) ends.
  /// The child's parent fingerprint is computed now, so a hardened child of a parent
  /// without a cached public key computes (and caches) the parent's public key.
  static result<node_state> derive(const node_state& parent, std::uint32_t index) noexcept {
    return derive_step(parent, index, true);
  }

  /// Derives along `indices`; only the result's parent fingerprint is computed, so the
  /// intermediate nodes (never handed out) compute a public key only for a normal child.
  /// Errors: derivation_exhausted. An empty path gives a clone.
  static result<node_state> derive_path(const node_state& from, std::span<const std::uint32_t> indices) noexcept {
    if (indices.empty()) return clone(from);
    auto cur = derive_step(from, indices[0], indices.size() == 1);
    for (std::size_t i = 1; cur && i < indices.size(); ++i) {
      auto next = derive_step(*cur, indices[i], i + 1 == indices.size());
      if (!next) return next.err();
      *cur = std::move(*next);
    }
    return cur;
  }

  static node_state clone(const node_state& n) {
    node_state c;
    c.key = n.key.clone();
    c.chain = n.chain.clone();
    c.depth = n.depth;
    c.child_number = n.child_number;
    c.parent_fp = n.parent_fp;
    c.pub = n.pub;
    return c;
  }

  static const compressed_point& public_key(const node_state& n) noexcept {
    return n.pub.get([&n] { return Curve::pubkey_create(n.key); });
  }
  static chain_code chain_code_of(const node_state& n) noexcept {
    chain_code c;
    const auto b = n.chain.bytes(detail::secret_access{});
    for (std::size_t i = 0; i < 32; ++i) c[i] = b[i];
    return c;
  }
  static std::uint32_t depth(const node_state& n) noexcept { return n.depth; }
  static std::uint32_t child_number(const node_state& n) noexcept { return n.child_number; }
  static std::array<std::byte, 4> parent_fingerprint(const node_state& n) noexcept {
    return n.parent_fp;  // zero for a master node
  }

  static key_state into_key(node_state&& n) noexcept { return {std::move(n.key), n.pub}; }

  // ---- ECDSA ----

  static const compressed_point& public_key(const key_state& k) noexcept {
    return k.pub.get([&k] { return Curve::pubkey_create(k.key); });
  }

  /// RFC 6979 (+ optional counter as additional data), low-S, recovery id.
  static result<recoverable_signature> sign_digest(const key_state& k, const u256be& digest,
                                                   sign_counter counter) noexcept {
    detail::rfc6979_nonce<Hashes> nonces(k.key, digest, counter);
    auto sig = Curve::sign(k.key, digest, nonces);
    if (!sig) return errc::signing_failed;
    return *sig;
  }

 private:
  /// One CKDpriv step; `with_parent_fp` = false leaves parent_fp zero (intermediate
  /// nodes of derive_path only) and then a hardened step needs no parent public key.
  static result<node_state> derive_step(const node_state& parent, std::uint32_t index, bool with_parent_fp) noexcept {
    const bool hardened = (index & 0x80000000U) != 0;
    const detail::hmac_sha512<Hashes> mac(parent.chain.bytes(detail::secret_access{}));
    const compressed_point* parent_pub = (!hardened || with_parent_fp) ? &public_key(parent) : nullptr;
    for (std::uint32_t i = index;; ++i) {
      std::array<std::byte, 4> ser{};
      detail::store_be32(ser.data(), i);
      secret_array<64> out;
      if (hardened) {
        static constexpr std::array<std::byte, 1> zero{std::byte{0}};
        mac.mac(out.bytes(detail::secret_access{}).data(), zero, parent.key.bytes(detail::secret_access{}), ser);
      } else {
        const auto sec = parent_pub->to_sec1();
        mac.mac(out.bytes(detail::secret_access{}).data(), sec, ser);
      }
      node_state child;
      child.key = parent.key.clone();
      secret_array<32> il;
      copy_half(out, 0, il);
      if (Curve::seckey_tweak_add(child.key, il)) {
        copy_half(out, 32, child.chain);
        child.depth = parent.depth + 1;
        child.child_number = i;
        if (parent_pub != nullptr) child.parent_fp = fingerprint(*parent_pub);
        return child;
      }
      if (i == (hardened ? 0xFFFFFFFFU : 0x7FFFFFFFU)) return errc::derivation_exhausted;
    }
  }
  static void copy_half(const secret_array<64>& from, std::size_t offset, secret_array<32>& to) noexcept {
    const auto src = from.bytes(detail::secret_access{});
    auto dst = to.bytes(detail::secret_access{});
    for (std::size_t i = 0; i < 32; ++i) dst[i] = src[offset + i];
  }
  static result<node_state> node_from_i(const secret_array<64>& i, std::uint32_t depth, std::uint32_t child) noexcept {
    node_state n;
    copy_half(i, 0, n.key);
    const std::uint32_t valid = detail::is_valid_scalar(n.key.bytes(detail::secret_access{}).data());
    detail::declassify(&valid, sizeof valid);  // an unusable seed is reported: public
    if (valid == 0) return errc::invalid_master_key;
    copy_half(i, 32, n.chain);
    n.depth = depth;
    n.child_number = child;
    return n;
  }
};

}  // namespace isolated_crypto
