// The CLI's Ethereum signing commands over the SDK's core (ethereum/*.hpp): typed data,
// transactions, EIP-7702 authorizations, and sender recovery. Each returns the JSON line
// the command prints, or an error text (no key material is ever in either). Templates over
// the engine E (public maths) and any signing_key K, so the example tenant component
// (examples/eth_tenant) prints the same JSON over its WIT-imported key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <isolated_crypto/ethereum.hpp>


namespace ic_cli {

namespace eth = isolated_crypto::ethereum;

/// Output or error of one command.
struct eth_outcome {
  std::optional<std::string> json;
  std::string error;
};

inline std::string hex0x(std::span<const std::byte> b) { return "0x" + isolated_crypto::hex::encode(b); }
inline std::string lower_address(const eth::address& a) { return hex0x(a); }

/// sign-typed-data: {"domainSeparator","structHash"(null for EIP712Domain),"digest","signature","address"}.
template <class E, class K>
eth_outcome sign_typed_data(const K& key, const eth::address& address, std::string_view document) {
  auto s = eth::eip712::sign_typed_data<E>(key, document);
  if (!s) return {std::nullopt, "typed data: " + eth::describe(s.err())};
  std::string j = "{\"domainSeparator\":\"" + hex0x(s->hashes.domain_separator) + "\",\"structHash\":";
  j += s->hashes.struct_hash ? "\"" + hex0x(*s->hashes.struct_hash) + "\"" : std::string("null");
  j += ",\"digest\":\"" + hex0x(s->hashes.digest) + "\",\"signature\":\"" + hex0x(s->rsv) + "\",\"address\":\"" +
       eth::to_checksum_address<E>(address) + "\"}";
  return {j, {}};
}

/// sign-tx: {"hash","signed","from","r","s","yParity","v"} (v as a decimal string).
template <class E, class K>
eth_outcome sign_transaction(const K& key, const eth::address& address, std::string_view document) {
  auto jt = eth::transaction_from_json<E>(document);
  if (!jt) return {std::nullopt, "transaction: " + eth::describe(jt.err())};
  if (jt->from && *jt->from != address) {
    return {std::nullopt, "transaction: from: not the address of the signing key (" +
                              eth::to_checksum_address<E>(address) + ")"};
  }
  auto st = eth::sign_transaction<E>(key, jt->tx);
  if (!st) return {std::nullopt, "transaction: " + eth::describe(st.err())};
  const std::string j = "{\"hash\":\"" + hex0x(st->hash) + "\",\"signed\":\"" + hex0x(st->raw) + "\",\"from\":\"" +
                        eth::to_checksum_address<E>(address) + "\",\"r\":\"" + hex0x(st->signature.sig.r) +
                        "\",\"s\":\"" + hex0x(st->signature.sig.s) + "\",\"yParity\":" +
                        (st->signature.recid.y_odd ? "1" : "0") + ",\"v\":\"" + st->v.to_decimal() + "\"}";
  return {j, {}};
}

/// sign-authorization: {"chainId","address","nonce","yParity","r","s"} (chainId, nonce decimal strings).
template <class E, class K>
eth_outcome sign_authorization(const K& key, std::string_view chain_id, std::string_view delegate,
                               std::string_view nonce) {
  eth::number_error why{};
  auto chain = eth::parse_uint256(chain_id, &why);
  if (!chain) return {std::nullopt, "--chain-id: want a decimal or 0x-hex integer below 2^256"};
  auto n = eth::parse_uint256(nonce, &why);
  if (!n || !n->fits_u64()) return {std::nullopt, "--nonce: want a decimal or 0x-hex integer below 2^64"};
  auto a = eth::parse_address<E>(delegate);
  if (!a) return {std::nullopt, "--address: " + isolated_crypto::describe(a.err())};
  auto sa = eth::sign_authorization(key, eth::authorization{*chain, *a, n->low_u64()});
  if (!sa) return {std::nullopt, "signing: " + isolated_crypto::describe(sa.err())};
  const std::string j = "{\"chainId\":\"" + chain->to_decimal() + "\",\"address\":\"" +
                        eth::to_checksum_address<E>(*a) + "\",\"nonce\":\"" + std::to_string(n->low_u64()) +
                        "\",\"yParity\":" + std::to_string(sa->y_parity) + ",\"r\":\"" + hex0x(sa->r) +
                        "\",\"s\":\"" + hex0x(sa->s) + "\"}";
  return {j, {}};
}

/// recover-tx: the sender's EIP-55 address.
template <class E>
eth_outcome recover_transaction(std::string_view raw_hex) {
  auto raw = isolated_crypto::hex::decode(raw_hex);
  if (!raw) return {std::nullopt, "RAW: " + isolated_crypto::describe(raw.err())};
  auto r = eth::parse_signed_transaction<E>(*raw);
  if (!r) return {std::nullopt, "RAW: " + eth::describe(r.err())};
  return {eth::to_checksum_address<E>(r->from), {}};
}

/// One case of the batch format "OP<TAB>PAYLOAD" (OP = typed-data | tx: one line of JSON;
/// authorization: "CHAIN_ID ADDRESS NONCE"; recover-tx: raw hex). Returns the command's JSON
/// line (recover-tx: {"from": ...}) or {"error": ...}.
template <class E, class K>
std::string run_batch_line(const K& key, const eth::address& address, std::string_view line) {
  const auto tab = line.find('\t');
  const std::string_view op = line.substr(0, tab);
  const std::string_view payload = tab == std::string_view::npos ? std::string_view() : line.substr(tab + 1);
  eth_outcome o;
  if (op == "typed-data") {
    o = sign_typed_data<E>(key, address, payload);
  } else if (op == "tx") {
    o = sign_transaction<E>(key, address, payload);
  } else if (op == "authorization") {
    const auto a = payload.find(' ');
    const auto b = a == std::string_view::npos ? a : payload.find(' ', a + 1);
    if (b == std::string_view::npos) {
      o.error = "authorization: want CHAIN_ID ADDRESS NONCE";
    } else {
      o = sign_authorization<E>(key, payload.substr(0, a), payload.substr(a + 1, b - a - 1), payload.substr(b + 1));
    }
  } else if (op == "recover-tx") {
    o = recover_transaction<E>(payload);
    if (o.json) o.json = "{\"from\":\"" + *o.json + "\"}";
  } else {
    o.error = "unknown batch op";
  }
  return o.json ? *o.json : "{\"error\":" + eth::json::quote(o.error) + "}";
}

}  // namespace ic_cli
