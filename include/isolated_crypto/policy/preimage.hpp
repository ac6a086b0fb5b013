// Classification of a keccak256 signing preimage (what a tenant passed to
// sign(keccak256, preimage)) with the core's strict parsers. The first bytes decide
// which parser runs, so no preimage can be read as two kinds:
//   0x19 0x45 ('E')  EIP-191 personal message: "\x19Ethereum Signed Message:\n" + decimal
//                    length (no leading zeros) + text of exactly that length
//   0x19 0x01        EIP-712: 0x1901 ‖ domainSeparator (32) ‖ structHash (32), 66 bytes;
//                    or 0x1901 ‖ domainSeparator, 34 bytes (primaryType EIP712Domain)
//   0x05             EIP-7702 authorization: 0x05 ‖ rlp([chainId, address, nonce])
//   0x01 .. 0x04     typed transaction preimage: type ‖ rlp([...])
//   0xC0 .. 0xFF     legacy transaction preimage: rlp([6 fields]) or EIP-155 rlp([6 fields, chainId, 0, 0])
//   anything else    unclassified (including EIP-191 versions other than 0x45 and 0x01)
// A preimage that starts like a kind but is not its strict canonical encoding (a wrong
// length, non-canonical RLP, trailing bytes, a field out of range) is `malformed`: it is
// never taken for the kind it claims, and the policy denies it whatever else it allows.
// Public data only; variable-time.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "../hex.hpp"
#include "../types.hpp"
#include "../ethereum/authorization.hpp"
#include "../ethereum/eip712.hpp"
#include "../ethereum/field_error.hpp"
#include "../ethereum/json.hpp"
#include "../ethereum/rlp.hpp"
#include "../ethereum/transaction.hpp"
#include "decision.hpp"

