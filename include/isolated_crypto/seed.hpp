// seed<E>: a BIP39 seed (64 bytes) behind a handle. Its only use: the BIP32 master node.
#pragma once

#include <span>
#include <string_view>

#include "concepts.hpp"
#include "detail/handle_base.hpp"
#include "detail/test_access.hpp"
#include "error.hpp"
#include "node.hpp"

namespace isolated_crypto {

template <engine E>
class mnemonic;

/// BIP32's default master HMAC key.
inline constexpr std::string_view bip32_default_hmac_key = "Bitcoin seed";

template <engine E>
class seed : public detail::handle_base<typename E::seed_state> {
  using base = detail::handle_base<typename E::seed_state>;

 public:
  using engine_type = E;

  /// Master node: I = HMAC-SHA512(hmac_key, seed), key = IL, chain code = IR.
  /// Errors: invalid_master_key (IL = 0 or IL ≥ n; probability ~2^-127).
  /// Secrets: the HMAC output is wiped. Constant-time: yes.
  [[nodiscard]] result<node<E>> to_master_key(std::span<const std::byte> hmac_key) const {
    auto s = E::master_node(this->state(), hmac_key);
    if (!s) return s.err();
    return node<E>(std::move(*s));
  }
  /// Master node with the default key "Bitcoin seed".
  [[nodiscard]] result<node<E>> to_master_key() const {
    return to_master_key(std::as_bytes(std::span(bip32_default_hmac_key)));
  }

 private:
  friend class mnemonic<E>;
  friend struct detail::test_access;
  explicit seed(typename E::seed_state&& s) noexcept : base(std::move(s)) {}
};

}  // namespace isolated_crypto
