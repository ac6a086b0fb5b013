// What a policy check returns: the decision, the rule that made it and a short public
// reason, plus the classification of what was to be signed. Public data only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace isolated_crypto::policy {

/// The engine operations a policy decides on (the calls of the 0.14.0 interfaces that
/// a tenant can make on what it received).
enum class operation : std::uint8_t { derive, get_chain_code, sign, sign_raw };

/// "derive", "get-chain-code", "sign", "sign-raw" (the names of the `operations` keys).
constexpr std::string_view operation_name(operation op) noexcept {
  switch (op) {
    case operation::derive: return "derive";
    case operation::get_chain_code: return "get-chain-code";
    case operation::sign: return "sign";
    case operation::sign_raw: return "sign-raw";
  }
  return "?";
}

/// A verdict. `rule` names the rule that decided, with stable names (docs/SECURITY.md,
/// "Policy model"): "operations.sign-raw", "digests", "derivation.paths",
/// "sign.tx.to", "rate.window", ... `what` is a short public reason ("chain id 5 not
/// allowed"); neither ever holds secret data.
struct decision {
  bool allowed = false;
  std::string rule;
  std::string what;
};

inline decision allow(std::string rule, std::string what = "allowed") {
  return decision{true, std::move(rule), std::move(what)};
}
inline decision deny(std::string rule, std::string what) { return decision{false, std::move(rule), std::move(what)}; }

/// What a signing request was. `kind`: "personal-message", "typed-data", "transaction",
/// "authorization", "unclassified", "malformed" (claims a kind by its first bytes but
/// is not its strict canonical encoding) or "raw-digest" (sign-raw: opaque).
/// `detail_json`: a JSON object with the public facts the decision used.
struct classification {
  std::string kind;
  std::string detail_json = "{}";
};

}  // namespace isolated_crypto::policy
