// The policy of one tenant: which engine operations it may call on what it received, and
// what it may sign. Default deny: the policy `{}` denies every operation. A guard between
// the tenant and the engine asks before each call; allowed calls go to the engine
// unchanged. The schema and the evaluation order are in docs/SECURITY.md, "Policy model".
//
//   auto p = policy::tenant_policy::parse<engines::libsecp256k1>(json_text);
//   if (!p) report(ethereum::describe(p.err()));        // "sign.transactions.to[2]: ..."
//   policy::classification what;
//   auto d = p->check_sign(digest_algorithm::keccak256, preimage, what);
//   if (d.allowed) d = p->check_rate(task_count + 1, window_count + 1);
//
// Public data only (policies, paths, preimages, digests); variable-time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "../bip32_path.hpp"
#include "../concepts.hpp"
#include "../ethereum/field_error.hpp"
#include "../hex.hpp"
#include "../types.hpp"
#include "audit.hpp"
#include "decision.hpp"
#include "parse.hpp"
#include "path_pattern.hpp"
#include "preimage.hpp"
#include "rules.hpp"

namespace isolated_crypto::policy {

class tenant_policy {
 public:
  /// Parses the JSON policy of one tenant (schema: docs/SECURITY.md, "Policy model").
  /// `E` supplies Keccak-256 for EIP-55 checksums of mixed-case addresses.
  /// Errors (field_error naming the field, e.g. "sign.transactions.to[2]"): invalid_json
  /// (syntax, duplicate keys, duplicate list entries), unknown_field, wrong_field_type,
  /// missing_field (rate.window.seconds / max), invalid_hex, invalid_length,
  /// invalid_address_checksum, integer_out_of_range, invalid_integer, invalid_path,
  /// path_index_overflow.
  template <engine_with_public_utilities E>
  static ethereum::field_result<tenant_policy> parse(std::string_view json) {
    auto r = detail::parse_rules<E>(json);
    if (!r) return r.err();
    return tenant_policy(std::move(*r));
  }

  /// May the tenant create the child at `path_below_root` (the full path from its root to
  /// the new node, at least one index)? Order: operations.derive, derivation.max-depth,
  /// derivation.hardened-only, derivation.paths.
  [[nodiscard]] decision check_derive(std::span<const std::uint32_t> path_below_root) const {
    if (!rules_.operations.derive) return deny("operations.derive", "derive not enabled");
    if (path_below_root.empty()) return deny("derivation.paths", "no child index");
    const auto& d = rules_.derivation;
    if (d.max_depth && path_below_root.size() > *d.max_depth) {
      return deny("derivation.max-depth", "depth " + std::to_string(path_below_root.size()) + " above " +
                                              std::to_string(*d.max_depth));
    }
    if (d.hardened_only) {
      for (auto i : path_below_root) {
        if ((i & bip32::hardened_offset) == 0) return deny("derivation.hardened-only", "normal index in " + shown(path_below_root));
      }
    }
    if (!path_allowed(path_below_root)) return deny("derivation.paths", shown(path_below_root) + " not in allowed paths");
    return allow("derivation.paths", shown(path_below_root));
  }

  /// May the tenant read the chain code of the node at `path_below_root` (empty = its
  /// root)? Order: operations.get-chain-code, derivation.paths (the root always passes).
  [[nodiscard]] decision check_get_chain_code(std::span<const std::uint32_t> path_below_root) const {
    if (!rules_.operations.get_chain_code) return deny("operations.get-chain-code", "get-chain-code not enabled");
    if (!path_below_root.empty() && !path_allowed(path_below_root)) {
      return deny("derivation.paths", shown(path_below_root) + " not in allowed paths");
    }
    return allow("operations.get-chain-code", shown(path_below_root));
  }

  /// May the tenant sign `message` (the preimage given to sign()) hashed with `alg`?
  /// Out: `out` = the classification (also when denied). Order: operations.sign,
  /// digests, then by kind (preimage.hpp): malformed is always denied ("sign.malformed");
  /// sha256 preimages and unknown kinds are "unclassified".
  [[nodiscard]] decision check_sign(digest_algorithm alg, std::span<const std::byte> message,
                                    classification& out) const {
    const bool keccak = alg == digest_algorithm::keccak256;
    preimage_facts facts;
    if (keccak) {
      facts = classify_preimage(message);
      out = describe(facts);
    } else {
      out = classification{"unclassified", "{\"digest\":\"sha256\",\"length\":" + std::to_string(message.size()) + "}"};
    }
    if (!rules_.operations.sign) return deny("operations.sign", "sign not enabled");
    if (!(keccak ? rules_.digest_keccak256 : rules_.digest_sha256)) {
      return deny("digests", std::string(keccak ? "keccak256" : "sha256") + " not allowed");
    }
    return keccak ? check_facts(facts) : unclassified_decision();
  }