namespace isolated_crypto::policy {

enum class preimage_kind : std::uint8_t {
  personal_message,
  typed_data,
  transaction,
  authorization,
  unclassified,
  malformed,
};

constexpr std::string_view preimage_kind_name(preimage_kind k) noexcept {
  switch (k) {
    case preimage_kind::personal_message: return "personal-message";
    case preimage_kind::typed_data: return "typed-data";
    case preimage_kind::transaction: return "transaction";
    case preimage_kind::authorization: return "authorization";
    case preimage_kind::unclassified: return "unclassified";
    case preimage_kind::malformed: return "malformed";
  }
  return "?";
}

/// The facts of one preimage; which members are set depends on `kind`.
struct preimage_facts {
  preimage_kind kind = preimage_kind::unclassified;
  std::span<const std::byte> text;        ///< personal message text (points into the preimage)
  u256be domain{};                         ///< typed data: domainSeparator
  std::optional<u256be> struct_hash;       ///< typed data: none for a domain-only preimage
  ethereum::transaction tx;                ///< transaction
  ethereum::authorization auth;            ///< authorization
  preimage_kind claimed = preimage_kind::unclassified;  ///< malformed: the kind its first bytes claim
  ethereum::field_error error;             ///< malformed: why it is not that kind
  std::size_t length = 0;                  ///< preimage length in bytes
};

namespace detail {

inline constexpr std::string_view personal_prefix = "\x19" "Ethereum Signed Message:\n";

inline preimage_facts malformed(preimage_kind claimed, ethereum::field_error e, std::size_t length) {
  preimage_facts f;
  f.kind = preimage_kind::malformed;
  f.claimed = claimed;
  f.error = std::move(e);
  f.length = length;
  return f;
}

inline bool equal_bytes(std::span<const std::byte> a, std::span<const std::byte> b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

/// EIP-191 version 0x45. The decimal length L and the text satisfy digits(L) + L = rest;
/// L + digits(L) grows strictly with L, so at most one split exists.
inline preimage_facts classify_personal(std::span<const std::byte> p) {
  const auto fail = [&](std::string why) {
    return malformed(preimage_kind::personal_message, ethereum::at("", errc::invalid_length, std::move(why)), p.size());
  };
  if (p.size() < personal_prefix.size()) return fail("shorter than the EIP-191 prefix");
  for (std::size_t i = 0; i < personal_prefix.size(); ++i) {
    if (static_cast<char>(p[i]) != personal_prefix[i]) return fail("not the \"Ethereum Signed Message:\\n\" prefix");
  }
  const auto rest = p.subspan(personal_prefix.size());
  for (std::size_t d = 1; d <= 20 && d <= rest.size(); ++d) {
    const std::size_t len = rest.size() - d;
    const std::string digits = std::to_string(len);
    if (digits.size() != d) continue;
    bool same = true;
    for (std::size_t i = 0; i < d; ++i) same = same && static_cast<char>(rest[i]) == digits[i];
    if (!same) continue;
    preimage_facts f;
    f.kind = preimage_kind::personal_message;
    f.text = rest.subspan(d);
    f.length = p.size();
    return f;
  }
  return fail("the decimal length does not match the message");
}

inline preimage_facts classify_typed_data(std::span<const std::byte> p) {
  const auto parts = ethereum::eip712::parse_preimage(p);
  if (!parts) {
    return malformed(preimage_kind::typed_data,
                     ethereum::at("", errc::invalid_length,
                                  "want 66 bytes (0x1901, domain, struct hash) or 34, got " + std::to_string(p.size())),
                     p.size());
  }
  preimage_facts f;
  f.kind = preimage_kind::typed_data;
  f.domain = parts->domain_separator;
  f.struct_hash = parts->struct_hash;
  f.length = p.size();
  return f;
}

inline preimage_facts classify_authorization(std::span<const std::byte> p) {
  const auto fail = [&](ethereum::field_error e) { return malformed(preimage_kind::authorization, std::move(e), p.size()); };
  auto it = ethereum::rlp::decode(p.subspan(1));
  if (!it) return fail(it.err());
  if (!it->is_list || it->items.size() != 3) {
    return fail(ethereum::at("", errc::invalid_length, "want rlp([chainId, address, nonce])"));
  }
  preimage_facts f;
  auto chain = ethereum::rlp::decode_uint(it->items[0], "chainId");
  if (!chain) return fail(chain.err());
  auto addr = ethereum::rlp::decode_string(it->items[1], "address", 20);
  if (!addr) return fail(addr.err());
  auto nonce = ethereum::rlp::decode_uint(it->items[2], "nonce", 8);
  if (!nonce) return fail(nonce.err());
  f.auth.chain_id = *chain;
  std::copy_n(addr->begin(), 20, f.auth.delegate.begin());
  f.auth.nonce = nonce->low_u64();
  // The strict decoder admits one encoding per value; re-encoding proves it.
  if (!equal_bytes(ethereum::authorization_preimage(f.auth), p)) {
    return fail(ethereum::at("", errc::non_canonical_rlp, "does not re-encode to the same bytes"));
  }
  f.kind = preimage_kind::authorization;
  f.length = p.size();
  return f;
}

inline preimage_facts classify_transaction(std::span<const std::byte> p) {
  auto tx = ethereum::parse_unsigned_transaction(p);
  if (!tx) return malformed(preimage_kind::transaction, tx.err(), p.size());
  if (!equal_bytes(ethereum::unsigned_payload(*tx), p)) {
    return malformed(preimage_kind::transaction,
                     ethereum::at("", errc::non_canonical_rlp, "does not re-encode to the same bytes"), p.size());
  }
  preimage_facts f;
  f.kind = preimage_kind::transaction;
  f.tx = std::move(*tx);
  f.length = p.size();
  return f;
}

}  // namespace detail

/// Classifies a keccak256 signing preimage (see the file comment for the dispatch).
/// Returns: the facts; kind malformed (with `claimed` and `error`) when the first bytes
/// claim a kind whose strict parser rejects the rest. Never fails otherwise.
inline preimage_facts classify_preimage(std::span<const std::byte> p) {
  if (p.empty()) {
    preimage_facts f;
    return f;
  }
  const auto b0 = static_cast<unsigned>(p[0]);
  if (b0 == 0x19 && p.size() >= 2 && static_cast<unsigned>(p[1]) == 0x45) return detail::classify_personal(p);
  if (b0 == 0x19 && p.size() >= 2 && static_cast<unsigned>(p[1]) == 0x01) return detail::classify_typed_data(p);
  if (p[0] == ethereum::authorization_magic) return detail::classify_authorization(p);
  if ((b0 >= 0x01 && b0 <= 0x04) || b0 >= 0xC0) return detail::classify_transaction(p);
  preimage_facts f;
  f.length = p.size();
  return f;
}

// ---- the public facts as JSON (for decisions and audit lines) ------------------------

namespace detail {

inline std::string hex0x(std::span<const std::byte> b) { return "0x" + hex::encode(b); }

inline std::string transaction_detail(const ethereum::transaction& tx) {
  std::string s = "{\"type\":" + std::to_string(static_cast<unsigned>(tx.type));
  s += ",\"chainId\":" + (tx.chain_id ? "\"" + std::to_string(*tx.chain_id) + "\"" : std::string("null"));
  s += ",\"nonce\":\"" + std::to_string(tx.nonce) + "\"";
  s += ",\"to\":" + (tx.to ? "\"" + hex0x(*tx.to) + "\"" : std::string("null"));
  s += ",\"value\":\"" + tx.value.to_decimal() + "\"";
  const bool has_selector = tx.to && tx.data.size() >= 4;
  s += ",\"selector\":" + (has_selector ? "\"" + hex0x(std::span(tx.data).first(4)) + "\"" : std::string("null"));
  s += ",\"dataLength\":" + std::to_string(tx.data.size());
  if (tx.type == ethereum::tx_type::set_code) {
    s += ",\"authorizations\":" + std::to_string(tx.authorization_list.size());
  }
  return s + "}";
}

}  // namespace detail

/// The kind name and a JSON object of the public facts: the first 32 bytes of a personal
/// message (as hex) and its length, never more of large data (calldata: selector and length).
inline classification describe(const preimage_facts& f) {
  using detail::hex0x;
  classification c;
  c.kind = std::string(preimage_kind_name(f.kind));
  switch (f.kind) {
    case preimage_kind::personal_message: {
      const auto head = f.text.first(std::min<std::size_t>(f.text.size(), 32));
      c.detail_json = "{\"length\":" + std::to_string(f.text.size()) + ",\"head\":\"" + hex0x(head) + "\"}";
      break;
    }
    case preimage_kind::typed_data:
      c.detail_json = "{\"domain\":\"" + hex0x(f.domain) + "\",\"structHash\":" +
                      (f.struct_hash ? "\"" + hex0x(*f.struct_hash) + "\"" : std::string("null")) + "}";
      break;
    case preimage_kind::transaction: c.detail_json = detail::transaction_detail(f.tx); break;
    case preimage_kind::authorization:
      c.detail_json = "{\"chainId\":\"" + f.auth.chain_id.to_decimal() + "\",\"delegate\":\"" + hex0x(f.auth.delegate) +
                      "\",\"nonce\":\"" + std::to_string(f.auth.nonce) + "\"}";
      break;
    case preimage_kind::unclassified: c.detail_json = "{\"length\":" + std::to_string(f.length) + "}"; break;
    case preimage_kind::malformed:
      c.detail_json = "{\"claims\":\"" + std::string(preimage_kind_name(f.claimed)) + "\",\"error\":" +
                      ethereum::json::quote(ethereum::describe(f.error)) + ",\"length\":" + std::to_string(f.length) + "}";
      break;
  }
  return c;
}

}  // namespace isolated_crypto::policy
