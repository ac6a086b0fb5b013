// Transactions from JSON in the ethers / eth_signTransaction shape:
//   type, chainId, nonce, to (null or absent: creation), value, data | input, gasLimit | gas,
//   gasPrice, maxFeePerGas, maxPriorityFeePerGas, accessList [{address, storageKeys}],
//   maxFeePerBlobGas, blobVersionedHashes, authorizationList [{chainId, address, nonce,
//   yParity, r, s}], from (optional; checked by the caller against the signing key).
// Quantities: 0x-hex strings, decimal strings or JSON integers. Strict:
//  * no `type`: 4 if authorizationList, 3 if maxFeePerBlobGas or blobVersionedHashes, 2 if
//    maxFeePerGas or maxPriorityFeePerGas, 1 if accessList, else 0;
//  * a field the type does not use is an error (gasPrice in a type-2 transaction, ...), as is
//    any unknown field and giving both data and input (or gas and gasLimit);
//  * required: nonce, gasLimit, the type's fee fields, chainId for types 1-4; a legacy
//    chainId makes it EIP-155 and must not be 0; value, data and lists default to 0 / empty.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "../concepts.hpp"
#include "address.hpp"
#include "field_error.hpp"
#include "json.hpp"
#include "json_values.hpp"
#include "transaction.hpp"

