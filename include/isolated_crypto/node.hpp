// node<E>: a BIP32 extended private key behind a handle. Derives, exposes public data
// (public key, chain code, xpub), converts into an ecdsa_key. Never exports the key.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base58.hpp"
#include "bip32_path.hpp"
#include "concepts.hpp"
#include "detail/endian.hpp"
#include "detail/handle_base.hpp"
#include "ecdsa_key.hpp"
#include "error.hpp"
#include "types.hpp"

namespace isolated_crypto {

template <engine E>
class seed;

template <engine E>
class node : public detail::handle_base<typename E::node_state> {
  using base = detail::handle_base<typename E::node_state>;

 public:
  using engine_type = E;

  /// Returns: the compressed public key (computed on first use, then cached).
  /// Constant-time: per engine.
  [[nodiscard]] compressed_point public_key() const { return E::public_key(this->state()); }

  /// Returns: the chain code. Secrets: the chain code is public only together with
  /// hardened derivation; with a normal child's private key it reveals this node's key.
  [[nodiscard]] chain_code get_chain_code() const { return E::chain_code_of(this->state()); }

  /// CKDpriv: index ≥ 2^31 is hardened. An invalid child moves on to the next index (BIP32).
  /// Errors: derivation_exhausted (no valid index left in its range; never seen in practice).
  /// Secrets: the child holds its own key only (its parent fingerprint is computed now, so
  /// this node's public key is computed once, then cached, for normal and hardened children).
  /// Constant-time: per engine.
  [[nodiscard]] result<node> derive(std::uint32_t index) const {
    auto s = E::derive(this->state(), index);
    if (!s) return s.err();
    return node(std::move(*s), levels_ + 1);
  }

  /// Derives along a path: "m/44'/60'/0'/0/0" (only from a depth-0 node) or relative
  /// "0'/1". Errors: those of bip32::parse_path; invalid_path ("m/..." on a non-master
  /// node); derivation_exhausted. Cheaper than derive() per level: only the result's
  /// parent fingerprint is computed (intermediate nodes are never handed out).
  [[nodiscard]] result<node> derive_path(std::string_view path) const {
    auto p = bip32::parse_path(path);
    if (!p) return p.err();
    if (p->absolute && path_depth() != 0) return error{errc::invalid_path, 1};
    if constexpr (engine_with_path_derivation<E>) {
      auto s = E::derive_path(this->state(), std::span<const std::uint32_t>(p->indices.data(), p->indices.size()));
      if (!s) return s.err();
      return node(std::move(*s), levels_ + static_cast<std::uint32_t>(p->indices.size()));
    }
    node cur = clone();
    for (std::uint32_t index : p->indices) {
      auto next = cur.derive(index);
      if (!next) return next.err();
      cur = std::move(*next);
    }
    return cur;
  }

  /// Explicit copy of the handle (the secret is duplicated inside the engine only).
  [[nodiscard]] node clone() const { return node(E::clone(this->state()), levels_); }

  /// Consumes the node: its key becomes an ECDSA key.
  [[nodiscard]] ecdsa_key<E> into_ecdsa_key() && { return ecdsa_key<E>(E::into_key(this->take())); }

  [[nodiscard]] std::uint32_t depth() const requires engine_with_bip32_metadata<E> {
    return E::depth(this->state());
  }
  [[nodiscard]] std::uint32_t child_number() const requires engine_with_bip32_metadata<E> {
    return E::child_number(this->state());
  }
  [[nodiscard]] std::array<std::byte, 4> parent_fingerprint() const requires engine_with_bip32_metadata<E> {
    return E::parent_fingerprint(this->state());
  }
  [[nodiscard]] std::array<std::byte, 4> fingerprint() const requires engine_with_bip32_metadata<E> {
    return E::fingerprint(public_key());
  }

  /// Extended public key (BIP32 serialisation, mainnet "xpub" version 0x0488B21E by
  /// default). There is no xprv export. Errors: depth_overflow (depth > 255).
  [[nodiscard]] result<std::string> xpub(std::uint32_t version = 0x0488B21EU) const
      requires engine_with_bip32_metadata<E> {
    const std::uint32_t d = depth();
    if (d > 255) return errc::depth_overflow;
    std::array<std::byte, 78> raw{};
    detail::store_be32(raw.data(), version);
    raw[4] = static_cast<std::byte>(d);
    const auto pfp = parent_fingerprint();
    for (std::size_t i = 0; i < 4; ++i) raw[5 + i] = pfp[i];
    detail::store_be32(raw.data() + 9, child_number());
    const auto cc = get_chain_code();
    for (std::size_t i = 0; i < 32; ++i) raw[13 + i] = cc[i];
    const auto pub = public_key().to_sec1();
    for (std::size_t i = 0; i < 33; ++i) raw[45 + i] = pub[i];
    return base58::encode_check(raw, [](std::span<const std::byte> b) { return E::hash(digest_algorithm::sha256, b); });
  }

 private:
  friend class seed<E>;
  explicit node(typename E::node_state&& s, std::uint32_t levels = 0) noexcept : base(std::move(s)), levels_(levels) {}
  /// The depth derive_path checks: the engine's BIP32 depth if it has metadata, else the
  /// number of derive() calls since the master (the `engine` concept alone has no depth).
  [[nodiscard]] std::uint32_t path_depth() const {
    if constexpr (engine_with_bip32_metadata<E>) {
      return depth();
    } else {
      return levels_;
    }
  }
  std::uint32_t levels_ = 0;  ///< derive() calls since the master node
};

}  // namespace isolated_crypto
