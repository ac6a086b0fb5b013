// Audit lines: one JSON object per guarded operation, for an append-only log. Nothing
// secret goes in: public key, address, the classification's public facts (never whole
// calldata or message text, see preimage.hpp), the digest, the decision.
#pragma once

#include <cstdint>
#include <string>

#include "../ethereum/json.hpp"
#include "decision.hpp"

namespace isolated_crypto::policy {

struct audit_record {
  std::uint64_t time_ms = 0;  ///< Unix time in milliseconds
  std::string tenant;         ///< the operator's name for the tenant
  std::string operation;      ///< operation_name(): "derive", "get-chain-code", "sign", "sign-raw"
  std::string public_key;     ///< "0x" + SEC1 compressed hex, or "" when not known
  std::string address;        ///< "0x" + 40 hex digits, or ""
  classification what;        ///< kind "" for operations that sign nothing (derive, get-chain-code)
  std::string digest_hex;     ///< "0x" + 64 hex digits (what was or would have been signed), or ""
  decision verdict;
};

/// One JSON line (no trailing newline):
/// {"time_ms":…,"tenant":"…","operation":"sign","public_key":"0x…","address":"0x…",
///  "kind":"transaction","detail":{…},"digest":"0x…","decision":"deny","rule":"sign.tx.to","what":"…"}
/// `what.detail_json` is embedded as is (it must be a JSON object, as describe() makes);
/// an empty one is written as {}. Strings are JSON-escaped.
inline std::string audit_line(const audit_record& r) {
  using ethereum::json::quote;
  std::string s = "{\"time_ms\":" + std::to_string(r.time_ms);
  s += ",\"tenant\":" + quote(r.tenant);
  s += ",\"operation\":" + quote(r.operation);
  s += ",\"public_key\":" + quote(r.public_key);
  s += ",\"address\":" + quote(r.address);
  s += ",\"kind\":" + quote(r.what.kind);
  s += ",\"detail\":" + (r.what.detail_json.empty() ? std::string("{}") : r.what.detail_json);
  s += ",\"digest\":" + quote(r.digest_hex);
  s += ",\"decision\":" + quote(r.verdict.allowed ? "allow" : "deny");
  s += ",\"rule\":" + quote(r.verdict.rule);
  s += ",\"what\":" + quote(r.verdict.what);
  return s + "}";
}

}  // namespace isolated_crypto::policy
