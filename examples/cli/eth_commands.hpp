// The CLI's Ethereum signing commands over the SDK's core (ethereum/*.hpp): typed data,
// transactions, EIP-7702 authorizations, and sender recovery. Each returns the JSON line
// the command prints, or an error text (no key material is ever in either).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <isolated_crypto/ethereum.hpp>

#include "key_source.hpp"

namespace ic_cli {

namespace eth = isolated_crypto::ethereum;

/// Output or error of one command.
struct eth_outcome {
  std::optional<std::string> json;
  std::string error;
};

inline std::string hex0x(std::span<const std::byte> b) { return "0x" + isolated_crypto::hex::encode(b); }
inline std::string lower_address(const eth::address& a) { return hex0x(a); }

/// A key handle (ecdsa_key) plus its address.
struct loaded_key {
  std::optional<isolated_crypto::ecdsa_key<engine>> key;
  eth::address address{};
  std::string error;
};

inline loaded_key key_at(std::string_view path) {
  loaded_key out;
  auto k = load_key(path);
  if (!k.key) {
    out.error = k.error;
    return out;
  }
  out.key.emplace(std::move(*k.key).into_ecdsa_key());
  auto a = eth::address_of_key<engine>(*out.key);
  if (!a) {
    out.error = "address: " + isolated_crypto::describe(a.err());
    out.key.reset();
    return out;
  }
  out.address = *a;
  return out;
}

/// sign-typed-data: {"domainSeparator","structHash"(null for EIP712Domain),"digest","signature","address"}.
template <class K>
eth_outcome sign_typed_data(const K& key, const eth::address& address, std::string_view document) {
  auto s = eth::eip712::sign_typed_data<engine>(key, document);
  if (!s) return {std::nullopt, "typed data: " + eth::describe(s.err())};
  std::string j = "{\"domainSeparator\":\"" + hex0x(s->hashes.domain_separator) + "\",\"structHash\":";
  j += s->hashes.struct_hash ? "\"" + hex0x(*s->hashes.struct_hash) + "\"" : std::string("null");
  j += ",\"digest\":\"" + hex0x(s->hashes.digest) + "\",\"signature\":\"" + hex0x(s->rsv) + "\",\"address\":\"" +
       eth::to_checksum_address<engine>(address) + "\"}";
  return {j, {}};
}

/// sign-tx: {"hash","signed","from","r","s","yParity","v"} (v as a decimal string).
template <class K>
eth_outcome sign_transaction(const K& key, const eth::address& address, std::string_view document) {
  auto jt = eth::transaction_from_json<engine>(document);
  if (!jt) return {std::nullopt, "transaction: " + eth::describe(jt.err())};
  if (jt->from && *jt->from != address) {
    return {std::nullopt, "transaction: from: not the address of the signing key (" +
                              eth::to_checksum_address<engine>(address) + ")"};
  }
  auto st = eth::sign_transaction<engine>(key, jt->tx);
  if (!st) return {std::nullopt, "transaction: " + eth::describe(st.err())};
  const std::string j = "{\"hash\":\"" + hex0x(st->hash) + "\",\"signed\":\"" + hex0x(st->raw) + "\",\"from\":\"" +
                        eth::to_checksum_address<engine>(address) + "\",\"r\":\"" + hex0x(st->signature.sig.r) +
                        "\",\"s\":\"" + hex0x(st->signature.sig.s) + "\",\"yParity\":" +
                        (st->signature.recid.y_odd ? "1" : "0") + ",\"v\":\"" + st->v.to_decimal() + "\"}";
  return {j, {}};
}

/// sign-authorization: {"chainId","address","nonce","yParity","r","s"} (chainId, nonce decimal strings).
template <class K>
eth_outcome sign_authorization(const K& key, std::string_view chain_id, std::string_view delegate,
                               std::string_view nonce) {
  eth::number_error why{};
  auto chain = eth::parse_uint256(chain_id, &why);
  if (!chain) return {std::nullopt, "--chain-id: want a decimal or 0x-hex integer below 2^256"};
  auto n = eth::parse_uint256(nonce, &why);
  if (!n || !n->fits_u64()) return {std::nullopt, "--nonce: want a decimal or 0x-hex integer below 2^64"};
  auto a = eth::parse_address<engine>(delegate);
  if (!a) return {std::nullopt, "--address: " + isolated_crypto::describe(a.err())};
  auto sa = eth::sign_authorization(key, eth::authorization{*chain, *a, n->low_u64()});
  if (!sa) return {std::nullopt, "signing: " + isolated_crypto::describe(sa.err())};
  const std::string j = "{\"chainId\":\"" + chain->to_decimal() + "\",\"address\":\"" +
                        eth::to_checksum_address<engine>(*a) + "\",\"nonce\":\"" + std::to_string(n->low_u64()) +
                        "\",\"yParity\":" + std::to_string(sa->y_parity) + ",\"r\":\"" + hex0x(sa->r) +
                        "\",\"s\":\"" + hex0x(sa->s) + "\"}";
  return {j, {}};
}

/// recover-tx: the sender's EIP-55 address.
inline eth_outcome recover_transaction(std::string_view raw_hex) {
  auto raw = isolated_crypto::hex::decode(raw_hex);
  if (!raw) return {std::nullopt, "RAW: " + isolated_crypto::describe(raw.err())};
  auto r = eth::parse_signed_transaction<engine>(*raw);
  if (!r) return {std::nullopt, "RAW: " + eth::describe(r.err())};
  return {eth::to_checksum_address<engine>(r->from), {}};
}

}  // namespace ic_cli
