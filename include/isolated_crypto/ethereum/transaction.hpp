// Ethereum transactions: legacy (type 0, without and with EIP-155), EIP-2930 (1),
// EIP-1559 (2), EIP-4844 (3, without blob sidecar) and EIP-7702 (4).
//  * unsigned_payload(tx): the signing preimage (legacy: rlp([...]); typed: type ‖ rlp([...]));
//  * sign_transaction(key, tx): signs that preimage (ethereum::sign_preimage) and encodes;
//  * parse_signed_transaction<E>(raw): strict decode + sender recovery;
//  * parse_unsigned_transaction(payload): strict decode of a preimage (for a policy layer).
// Ranges: nonce and gas limit < 2^64 (EIP-2681; clients keep gas in 64 bits); chain id
// < 2^64 (so EIP-155 v = 2·chainId + 35 + yParity is at most 2^65 + 34, kept as a uint256);
// other quantities < 2^256. Signatures must be low-S (EIP-2); yParity ∈ {0, 1}.
// Only encoding rules are checked, not network rules (e.g. a blob transaction with no blob
// hashes or a 7702 transaction with an empty authorization list encodes like any other).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "../concepts.hpp"
#include "../secp256k1.hpp"
#include "address.hpp"
#include "authorization.hpp"
#include "field_error.hpp"
#include "rlp.hpp"
#include "signature.hpp"
#include "uint256.hpp"