namespace isolated_crypto::ethereum {

/// A parsed JSON transaction: the transaction and the optional `from`.
struct json_transaction {
  transaction tx;
  std::optional<address> from;
};

namespace detail {

template <engine_with_public_utilities E>
field_result<address> read_address(const json::value& v, const std::string& path) {
  if (!v.is(json::kind::string)) return at(path, errc::wrong_field_type, "want an address string");
  auto a = parse_address<E>(v.text);
  if (!a) return at(path, a.code(), "want 20 bytes as 40 hex digits");
  return *a;
}

inline field_result<u256be> read_word(const json::value& v, const std::string& path) {
  auto b = json::read_hex_bytes(v, path, 32);
  if (!b) return b.err();
  u256be w{};
  for (std::size_t i = 0; i < 32; ++i) w[i] = (*b)[i];
  return w;
}

inline bool field_allowed(tx_type t, std::string_view k) {
  const bool fee1559 = t == tx_type::dynamic_fee || t == tx_type::blob || t == tx_type::set_code;
  if (k == "type" || k == "chainId" || k == "nonce" || k == "to" || k == "value" || k == "data" || k == "input" ||
      k == "gasLimit" || k == "gas" || k == "from") {
    return true;
  }
  if (k == "gasPrice") return t == tx_type::legacy || t == tx_type::access_list;
  if (k == "maxFeePerGas" || k == "maxPriorityFeePerGas") return fee1559;
  if (k == "accessList") return t != tx_type::legacy;
  if (k == "maxFeePerBlobGas" || k == "blobVersionedHashes") return t == tx_type::blob;
  if (k == "authorizationList") return t == tx_type::set_code;
  return false;
}

inline bool is_known_field(std::string_view k) {
  for (auto t : {tx_type::legacy, tx_type::access_list, tx_type::dynamic_fee, tx_type::blob, tx_type::set_code}) {
    if (field_allowed(t, k)) return true;
  }
  return false;
}

}  // namespace detail

/// Reads a transaction from a parsed JSON object (rules in the file comment).
/// Errors (field = the JSON field, e.g. "accessList[0].storageKeys[1]"): wrong_field_type,
/// unknown_field, missing_field, integer_out_of_range, invalid_integer, invalid_hex,
/// invalid_length, invalid_address_checksum, unsupported_transaction ("type").
template <engine_with_public_utilities E>
field_result<json_transaction> transaction_from_json(const json::value& j) {
  using json::kind;
  if (!j.is(kind::object)) return at("", errc::wrong_field_type, "want a transaction object");
  json_transaction out;
  transaction& tx = out.tx;
  auto has = [&](const char* k) { return j.find(k) != nullptr; };

  if (const json::value* t = j.find("type")) {
    auto v = json::read_uint(*t, "type", 8);
    if (!v) return v.err();
    if (v->low_u64() > 4) return at("type", errc::unsupported_transaction, "want 0 to 4");
    tx.type = static_cast<tx_type>(v->low_u64());
  } else if (has("authorizationList")) {
    tx.type = tx_type::set_code;
  } else if (has("maxFeePerBlobGas") || has("blobVersionedHashes")) {
    tx.type = tx_type::blob;
  } else if (has("maxFeePerGas") || has("maxPriorityFeePerGas")) {
    tx.type = tx_type::dynamic_fee;
  } else if (has("accessList")) {
    tx.type = tx_type::access_list;
  }
  const std::string type_text = "type-" + std::to_string(static_cast<unsigned>(tx.type)) + " transaction";
  for (const auto& [k, unused] : j.members) {
    if (!detail::is_known_field(k)) return at(k, errc::unknown_field, "not a transaction field");
    if (!detail::field_allowed(tx.type, k)) return at(k, errc::unknown_field, "not a field of a " + type_text);
  }
  if (has("data") && has("input")) return at("input", errc::unknown_field, "give data or input, not both");
  if (has("gas") && has("gasLimit")) return at("gas", errc::unknown_field, "give gasLimit or gas, not both");

  auto u64 = [&](const char* k, std::uint64_t& dst, bool required) -> field_result<bool> {
    const json::value* v = j.find(k);
    if (v == nullptr) {
      if (required) return at(k, errc::missing_field, "required in a " + type_text);
      return true;
    }
    auto x = json::read_uint(*v, k, 64);
    if (!x) return x.err();
    dst = x->low_u64();
    return true;
  };
  auto u256 = [&](const char* k, uint256& dst, bool required) -> field_result<bool> {
    const json::value* v = j.find(k);
    if (v == nullptr) {
      if (required) return at(k, errc::missing_field, "required in a " + type_text);
      return true;
    }
    auto x = json::read_uint(*v, k);
    if (!x) return x.err();
    dst = *x;
    return true;
  };
#define IC_TRY(expr)                \
  do {                              \
    auto ic_r_ = (expr);            \
    if (!ic_r_) return ic_r_.err(); \
  } while (0)

  if (has("chainId")) {
    std::uint64_t c = 0;
    IC_TRY(u64("chainId", c, true));
    if (tx.type == tx_type::legacy && c == 0) {
      return at("chainId", errc::integer_out_of_range, "EIP-155 chain id 0; omit chainId for a pre-EIP-155 transaction");
    }
    tx.chain_id = c;
  } else if (tx.type != tx_type::legacy) {
    return at("chainId", errc::missing_field, "required in a " + type_text);
  }
  IC_TRY(u64("nonce", tx.nonce, true));
  IC_TRY(u64(has("gas") ? "gas" : "gasLimit", tx.gas_limit, true));
  if (tx.type == tx_type::legacy || tx.type == tx_type::access_list) {
    IC_TRY(u256("gasPrice", tx.gas_price, true));
  } else {
    IC_TRY(u256("maxPriorityFeePerGas", tx.max_priority_fee_per_gas, true));
    IC_TRY(u256("maxFeePerGas", tx.max_fee_per_gas, true));
  }
  IC_TRY(u256("value", tx.value, false));
  if (const json::value* to = j.find("to"); to != nullptr && !to->is(kind::null)) {
    auto a = detail::read_address<E>(*to, "to");
    if (!a) return a.err();
    tx.to = *a;
  }
  if (const json::value* from = j.find("from"); from != nullptr) {
    auto a = detail::read_address<E>(*from, "from");
    if (!a) return a.err();
    out.from = *a;
  }
  const char* data_key = has("input") ? "input" : "data";
  if (const json::value* d = j.find(data_key)) {
    auto b = json::read_hex_bytes(*d, data_key);
    if (!b) return b.err();
    tx.data = std::move(*b);
  }
  if (const json::value* al = j.find("accessList")) {
    if (!al->is(kind::array)) return at("accessList", errc::wrong_field_type, "want an array");
    for (std::size_t i = 0; i < al->items.size(); ++i) {
      const std::string p = index("accessList", i);
      const json::value& e = al->items[i];
      if (!e.is(kind::object)) return at(p, errc::wrong_field_type, "want {address, storageKeys}");
      for (const auto& [k, unused] : e.members) {
        if (k != "address" && k != "storageKeys") return at(join(p, k), errc::unknown_field);
      }
      const json::value* a = e.find("address");
      const json::value* keys = e.find("storageKeys");
      if (a == nullptr) return at(join(p, "address"), errc::missing_field);
      if (keys == nullptr) return at(join(p, "storageKeys"), errc::missing_field);
      access_list_entry entry;
      auto addr = detail::read_address<E>(*a, join(p, "address"));
      if (!addr) return addr.err();
      entry.addr = *addr;
      if (!keys->is(kind::array)) return at(join(p, "storageKeys"), errc::wrong_field_type, "want an array");
      for (std::size_t k = 0; k < keys->items.size(); ++k) {
        auto w = detail::read_word(keys->items[k], index(join(p, "storageKeys"), k));
        if (!w) return w.err();
        entry.storage_keys.push_back(*w);
      }
      tx.access_list.push_back(std::move(entry));
    }
  }
  if (tx.type == tx_type::blob) {
    IC_TRY(u256("maxFeePerBlobGas", tx.max_fee_per_blob_gas, true));
    if (const json::value* h = j.find("blobVersionedHashes")) {
      if (!h->is(kind::array)) return at("blobVersionedHashes", errc::wrong_field_type, "want an array");
      for (std::size_t k = 0; k < h->items.size(); ++k) {
        auto w = detail::read_word(h->items[k], index("blobVersionedHashes", k));
        if (!w) return w.err();
        tx.blob_versioned_hashes.push_back(*w);
      }
    }
  }
  if (const json::value* l = j.find("authorizationList")) {
    if (!l->is(kind::array)) return at("authorizationList", errc::wrong_field_type, "want an array");
    for (std::size_t i = 0; i < l->items.size(); ++i) {
      const std::string p = index("authorizationList", i);
      const json::value& e = l->items[i];
      if (!e.is(kind::object)) return at(p, errc::wrong_field_type, "want {chainId, address, nonce, yParity, r, s}");
      for (const auto& [k, unused] : e.members) {
        if (k != "chainId" && k != "address" && k != "nonce" && k != "yParity" && k != "r" && k != "s") {
          return at(join(p, k), errc::unknown_field);
        }
      }
      for (const char* k : {"chainId", "address", "nonce", "yParity", "r", "s"}) {
        if (e.find(k) == nullptr) return at(join(p, k), errc::missing_field);
      }
      signed_authorization sa;
      auto chain = json::read_uint(*e.find("chainId"), join(p, "chainId"));
      if (!chain) return chain.err();
      sa.auth.chain_id = *chain;
      auto addr = detail::read_address<E>(*e.find("address"), join(p, "address"));
      if (!addr) return addr.err();
      sa.auth.delegate = *addr;
      auto nonce = json::read_uint(*e.find("nonce"), join(p, "nonce"), 64);
      if (!nonce) return nonce.err();
      sa.auth.nonce = nonce->low_u64();
      auto y = json::read_uint(*e.find("yParity"), join(p, "yParity"), 1);
      if (!y) return y.err();
      sa.y_parity = static_cast<std::uint8_t>(y->low_u64());
      auto r = json::read_uint(*e.find("r"), join(p, "r"));
      if (!r) return r.err();
      auto s = json::read_uint(*e.find("s"), join(p, "s"));
      if (!s) return s.err();
      sa.r = r->to_be32();
      sa.s = s->to_be32();
      tx.authorization_list.push_back(sa);
    }
  }
#undef IC_TRY
  auto ok = check_transaction(tx);
  if (!ok) return ok.err();
  return out;
}

/// Parses JSON text (ethereum::json) and reads the transaction.
template <engine_with_public_utilities E>
field_result<json_transaction> transaction_from_json(std::string_view text) {
  auto doc = json::parse(text);
  if (!doc) return doc.err();
  return transaction_from_json<E>(*doc);
}

}  // namespace isolated_crypto::ethereum
