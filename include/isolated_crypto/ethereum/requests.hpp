// JSON signing requests over any signing_key: what the CLI's Ethereum commands print and
// what the example tenant (examples/ethereum_tenant) answers, written once.
//
// Outputs (one JSON object each, hex lowercase with 0x, big numbers as decimal strings):
//   sign-typed-data     {"domainSeparator","structHash" (null for EIP712Domain),"digest",
//                        "signature" (r‖s‖v, v = 27/28),"address"}
//   sign-tx             {"hash","signed","from","r","s","yParity","v" (decimal string)}
//   sign-authorization  {"chainId","address","nonce" (decimal strings),"yParity","r","s"}
//   recover-tx          {"from"}
//   address             {"address"}
//
// Requests (run_request / run_requests): one JSON object, or a JSON array of them (a batch):
//   {"op":"sign-typed-data", "path"?, "typedData": {types, primaryType, domain, message}}
//   {"op":"sign-tx",         "path"?, "tx": {ethers / eth_signTransaction shape}}
//   {"op":"sign-authorization", "path"?, "chainId", "address", "nonce"}
//   {"op":"recover-tx", "raw": "0x…"}
//   {"op":"address", "path"?}
// "path" is a BIP32 path (default m/44'/60'/0'/0/0). Unknown members are errors. A single
// request answers its output or an error text naming the field ("tx.nonce: integer out of
// range (…)"); a batch answers "[" out1 "," out2 … "]", each item the output or
// {"error": text}, so one bad case does not hide the others.
//
// Secrets: none. Keys stay in their handles; error texts are built from field names, the
// input's structure and public values (the signing key's address), never from key material.
// Variable-time (public data only).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "../concepts.hpp"
#include "../hex.hpp"
#include "address.hpp"
#include "authorization.hpp"
#include "eip712.hpp"
#include "field_error.hpp"
#include "json.hpp"
#include "json_values.hpp"
#include "transaction.hpp"
#include "transaction_json.hpp"

namespace isolated_crypto::ethereum::requests {

inline constexpr std::string_view default_path = "m/44'/60'/0'/0/0";

/// The output JSON of one operation, or an error text (never both).
struct outcome {
  std::optional<std::string> json;
  std::string error;