  /// May the tenant sign a digest as given (sign-raw)? The digest says nothing about
  /// what it signs, so the only rule is operations.sign-raw. Out: kind "raw-digest".
  [[nodiscard]] decision check_sign_raw(std::span<const std::byte> digest, classification& out) const {
    out = classification{"raw-digest", "{}"};
    if (!rules_.operations.sign_raw) return deny("operations.sign-raw", "sign-raw not enabled (a raw digest is opaque)");
    if (digest.size() != 32) return deny("operations.sign-raw", "digest is not 32 bytes");
    return allow("operations.sign-raw");
  }

  /// May one more signature be made? Counts include the one being decided (kept by the
  /// guard/host: this task's signatures, and this tenant's within the last
  /// window_seconds()). Only signatures that were allowed and made are counted: a refused
  /// one consumes no budget. Order: rate.per-task, rate.window.
  [[nodiscard]] decision check_rate(std::uint64_t signatures_this_task, std::uint64_t signatures_in_window) const {
    decision d = check_rate_per_task(signatures_this_task);
    return d.allowed ? check_rate_window(signatures_in_window) : d;
  }

  /// rate.per-task alone (the guard asks it before the host counts the window).
  [[nodiscard]] decision check_rate_per_task(std::uint64_t signatures_this_task) const {
    const auto& r = rules_.rate;
    if (r.per_task && signatures_this_task > *r.per_task) {
      return deny("rate.per-task", std::to_string(signatures_this_task) + " signatures in this task, at most " +
                                       std::to_string(*r.per_task));
    }
    return allow("rate");
  }

  /// rate.window alone.
  [[nodiscard]] decision check_rate_window(std::uint64_t signatures_in_window) const {
    const auto& r = rules_.rate;
    if (r.window_seconds != 0 && signatures_in_window > r.window_max) {
      return deny("rate.window", std::to_string(signatures_in_window) + " signatures in " +
                                     std::to_string(r.window_seconds) + " s, at most " + std::to_string(r.window_max));
    }
    return allow("rate");
  }

  /// The rate window in seconds; 0: no window limit.
  [[nodiscard]] std::uint64_t window_seconds() const noexcept { return rules_.rate.window_seconds; }

  /// The most signatures allowed in one window (meaningful when window_seconds() != 0).
  [[nodiscard]] std::uint64_t window_max() const noexcept { return rules_.rate.window_max; }

  /// The parsed rules (for tools and tests).
  [[nodiscard]] const policy::rules& rules() const noexcept { return rules_; }

 private:
  explicit tenant_policy(policy::rules r) : rules_(std::move(r)) {}

  static std::string shown(std::span<const std::uint32_t> path) {
    return path.empty() ? std::string("the root") : bip32::format_path({path.begin(), path.end()}, false);
  }

  [[nodiscard]] bool path_allowed(std::span<const std::uint32_t> path) const noexcept {
    for (const auto& p : rules_.derivation.paths) {
      if (p.allows(path)) return true;
    }
    return false;
  }

  [[nodiscard]] decision unclassified_decision() const {
    if (!rules_.sign.unclassified) return deny("sign.unclassified", "preimage of no known kind");
    return allow("sign.unclassified");
  }

  [[nodiscard]] decision check_facts(const preimage_facts& f) const;
  [[nodiscard]] decision check_personal(const preimage_facts& f) const;
  [[nodiscard]] decision check_typed(const preimage_facts& f) const;
  [[nodiscard]] decision check_transaction(const ethereum::transaction& tx) const;
  [[nodiscard]] decision check_authorization(const ethereum::authorization& a) const;