namespace isolated_crypto::ethereum {

enum class tx_type : std::uint8_t { legacy = 0, access_list = 1, dynamic_fee = 2, blob = 3, set_code = 4 };

struct access_list_entry {
  address addr{};
  std::vector<u256be> storage_keys;
  friend bool operator==(const access_list_entry&, const access_list_entry&) = default;
};

/// The fields of a transaction. Which ones a type uses: see the table in docs/API.md;
/// the encoders ignore the others.
struct transaction {
  tx_type type = tx_type::legacy;
  std::optional<std::uint64_t> chain_id;  ///< legacy: none = pre-EIP-155; typed: required
  std::uint64_t nonce = 0;
  uint256 gas_price;                 ///< types 0, 1
  uint256 max_priority_fee_per_gas;  ///< types 2, 3, 4
  uint256 max_fee_per_gas;           ///< types 2, 3, 4
  std::uint64_t gas_limit = 0;
  std::optional<address> to;         ///< none = contract creation (types 0, 1, 2 only)
  uint256 value;
  std::vector<std::byte> data;
  std::vector<access_list_entry> access_list;          ///< types 1-4
  uint256 max_fee_per_blob_gas;                         ///< type 3
  std::vector<u256be> blob_versioned_hashes;           ///< type 3
  std::vector<signed_authorization> authorization_list; ///< type 4
  friend bool operator==(const transaction&, const transaction&) = default;
};

/// Checks what the encoders need: typed transactions have a chain id; types 3 and 4 have a
/// `to` (no creation). Errors: missing_field ("chainId", "to"), unsupported_transaction ("type").
inline field_result<bool> check_transaction(const transaction& tx) {
  if (static_cast<unsigned>(tx.type) > 4) return at("type", errc::unsupported_transaction, "want 0 to 4");
  if (tx.type != tx_type::legacy && !tx.chain_id) return at("chainId", errc::missing_field, "typed transactions need one");
  if ((tx.type == tx_type::blob || tx.type == tx_type::set_code) && !tx.to) {
    return at("to", errc::missing_field, "type 3 and 4 transactions cannot create contracts");
  }
  return true;
}

namespace detail {

inline void append_access_list(rlp::bytes& out, const std::vector<access_list_entry>& list) {
  rlp::bytes entries;
  for (const auto& e : list) {
    rlp::bytes entry;
    rlp::append_bytes(entry, e.addr);
    rlp::bytes keys;
    for (const auto& k : e.storage_keys) rlp::append_bytes(keys, k);
    rlp::append_list(entry, keys);
    rlp::append_list(entries, entry);
  }
  rlp::append_list(out, entries);
}

/// The RLP list payload of the fields (without signature), in the type's order.
inline rlp::bytes field_payload(const transaction& tx) {
  rlp::bytes p;
  const auto to = [&] {
    if (tx.to) rlp::append_bytes(p, *tx.to);
    else rlp::append_bytes(p, {});
  };
  if (tx.type == tx_type::legacy) {
    rlp::append_uint(p, tx.nonce);
    rlp::append_uint(p, tx.gas_price);
    rlp::append_uint(p, tx.gas_limit);
    to();
    rlp::append_uint(p, tx.value);
    rlp::append_bytes(p, tx.data);
    return p;
  }
  rlp::append_uint(p, tx.chain_id.value_or(0));
  rlp::append_uint(p, tx.nonce);
  if (tx.type == tx_type::access_list) {
    rlp::append_uint(p, tx.gas_price);
  } else {
    rlp::append_uint(p, tx.max_priority_fee_per_gas);
    rlp::append_uint(p, tx.max_fee_per_gas);
  }
  rlp::append_uint(p, tx.gas_limit);
  to();
  rlp::append_uint(p, tx.value);
  rlp::append_bytes(p, tx.data);
  append_access_list(p, tx.access_list);
  if (tx.type == tx_type::blob) {
    rlp::append_uint(p, tx.max_fee_per_blob_gas);
    rlp::bytes hashes;
    for (const auto& h : tx.blob_versioned_hashes) rlp::append_bytes(hashes, h);
    rlp::append_list(p, hashes);
  }
  if (tx.type == tx_type::set_code) {
    rlp::bytes auths;
    for (const auto& a : tx.authorization_list) append_signed_authorization(auths, a);
    rlp::append_list(p, auths);
  }
  return p;
}

inline std::vector<std::byte> with_type_prefix(const transaction& tx, const rlp::bytes& payload) {
  std::vector<std::byte> out;
  if (tx.type != tx_type::legacy) out.push_back(static_cast<std::byte>(tx.type));
  rlp::append_list(out, payload);
  return out;
}

}  // namespace detail

/// The signing preimage. Legacy: rlp([nonce, gasPrice, gasLimit, to, value, data]) and,
/// with a chain id (EIP-155), [..., chainId, 0, 0]. Typed: type ‖ rlp([fields]).
/// Precondition: check_transaction(tx) holds (else the typed chain id is taken as 0).
inline std::vector<std::byte> unsigned_payload(const transaction& tx) {
  rlp::bytes p = detail::field_payload(tx);
  if (tx.type == tx_type::legacy && tx.chain_id) {
    rlp::append_uint(p, *tx.chain_id);
    rlp::append_uint(p, 0);
    rlp::append_uint(p, 0);
  }
  return detail::with_type_prefix(tx, p);
}

/// keccak256(unsigned_payload(tx)).
template <engine_with_public_utilities E>
u256be signing_hash(const transaction& tx) {
  return E::hash(digest_algorithm::keccak256, unsigned_payload(tx));
}

/// Legacy `v`: 27 + yParity without a chain id, else chainId·2 + 35 + yParity (EIP-155).
inline uint256 legacy_v(const std::optional<std::uint64_t>& chain_id, bool y_odd) noexcept {
  uint256 v = chain_id ? uint256(*chain_id) : uint256(0);
  if (chain_id) (void)v.mul_add(2, 35 + (y_odd ? 1U : 0U));  // < 2^66: no overflow
  else v = 27 + (y_odd ? 1U : 0U);
  return v;
}

/// The signed encoding of `tx` with signature `rs` (x_reduced must be clear).
inline std::vector<std::byte> signed_encoding(const transaction& tx, const recoverable_signature& rs) {
  rlp::bytes p = detail::field_payload(tx);
  if (tx.type == tx_type::legacy) rlp::append_uint(p, legacy_v(tx.chain_id, rs.recid.y_odd));
  else rlp::append_uint(p, rs.recid.y_odd ? 1U : 0U);
  rlp::append_uint(p, *uint256::from_be_bytes(rs.sig.r));
  rlp::append_uint(p, *uint256::from_be_bytes(rs.sig.s));
  return detail::with_type_prefix(tx, p);
}

struct signed_transaction {
  transaction tx;
  recoverable_signature signature;  ///< low-S, x_reduced clear
  uint256 v;                        ///< legacy: 27/28 or EIP-155 v; typed: yParity
  std::vector<std::byte> raw;       ///< the signed encoding (eth_sendRawTransaction)
  u256be hash{};                    ///< keccak256(raw): the transaction hash
};

/// Signs `tx` (ethereum::sign_preimage over unsigned_payload(tx)).
/// Errors: those of check_transaction; the key's errors (field "signature").
template <engine_with_public_utilities E, signing_key K>
field_result<signed_transaction> sign_transaction(const K& key, const transaction& tx) {
  auto ok = check_transaction(tx);
  if (!ok) return ok.err();
  auto rs = sign_preimage(key, unsigned_payload(tx));
  if (!rs) return at("signature", rs.code());
  signed_transaction out{tx, *rs, {}, signed_encoding(tx, *rs), {}};
  out.v = tx.type == tx_type::legacy ? legacy_v(tx.chain_id, rs->recid.y_odd) : uint256(rs->recid.y_odd ? 1U : 0U);
  out.hash = E::hash(digest_algorithm::keccak256, out.raw);
  return out;
}

// ---- decoding ---------------------------------------------------------------------------

namespace detail {

inline field_result<std::uint64_t> decode_u64(const rlp::item& it, const std::string& field) {
  auto v = rlp::decode_uint(it, field, 8);
  if (!v) return v.err();
  return v->low_u64();
}

inline field_result<std::vector<access_list_entry>> decode_access_list(const rlp::item& it) {
  if (!it.is_list) return at("accessList", errc::wrong_field_type, "want a list");
  std::vector<access_list_entry> out;
  for (std::size_t i = 0; i < it.items.size(); ++i) {
    const std::string p = index("accessList", i);
    const auto& e = it.items[i];
    if (!e.is_list || e.items.size() != 2) return at(p, errc::wrong_field_type, "want [address, [storageKeys]]");
    access_list_entry entry;
    auto a = rlp::decode_string(e.items[0], join(p, "address"), 20);
    if (!a) return a.err();
    for (std::size_t j = 0; j < 20; ++j) entry.addr[j] = (*a)[j];
    if (!e.items[1].is_list) return at(join(p, "storageKeys"), errc::wrong_field_type, "want a list");
    for (std::size_t k = 0; k < e.items[1].items.size(); ++k) {
      auto key = rlp::decode_string(e.items[1].items[k], index(join(p, "storageKeys"), k), 32);
      if (!key) return key.err();
      u256be w{};
      for (std::size_t j = 0; j < 32; ++j) w[j] = (*key)[j];
      entry.storage_keys.push_back(w);
    }
    out.push_back(std::move(entry));
  }
  return out;
}

/// Decodes the fields (without signature) of a `type` list starting at items[0].
/// Out: tx; `used` = number of items consumed.
inline field_result<bool> decode_fields(tx_type type, const std::vector<rlp::item>& items, transaction& tx,
                                        std::size_t& used) {
  std::size_t i = 0;
  auto u64 = [&](const char* name, std::uint64_t& out) -> field_result<bool> {
    auto v = decode_u64(items[i++], name);
    if (!v) return v.err();
    out = *v;
    return true;
  };
  auto u256 = [&](const char* name, uint256& out) -> field_result<bool> {
    auto v = rlp::decode_uint(items[i++], name);
    if (!v) return v.err();
    out = *v;
    return true;
  };
#define IC_TRY(expr)              \
  do {                            \
    auto ic_r_ = (expr);          \
    if (!ic_r_) return ic_r_.err(); \
  } while (0)
  tx.type = type;
  if (type != tx_type::legacy) {
    std::uint64_t chain = 0;
    IC_TRY(u64("chainId", chain));
    tx.chain_id = chain;
  }
  IC_TRY(u64("nonce", tx.nonce));
  if (type == tx_type::legacy || type == tx_type::access_list) {
    IC_TRY(u256("gasPrice", tx.gas_price));
  } else {
    IC_TRY(u256("maxPriorityFeePerGas", tx.max_priority_fee_per_gas));
    IC_TRY(u256("maxFeePerGas", tx.max_fee_per_gas));
  }
  IC_TRY(u64("gasLimit", tx.gas_limit));
  {
    const auto& t = items[i++];
    if (t.is_list) return at("to", errc::wrong_field_type, "want an address or empty");
    if (t.payload.empty()) {
      if (type == tx_type::blob || type == tx_type::set_code) return at("to", errc::missing_field, "no creation in type 3 and 4");
      tx.to.reset();
    } else {
      auto a = rlp::decode_string(t, "to", 20);
      if (!a) return a.err();
      address addr{};
      for (std::size_t j = 0; j < 20; ++j) addr[j] = (*a)[j];
      tx.to = addr;
    }
  }
  IC_TRY(u256("value", tx.value));
  {
    auto d = rlp::decode_string(items[i++], "data");
    if (!d) return d.err();
    tx.data.assign(d->begin(), d->end());
  }
  if (type != tx_type::legacy) {
    auto al = decode_access_list(items[i++]);
    if (!al) return al.err();
    tx.access_list = std::move(*al);
  }
  if (type == tx_type::blob) {
    IC_TRY(u256("maxFeePerBlobGas", tx.max_fee_per_blob_gas));
    const auto& h = items[i++];
    if (!h.is_list) return at("blobVersionedHashes", errc::wrong_field_type, "want a list");
    for (std::size_t k = 0; k < h.items.size(); ++k) {
      auto b = rlp::decode_string(h.items[k], index("blobVersionedHashes", k), 32);
      if (!b) return b.err();
      u256be w{};
      for (std::size_t j = 0; j < 32; ++j) w[j] = (*b)[j];
      tx.blob_versioned_hashes.push_back(w);
    }
  }
  if (type == tx_type::set_code) {
    const auto& l = items[i++];
    if (!l.is_list) return at("authorizationList", errc::wrong_field_type, "want a list");
    for (std::size_t k = 0; k < l.items.size(); ++k) {
      auto a = decode_signed_authorization(l.items[k], index("authorizationList", k));
      if (!a) return a.err();
      tx.authorization_list.push_back(*a);
    }
  }
#undef IC_TRY
  used = i;
  return true;
}

/// Number of field items (without signature) of each type.
inline std::size_t field_count(tx_type t) noexcept {
  switch (t) {
    case tx_type::legacy: return 6;
    case tx_type::access_list: return 8;
    case tx_type::dynamic_fee: return 9;
    case tx_type::blob: return 11;
    case tx_type::set_code: return 10;
  }
  return 0;
}

/// Splits raw into type and the decoded top-level RLP list.
inline field_result<rlp::item> decode_envelope(std::span<const std::byte> raw, tx_type& type) {
  if (raw.empty()) return at("", errc::invalid_rlp, "empty input");
  const auto first = static_cast<unsigned>(raw[0]);
  if (first >= 0xC0) {
    type = tx_type::legacy;
  } else if (first >= 1 && first <= 4) {
    type = static_cast<tx_type>(first);
    raw = raw.subspan(1);
  } else {
    return at("type", errc::unsupported_transaction, "want a legacy RLP list or type 1 to 4");
  }
  auto it = rlp::decode(raw);
  if (!it) return it.err();
  if (!it->is_list) return at("", errc::wrong_field_type, "want an RLP list");
  return std::move(*it);
}

}  // namespace detail

/// Decodes a signing preimage (unsigned_payload's output) strictly; it must re-encode to
/// the same bytes. Errors: invalid_rlp, non_canonical_rlp, unsupported_transaction,
/// invalid_length (wrong item count, address or hash lengths), wrong_field_type,
/// integer_out_of_range, missing_field ("to" for types 3, 4); EIP-155 legacy:
/// invalid_integer ("v" / "r" / "s": the trailing [chainId, 0, 0] must be exactly that).
inline field_result<transaction> parse_unsigned_transaction(std::span<const std::byte> payload) {
  tx_type type{};
  auto list = detail::decode_envelope(payload, type);
  if (!list) return list.err();
  const auto& items = list->items;
  const std::size_t n = detail::field_count(type);
  const bool eip155 = type == tx_type::legacy && items.size() == n + 3;
  if (items.size() != n && !eip155) return at("", errc::invalid_length, "wrong number of fields for the type");
  transaction tx;
  std::size_t used = 0;
  auto ok = detail::decode_fields(type, items, tx, used);
  if (!ok) return ok.err();
  if (eip155) {
    auto chain = detail::decode_u64(items[n], "chainId");
    if (!chain) return chain.err();
    if (*chain == 0) return at("chainId", errc::integer_out_of_range, "EIP-155 chain id 0");
    tx.chain_id = *chain;
    for (std::size_t k = n + 1; k < n + 3; ++k) {
      if (items[k].is_list || !items[k].payload.empty()) return at(k == n + 1 ? "r" : "s", errc::invalid_integer, "want 0 in an EIP-155 preimage");
    }
  }
  return tx;
}

struct recovered_transaction {
  signed_transaction signed_tx;
  address from{};
};

/// Decodes a signed transaction strictly and recovers its sender.
/// Errors: those of parse_unsigned_transaction, plus (field "v", "yParity", "r", "s"):
/// invalid_signature (r or s is 0 or ≥ n, high-S, v not 27/28/≥35, yParity > 1),
/// integer_out_of_range (EIP-155 chain id ≥ 2^64), recovery_failed.
template <engine_with_public_utilities E>
field_result<recovered_transaction> parse_signed_transaction(std::span<const std::byte> raw) {
  tx_type type{};
  auto list = detail::decode_envelope(raw, type);
  if (!list) return list.err();
  const auto& items = list->items;
  const std::size_t n = detail::field_count(type);
  if (items.size() != n + 3) return at("", errc::invalid_length, "wrong number of fields for a signed transaction");
  recovered_transaction out;
  signed_transaction& st = out.signed_tx;
  std::size_t used = 0;
  auto ok = detail::decode_fields(type, items, st.tx, used);
  if (!ok) return ok.err();
  const std::string v_name = type == tx_type::legacy ? "v" : "yParity";
  auto v = rlp::decode_uint(items[n], v_name);
  if (!v) return v.err();
  st.v = *v;
  bool y_odd = false;
  if (type == tx_type::legacy) {
    if (*v == uint256(27) || *v == uint256(28)) {
      y_odd = *v == uint256(28);
    } else if (*v >= uint256(35)) {
      uint256 t = *v;
      (void)t.sub_small(35);  // v ≥ 35
      y_odd = t.div_small(2) == 1;
      if (!t.fits_u64()) return at("v", errc::integer_out_of_range, "EIP-155 chain id at least 2^64");
      if (t.is_zero()) return at("v", errc::integer_out_of_range, "EIP-155 chain id 0");
      st.tx.chain_id = t.low_u64();
    } else {
      return at("v", errc::invalid_signature, "want 27, 28 or an EIP-155 value ≥ 35");
    }
  } else {
    if (*v > uint256(1)) return at("yParity", errc::invalid_signature, "want 0 or 1");
    y_odd = *v == uint256(1);
  }
  auto r = rlp::decode_uint(items[n + 1], "r");
  if (!r) return r.err();
  auto s = rlp::decode_uint(items[n + 2], "s");
  if (!s) return s.err();
  st.signature = {{r->to_be32(), s->to_be32()}, {y_odd, false}};
  if (::isolated_crypto::detail::is_valid_scalar(st.signature.sig.r.data()) == 0) return at("r", errc::invalid_signature, "0 or at least n");
  if (::isolated_crypto::detail::is_valid_scalar(st.signature.sig.s.data()) == 0) return at("s", errc::invalid_signature, "0 or at least n");
  if (::isolated_crypto::detail::is_high_s(st.signature.sig.s.data()) != 0) return at("s", errc::invalid_signature, "high-S (EIP-2)");
  st.raw.assign(raw.begin(), raw.end());
  st.hash = E::hash(digest_algorithm::keccak256, st.raw);
  auto p = secp256k1::recover<E>(signing_hash<E>(st.tx), st.signature);
  if (!p) return at("", p.code(), "no sender recovers from this signature");
  out.from = address_of<E>(*p);
  return out;
}

}  // namespace isolated_crypto::ethereum
