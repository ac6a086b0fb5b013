// ecdsa_key<E>: a secp256k1 private key behind a handle. Signs; never reveals the key.
#pragma once

#include <span>

#include "concepts.hpp"
#include "detail/handle_base.hpp"
#include "error.hpp"
#include "types.hpp"

namespace isolated_crypto {

template <engine E>
class node;

template <engine E>
class ecdsa_key : public detail::handle_base<typename E::key_state> {
  using base = detail::handle_base<typename E::key_state>;

 public:
  using engine_type = E;

  /// Returns: the compressed public key. Secrets: none out. Constant-time: per engine
  /// (computed once, then cached).
  [[nodiscard]] compressed_point public_key() const { return E::public_key(this->state()); }

  /// Signs alg(message) (the message hashed once with `alg`), RFC 6979 with `counter` as
  /// additional data (none = plain RFC 6979; some(c) = c as 4 bytes big-endian), low-S.
  /// Returns: {r, s} and the recovery id. Errors: signing_failed (backend failure only).
  /// Secrets: key and nonce stay inside; nonce state is wiped. Constant-time: per engine.
  [[nodiscard]] result<recoverable_signature> sign(digest_algorithm alg, std::span<const std::byte> message,
                                                   sign_counter counter = std::nullopt) const {
    return sign_raw(E::hash(alg, message), counter);
  }

  /// Signs a 32-byte digest as given (not hashed again; RFC 6979 reduces it mod n).
  /// Same returns/errors/secrets as sign().
  [[nodiscard]] result<recoverable_signature> sign_raw(const u256be& digest,
                                                       sign_counter counter = std::nullopt) const {
    return E::sign_digest(this->state(), digest, counter);
  }

 private:
  friend class node<E>;
  explicit ecdsa_key(typename E::key_state&& s) noexcept : base(std::move(s)) {}
};

}  // namespace isolated_crypto
