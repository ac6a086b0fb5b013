// What an engine must provide, checked by C++20 concepts.
//
// Two levels:
//  * `engine`: operations on opaque key *states* (mnemonic → seed → node → key → signature).
//    An enclave or MPC engine whose states are remote handles fits here.
//  * Primitive backends that `software_engine<Hashes, Curve, Unicode>` composes into an
//    `engine`: `hash_backend`, `curve_backend`, `unicode_backend`.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include "error.hpp"
#include "secret.hpp"
#include "types.hpp"

namespace isolated_crypto {

// ---- primitive backends ------------------------------------------------------------------

/// SHA-2 compression functions (blocks as 16 host-order words), Keccak-256 and RIPEMD-160.
template <class H>
concept hash_backend = requires(std::array<std::uint32_t, 8>& s32, const std::uint32_t* b32,
                                std::array<std::uint64_t, 8>& s64, const std::uint64_t* b64,
                                std::span<const std::byte> data) {
  { H::sha256_init(s32) } noexcept;
  { H::sha256_compress(s32, b32) } noexcept;
  { H::sha512_init(s64) } noexcept;
  { H::sha512_compress(s64, b64) } noexcept;
  { H::keccak256(data) } noexcept -> std::same_as<u256be>;
  { H::ripemd160(data) } noexcept -> std::same_as<std::array<std::byte, 20>>;
};

/// Something that yields candidate RFC 6979 nonces (detail::rfc6979_nonce).
template <class N>
concept nonce_source = requires(N& n, secret_array<32>& k) {
  { n.next(k) } noexcept;
};

/// A nonce source archetype, used only to state the curve_backend concept.
struct archetype_nonce_source {
  void next(secret_array<32>&) noexcept {}
};

/// secp256k1 arithmetic. `constant_time` says whether secret-dependent work is constant-time.
template <class C>
concept curve_backend = requires(const secret_array<32>& sk, secret_array<32>& sk_mut, const u256be& digest,
                                 const compressed_point& cp, const affine_point& ap, const signature& sig,
                                 recovery_id rid, std::span<const std::byte> bytes) {
  { C::name } -> std::convertible_to<std::string_view>;
  { C::constant_time } -> std::convertible_to<bool>;
  /// sk_mut = sk_mut + tweak mod n; false (sk_mut unchanged) if tweak ≥ n or the sum is 0.
  { C::seckey_tweak_add(sk_mut, sk) } noexcept -> std::same_as<bool>;
  /// sk·G. Precondition: 0 < sk < n.
  { C::pubkey_create(sk) } noexcept -> std::same_as<compressed_point>;
  /// Full point from x and parity; nullopt if x is not on the curve.
  { C::decompress(cp) } noexcept -> std::same_as<std::optional<affine_point>>;
  /// true if the point satisfies y² = x³ + 7 (coordinates < p).
  { C::is_on_curve(ap) } noexcept -> std::same_as<bool>;
  /// ECDSA verification, any S (low-S policy is the caller's).
  { C::verify(ap, digest, sig) } noexcept -> std::same_as<bool>;
  /// Public key recovery; nullopt if none recovers.
  { C::recover(digest, sig, rid) } noexcept -> std::same_as<std::optional<affine_point>>;
} && requires(const secret_array<32>& sk, const u256be& digest, archetype_nonce_source& nonces) {
  /// Low-S recoverable signature with nonces drawn from `nonces` until valid.
  { C::sign(sk, digest, nonces) } noexcept -> std::same_as<std::optional<recoverable_signature>>;
};

/// Unicode NFKD normalisation into secret storage.
template <class U>
concept unicode_backend = requires(std::string_view in, secret_string& out) {
  /// errc::ok or errc::invalid_utf8.
  { U::nfkd(in, out) } -> std::same_as<errc>;
};

// ---- the engine --------------------------------------------------------------------------

/// Operations on key states. States are move-only; copying a state must not compile.
template <class E>
concept engine =
    std::is_nothrow_move_constructible_v<typename E::mnemonic_state> &&
    std::is_nothrow_move_constructible_v<typename E::seed_state> &&
    std::is_nothrow_move_constructible_v<typename E::node_state> &&
    std::is_nothrow_move_constructible_v<typename E::key_state> &&
    !std::is_copy_constructible_v<typename E::seed_state> && !std::is_copy_constructible_v<typename E::node_state> &&
    !std::is_copy_constructible_v<typename E::key_state> &&
    requires(std::string_view text, secret_string&& secret_text, const typename E::mnemonic_state& m,
             const typename E::seed_state& seed, const typename E::node_state& node,
             typename E::node_state&& node_rv, const typename E::key_state& key, std::span<const std::byte> bytes,
             std::uint32_t index, const u256be& digest, sign_counter counter, digest_algorithm alg) {
      /// NFKD normalisation (mnemonic and passphrase text).
      { E::nfkd(text) } -> std::same_as<result<secret_string>>;
      /// SHA-256 (BIP39 checksum) and message hashing.
      { E::hash(alg, bytes) } noexcept -> std::same_as<u256be>;
      /// Takes a validated, normalised mnemonic sentence.
      { E::import_mnemonic(std::move(secret_text)) } -> std::same_as<typename E::mnemonic_state>;
      /// PBKDF2-HMAC-SHA512(mnemonic, "mnemonic" + NFKD(passphrase), 2048). Errors: invalid_utf8.
      { E::to_seed(m, text) } -> std::same_as<result<typename E::seed_state>>;
      { E::master_node(seed, bytes) } -> std::same_as<result<typename E::node_state>>;
      { E::derive(node, index) } -> std::same_as<result<typename E::node_state>>;
      { E::clone(node) } -> std::same_as<typename E::node_state>;
      { E::public_key(node) } -> std::convertible_to<compressed_point>;
      { E::chain_code_of(node) } -> std::same_as<chain_code>;
      { E::into_key(std::move(node_rv)) } -> std::same_as<typename E::key_state>;
      { E::public_key(key) } -> std::convertible_to<compressed_point>;
      { E::sign_digest(key, digest, counter) } -> std::same_as<result<recoverable_signature>>;
    };

/// Optional engine feature: BIP32 metadata for xpub export.
template <class E>
concept engine_with_bip32_metadata =
    engine<E> && requires(const typename E::node_state& node) {
      { E::depth(node) } -> std::same_as<std::uint32_t>;
      { E::child_number(node) } -> std::same_as<std::uint32_t>;
      { E::parent_fingerprint(node) } -> std::same_as<std::array<std::byte, 4>>;
      /// First 4 bytes of RIPEMD-160(SHA-256(SEC1 compressed key)).
      { E::fingerprint(std::declval<const compressed_point&>()) } -> std::same_as<std::array<std::byte, 4>>;
    };

/// Optional engine feature: derivation along a path in one call, where only the result's
/// metadata must be complete (intermediate nodes are never handed out). Without it,
/// node<E>::derive_path calls E::derive once per level.
template <class E>
concept engine_with_path_derivation =
    engine<E> && requires(const typename E::node_state& node, std::span<const std::uint32_t> indices) {
      { E::derive_path(node, indices) } -> std::same_as<result<typename E::node_state>>;
    };

/// Optional engine feature: public-key utilities (verify, recover, parse).
template <class E>
concept engine_with_public_utilities = engine<E> && curve_backend<typename E::curve>;

// ---- signing keys ------------------------------------------------------------------------

/// Anything that can sign: native ecdsa_key<E>, or the WIT-imported key inside a component.
/// Client helpers (Ethereum, EIP-191, EIP-712) are written once against this.
template <class K>
concept signing_key = requires(const K& k, digest_algorithm alg, std::span<const std::byte> message,
                               const u256be& digest, sign_counter counter) {
  { k.public_key() } -> std::same_as<compressed_point>;
  { k.sign(alg, message, counter) } -> std::same_as<result<recoverable_signature>>;
  { k.sign_raw(digest, counter) } -> std::same_as<result<recoverable_signature>>;
};

}  // namespace isolated_crypto