  static outcome ok(std::string j) { return {std::move(j), {}}; }
  static outcome fail(std::string why) { return {std::nullopt, std::move(why)}; }
  /// The text of a batch item: the output, or {"error": text}.
  [[nodiscard]] std::string batch_item() const { return json ? *json : "{\"error\":" + json::quote(error) + "}"; }
};

/// A signing key found for a request's path: the key (nullptr if none) and its address, or
/// why there is none, the request's answer as it is ("path: invalid derivation path …",
/// "mnemonic provider: …"; public text, never key material).
template <class K>
struct key_lookup {
  const K* key = nullptr;
  address addr{};
  std::string error;
};

namespace detail {

inline std::string hex0x(std::span<const std::byte> b) { return "0x" + hex::encode(b); }

/// `e` described with its field under `parent` ("tx" + "nonce" = "tx.nonce").
inline std::string describe_under(const std::string& parent, field_error e) {
  e.field = e.field.empty() ? parent : join(parent, e.field);
  return describe(e);
}

/// Error if `req` has a member other than "op" and `allowed`.
inline std::optional<std::string> unknown_member(const json::value& req, std::span<const std::string_view> allowed) {
  for (const auto& [k, unused] : req.members) {
    if (k == "op") continue;
    bool ok = false;
    for (const auto a : allowed) ok = ok || k == a;
    if (!ok) return describe(at(k, errc::unknown_field, "not a member of this op's request"));
  }
  return std::nullopt;
}

}  // namespace detail

// ---- the operations ------------------------------------------------------------------------

/// EIP-712 typed data (eth_signTypedData_v4 shape) signed by `key` (whose address is `from`).
/// Errors: "<field>: …" with the field under `where` (e.g. "typedData.message.to").
template <engine_with_public_utilities E, signing_key K>
outcome sign_typed_data(const K& key, const address& from, const json::value& doc, const std::string& where = {}) {
  auto s = eip712::sign_typed_data<E>(key, doc);
  if (!s) return outcome::fail(detail::describe_under(where, s.err()));
  std::string j = "{\"domainSeparator\":\"" + detail::hex0x(s->hashes.domain_separator) + "\",\"structHash\":";
  j += s->hashes.struct_hash ? "\"" + detail::hex0x(*s->hashes.struct_hash) + "\"" : std::string("null");
  j += ",\"digest\":\"" + detail::hex0x(s->hashes.digest) + "\",\"signature\":\"" + detail::hex0x(s->rsv) +
       "\",\"address\":\"" + to_checksum_address<E>(from) + "\"}";
  return outcome::ok(std::move(j));
}

/// A transaction (ethers / eth_signTransaction JSON, types 0-4) signed by `key`. A `from`
/// member must be the key's address. Errors: "<field>: …" under `where` ("tx.gasPrice").
template <engine_with_public_utilities E, signing_key K>
outcome sign_transaction(const K& key, const address& from, const json::value& tx, const std::string& where = {}) {
  auto jt = transaction_from_json<E>(tx);
  if (!jt) return outcome::fail(detail::describe_under(where, jt.err()));
  if (jt->from && *jt->from != from) {
    return outcome::fail(join(where, "from") + ": not the address of the signing key (" + to_checksum_address<E>(from) + ")");
  }
  auto st = ethereum::sign_transaction<E>(key, jt->tx);
  if (!st) return outcome::fail(detail::describe_under(where, st.err()));
  return outcome::ok("{\"hash\":\"" + detail::hex0x(st->hash) + "\",\"signed\":\"" + detail::hex0x(st->raw) +
                     "\",\"from\":\"" + to_checksum_address<E>(from) + "\",\"r\":\"" + detail::hex0x(st->signature.sig.r) +
                     "\",\"s\":\"" + detail::hex0x(st->signature.sig.s) + "\",\"yParity\":" +
                     (st->signature.recid.y_odd ? "1" : "0") + ",\"v\":\"" + st->v.to_decimal() + "\"}");
}

/// Names of the three authorization inputs in error texts (the CLI uses its option names).
struct authorization_fields {
  std::string chain_id = "chainId";
  std::string address = "address";
  std::string nonce = "nonce";
};

/// An EIP-7702 authorization (chain id < 2^256, delegate address, nonce < 2^64; integers as
/// JSON integers, decimal or 0x-hex strings) signed by `key`.
/// Errors: "<name>: …" with the names of `names`; the key's signing errors ("signature: …").
template <engine_with_public_utilities E, signing_key K>
outcome sign_authorization(const K& key, const json::value& chain_id, const json::value& delegate,
                           const json::value& nonce, const authorization_fields& names = {}) {
  auto chain = json::read_uint(chain_id, names.chain_id);
  if (!chain) return outcome::fail(describe(chain.err()));
  auto a = ethereum::detail::read_address<E>(delegate, names.address);
  if (!a) return outcome::fail(describe(a.err()));
  auto n = json::read_uint(nonce, names.nonce, 64);
  if (!n) return outcome::fail(describe(n.err()));
  auto sa = ethereum::sign_authorization(key, authorization{*chain, *a, n->low_u64()});
  if (!sa) return outcome::fail("signature: " + isolated_crypto::describe(sa.err()));
  return outcome::ok("{\"chainId\":\"" + chain->to_decimal() + "\",\"address\":\"" + to_checksum_address<E>(*a) +
                     "\",\"nonce\":\"" + std::to_string(n->low_u64()) + "\",\"yParity\":" +
                     std::to_string(sa->y_parity) + ",\"r\":\"" + detail::hex0x(sa->r) + "\",\"s\":\"" +
                     detail::hex0x(sa->s) + "\"}");
}

/// The sender of a signed raw transaction (0x-hex), or nullopt and `why`
/// ("<name>: …": bad hex, non-canonical RLP, bad signature …).
template <engine_with_public_utilities E>
std::optional<address> sender_of(std::string_view raw_hex, const std::string& name, std::string& why) {
  auto raw = hex::decode(raw_hex);
  if (!raw) {
    why = name + ": " + isolated_crypto::describe(raw.err());
    return std::nullopt;
  }
  auto r = parse_signed_transaction<E>(*raw);
  if (!r) {
    why = detail::describe_under(name, r.err());
    return std::nullopt;
  }
  return r->from;
}

/// sender_of as an output: {"from": EIP-55 address}.
template <engine_with_public_utilities E>
outcome recover_transaction(std::string_view raw_hex, const std::string& name = "raw") {
  std::string why;
  const auto from = sender_of<E>(raw_hex, name, why);
  if (!from) return outcome::fail(std::move(why));
  return outcome::ok("{\"from\":\"" + to_checksum_address<E>(*from) + "\"}");
}

// ---- requests --------------------------------------------------------------------------------

/// Runs one request object (format in the file comment). `keys(path)` returns a key_lookup
/// for a BIP32 path text; it is called only for ops that sign or need the address.
/// Errors: the op's errors, with fields under the request member ("typedData.message.a"),
/// "op: …", "path: …", "<member>: unknown field", "<member>: missing field".
template <engine_with_public_utilities E, class Keys>
outcome run_request(Keys& keys, const json::value& req) {
  if (!req.is(json::kind::object)) return outcome::fail(describe(at("", errc::wrong_field_type, "want a request object")));
  const json::value* op = req.find("op");
  if (op == nullptr) return outcome::fail(describe(at("op", errc::missing_field)));
  if (!op->is(json::kind::string)) return outcome::fail(describe(at("op", errc::wrong_field_type, "want a string")));
  const std::string_view name = op->text;

  auto member = [&](std::string_view k) -> const json::value* { return req.find(k); };
  auto missing = [](std::string_view k) { return outcome::fail(describe(at(std::string(k), errc::missing_field))); };

  static constexpr std::string_view recover_members[] = {"raw"};
  static constexpr std::string_view typed_data_members[] = {"path", "typedData"};
  static constexpr std::string_view tx_members[] = {"path", "tx"};
  static constexpr std::string_view authorization_members[] = {"path", "chainId", "address", "nonce"};
  static constexpr std::string_view address_members[] = {"path"};

  if (name == "recover-tx") {
    if (auto bad = detail::unknown_member(req, recover_members)) return outcome::fail(*bad);
    const json::value* raw = member("raw");
    if (raw == nullptr) return missing("raw");
    if (!raw->is(json::kind::string)) return outcome::fail(describe(at("raw", errc::wrong_field_type, "want a 0x-hex string")));
    return recover_transaction<E>(raw->text);
  }

  std::span<const std::string_view> allowed;
  if (name == "sign-typed-data") {
    allowed = typed_data_members;
  } else if (name == "sign-tx") {
    allowed = tx_members;
  } else if (name == "sign-authorization") {
    allowed = authorization_members;
  } else if (name == "address") {
    allowed = address_members;
  } else {
    return outcome::fail("op: unknown operation (want sign-typed-data, sign-tx, sign-authorization, recover-tx or address)");
  }
  if (auto bad = detail::unknown_member(req, allowed)) return outcome::fail(*bad);
  for (const auto k : allowed) {
    if (k != "path" && member(k) == nullptr) return missing(k);
  }

  std::string path(default_path);
  if (const json::value* p = member("path")) {
    if (!p->is(json::kind::string)) return outcome::fail(describe(at("path", errc::wrong_field_type, "want a string")));
    path = p->text;
  }
  const auto found = keys(std::string_view(path));
  if (found.key == nullptr) return outcome::fail(found.error);
  const auto& key = *found.key;

  if (name == "sign-typed-data") return sign_typed_data<E>(key, found.addr, *member("typedData"), "typedData");
  if (name == "sign-tx") return sign_transaction<E>(key, found.addr, *member("tx"), "tx");
  if (name == "sign-authorization") {
    return sign_authorization<E>(key, *member("chainId"), *member("address"), *member("nonce"));
  }
  return outcome::ok("{\"address\":\"" + to_checksum_address<E>(found.addr) + "\"}");
}

/// Runs a request text: one request object, or an array of them (a batch, answered as an
/// array of batch items; an empty array answers "[]").
/// Errors: invalid_json (with the byte offset), a single request's errors.
template <engine_with_public_utilities E, class Keys>
outcome run_requests(Keys& keys, std::string_view text) {
  auto doc = json::parse(text);
  if (!doc) return outcome::fail(describe(doc.err()));
  if (!doc->is(json::kind::array)) return run_request<E>(keys, *doc);
  std::string out = "[";
  for (std::size_t i = 0; i < doc->items.size(); ++i) {
    if (i != 0) out += ',';
    out += run_request<E>(keys, doc->items[i]).batch_item();
  }
  out += ']';
  return outcome::ok(std::move(out));
}

}  // namespace isolated_crypto::ethereum::requests
