// EIP-7702 authorizations: a signed [chain_id, address, nonce] that lets an account's
// code be set to `address`. Signed preimage: 0x05 ‖ rlp([chain_id, address, nonce]).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "../concepts.hpp"
#include "../secp256k1.hpp"
#include "address.hpp"
#include "field_error.hpp"
#include "rlp.hpp"
#include "signature.hpp"
#include "uint256.hpp"

namespace isolated_crypto::ethereum {

inline constexpr std::byte authorization_magic{0x05};

struct authorization {
  uint256 chain_id;  ///< 0 = valid on any chain
  address delegate{};  ///< the contract whose code the authority's account will run
  std::uint64_t nonce = 0;
  friend bool operator==(const authorization&, const authorization&) = default;
};

struct signed_authorization {
  authorization auth;
  std::uint8_t y_parity = 0;  ///< 0 or 1
  u256be r{};
  u256be s{};
  friend bool operator==(const signed_authorization&, const signed_authorization&) = default;
};

/// The signing preimage 0x05 ‖ rlp([chain_id, address, nonce]).
inline std::vector<std::byte> authorization_preimage(const authorization& a) {
  rlp::bytes payload;
  rlp::append_uint(payload, a.chain_id);
  rlp::append_bytes(payload, a.delegate);
  rlp::append_uint(payload, a.nonce);
  std::vector<std::byte> out{authorization_magic};
  rlp::append_list(out, payload);
  return out;
}

/// Signs an authorization (sign_preimage: key.sign(keccak256, preimage); yParity ∈ {0, 1}).
/// Errors: those of key.sign.
template <signing_key K>
result<signed_authorization> sign_authorization(const K& key, const authorization& a) {
  auto rs = sign_preimage(key, authorization_preimage(a));
  if (!rs) return rs.err();
  return signed_authorization{a, static_cast<std::uint8_t>(rs->recid.y_odd ? 1 : 0), rs->sig.r, rs->sig.s};
}

/// The authority (signer) of an authorization. Errors: invalid_signature (r or s out of
/// range, high-S, yParity > 1), recovery_failed.
template <engine_with_public_utilities E>
result<address> recover_authority(const signed_authorization& sa) {
  if (sa.y_parity > 1) return errc::invalid_signature;
  const recoverable_signature rs{{sa.r, sa.s}, {sa.y_parity == 1, false}};
  if (::isolated_crypto::detail::is_high_s(sa.s.data()) != 0) return errc::invalid_signature;
  auto p = secp256k1::recover<E>(E::hash(digest_algorithm::keccak256, authorization_preimage(sa.auth)), rs);
  if (!p) return p.err();
  return address_of<E>(*p);
}

/// Appends rlp([chain_id, address, nonce, y_parity, r, s]) (r, s as integers).
inline void append_signed_authorization(rlp::bytes& out, const signed_authorization& sa) {
  rlp::bytes p;
  rlp::append_uint(p, sa.auth.chain_id);
  rlp::append_bytes(p, sa.auth.delegate);
  rlp::append_uint(p, sa.auth.nonce);
  rlp::append_uint(p, sa.y_parity);
  rlp::append_uint(p, *uint256::from_be_bytes(sa.r));
  rlp::append_uint(p, *uint256::from_be_bytes(sa.s));
  rlp::append_list(out, p);
}

/// Decodes one authorization-list entry (strict; field names in errors under `path`).
/// Errors: wrong_field_type, invalid_length (not 6 items, address not 20 bytes),
/// non_canonical_rlp, integer_out_of_range (nonce ≥ 2^64, yParity > 1).
inline field_result<signed_authorization> decode_signed_authorization(const rlp::item& it, const std::string& path) {
  if (!it.is_list) return at(path, errc::wrong_field_type, "want a list");
  if (it.items.size() != 6) return at(path, errc::invalid_length, "want 6 items [chainId, address, nonce, yParity, r, s]");
  signed_authorization sa;
  auto chain = rlp::decode_uint(it.items[0], join(path, "chainId"));
  if (!chain) return chain.err();
  sa.auth.chain_id = *chain;
  auto addr = rlp::decode_string(it.items[1], join(path, "address"), 20);
  if (!addr) return addr.err();
  for (std::size_t i = 0; i < 20; ++i) sa.auth.delegate[i] = (*addr)[i];
  auto nonce = rlp::decode_uint(it.items[2], join(path, "nonce"), 8);
  if (!nonce) return nonce.err();
  sa.auth.nonce = nonce->low_u64();
  auto y = rlp::decode_uint(it.items[3], join(path, "yParity"), 1);
  if (!y) return y.err();
  if (y->low_u64() > 1) return at(join(path, "yParity"), errc::integer_out_of_range, "want 0 or 1");
  sa.y_parity = static_cast<std::uint8_t>(y->low_u64());
  auto r = rlp::decode_uint(it.items[4], join(path, "r"));
  if (!r) return r.err();
  auto s = rlp::decode_uint(it.items[5], join(path, "s"));
  if (!s) return s.err();
  sa.r = r->to_be32();
  sa.s = s->to_be32();
  return sa;
}

}  // namespace isolated_crypto::ethereum