  policy::rules rules_;
};

inline decision tenant_policy::check_facts(const preimage_facts& f) const {
  switch (f.kind) {
    case preimage_kind::personal_message: return check_personal(f);
    case preimage_kind::typed_data: return check_typed(f);
    case preimage_kind::transaction: return check_transaction(f.tx);
    case preimage_kind::authorization: return check_authorization(f.auth);
    case preimage_kind::unclassified: return unclassified_decision();
    case preimage_kind::malformed:
      return deny("sign.malformed", "not a canonical " + std::string(preimage_kind_name(f.claimed)) + ": " +
                                        ethereum::describe(f.error));
  }
  return deny("default", "unknown kind");
}

inline decision tenant_policy::check_personal(const preimage_facts& f) const {
  const auto& pm = rules_.sign.personal_message;
  if (!pm) return deny("sign.personal-message", "personal messages not allowed");
  const auto& pre = pm->prefix;
  bool ok = f.text.size() >= pre.size();
  for (std::size_t i = 0; ok && i < pre.size(); ++i) ok = static_cast<char>(f.text[i]) == pre[i];
  if (!ok) return deny("sign.personal-message.prefix", "text does not start with the allowed prefix");
  if (pm->max_length && f.text.size() > *pm->max_length) {
    return deny("sign.personal-message.max-length", "text of " + std::to_string(f.text.size()) + " bytes, at most " +
                                                        std::to_string(*pm->max_length));
  }
  return allow("sign.personal-message");
}

inline decision tenant_policy::check_typed(const preimage_facts& f) const {
  const auto& td = rules_.sign.typed_data;
  if (!td) return deny("sign.typed-data", "typed data not allowed");
  if (td->domains.count(f.domain) == 0) {
    return deny("sign.typed-data.domains", "domain " + detail::hex0x(f.domain) + " not in allow-list");
  }
  return allow("sign.typed-data.domains");
}

inline decision tenant_policy::check_transaction(const ethereum::transaction& tx) const {
  const auto& t = rules_.sign.transactions;
  if (!t) return deny("sign.tx", "transactions not allowed");
  const auto type = static_cast<unsigned>(tx.type);
  if (t->types.count(type) == 0) return deny("sign.tx.types", "type " + std::to_string(type) + " not allowed");
  if (!tx.chain_id) return deny("sign.tx.chain-ids", "no chain id (pre-EIP-155, valid on every chain)");
  if (t->chain_ids.count(*tx.chain_id) == 0) {
    return deny("sign.tx.chain-ids", "chain id " + std::to_string(*tx.chain_id) + " not allowed");
  }
  if (!tx.to) {
    if (!t->create) return deny("sign.tx.create", "contract creation not allowed");
  } else if (t->to.count(*tx.to) == 0) {
    return deny("sign.tx.to", "to " + detail::hex0x(*tx.to) + " not in allow-list");
  }
  if (tx.value > t->max_value) {
    return deny("sign.tx.value", "value " + tx.value.to_decimal() + " above the cap " + t->max_value.to_decimal());
  }
  if (tx.to) {  // a creation's data is init code, not a call: no selector
    if (tx.data.empty()) {
      if (!t->empty_calldata) return deny("sign.tx.selectors", "empty calldata (\"0x\") not allowed");
    } else if (tx.data.size() < 4) {
      return deny("sign.tx.selectors", "calldata shorter than a selector");
    } else {
      selector sel{};
      std::copy_n(tx.data.begin(), 4, sel.begin());
      if (t->selectors.count(sel) == 0) return deny("sign.tx.selectors", "selector " + detail::hex0x(sel) + " not in allow-list");
    }
  }
  return allow("sign.tx");
}

inline decision tenant_policy::check_authorization(const ethereum::authorization& a) const {
  const auto& r = rules_.sign.authorizations;
  if (!r) return deny("sign.authorization", "EIP-7702 authorizations not allowed");
  if (r->delegates.count(a.delegate) == 0) {
    return deny("sign.authorization.delegates", "delegate " + detail::hex0x(a.delegate) + " not in allow-list");
  }
  if (a.chain_id.is_zero()) {
    if (!r->chain_id_0) return deny("sign.authorization.chain-id-0", "chain id 0 (valid on every chain) not allowed");
  } else if (r->chain_ids.count(a.chain_id) == 0) {
    return deny("sign.authorization.chain-ids", "chain id " + a.chain_id.to_decimal() + " not allowed");
  }
  return allow("sign.authorization");
}

}  // namespace isolated_crypto::policy
