// The CLI's Ethereum signing commands: its inputs (files, options, batch lines) handed to
// the SDK's request layer (isolated_crypto/ethereum/requests.hpp), which the example tenant
// component (examples/ethereum_tenant) uses too, so both print the same JSON. Templates
// over the engine E (public maths) and any signing_key K. No key material is ever in an
// output or an error text.
#pragma once

#include <string>
#include <string_view>

#include <isolated_crypto/ethereum.hpp>
#include <isolated_crypto/ethereum/requests.hpp>

namespace ic_cli {

namespace eth = isolated_crypto::ethereum;
namespace requests = isolated_crypto::ethereum::requests;
using eth_outcome = requests::outcome;

/// `text` as a JSON string value (what a command-line argument is).
inline eth::json::value string_value(std::string_view text) {
  eth::json::value v;
  v.type = eth::json::kind::string;
  v.text = std::string(text);
  return v;
}

/// Parses a JSON document and runs `op` on it; errors are prefixed with `what` ("typed data: ").
template <class Op>
eth_outcome with_document(std::string_view document, const std::string& what, Op op) {
  auto doc = eth::json::parse(document);
  if (!doc) return eth_outcome::fail(what + eth::describe(doc.err()));
  auto o = op(*doc);
  if (!o.json) o.error = what + o.error;
  return o;
}

/// sign-typed-data: see requests::sign_typed_data.
template <class E, class K>
eth_outcome sign_typed_data(const K& key, const eth::address& address, std::string_view document) {
  return with_document(document, "typed data: ",
                       [&](const eth::json::value& d) { return requests::sign_typed_data<E>(key, address, d); });
}

/// sign-tx: see requests::sign_transaction.
template <class E, class K>
eth_outcome sign_transaction(const K& key, const eth::address& address, std::string_view document) {
  return with_document(document, "transaction: ",
                       [&](const eth::json::value& d) { return requests::sign_transaction<E>(key, address, d); });
}

/// sign-authorization --chain-id N --address A --nonce N: see requests::sign_authorization.
template <class E, class K>
eth_outcome sign_authorization(const K& key, std::string_view chain_id, std::string_view delegate, std::string_view nonce) {
  return requests::sign_authorization<E>(key, string_value(chain_id), string_value(delegate), string_value(nonce),
                                         {"--chain-id", "--address", "--nonce"});
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
    o = requests::recover_transaction<E>(payload, "RAW");
  } else {
    o.error = "unknown batch op";
  }
  return o.batch_item();
}

}  // namespace ic_cli
