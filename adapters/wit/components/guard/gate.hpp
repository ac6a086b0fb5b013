#pragma once
// The guard's policy gate: the operator's policy (parsed once per instance, i.e. per task,
// from host.get-policy), the per-task signature count, audit lines and denials.
//
// Every checked operation ends in enforce(): it writes one audit line through the host and,
// for a denial, tells the host why (host.deny) and traps. 0.14.0's functions have no error
// result, so a trap is the only way to refuse; the host reports
// "denied by policy: <rule>: <what>" as the task's error.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include <isolated_crypto/engine/libsecp256k1.hpp>
#include <isolated_crypto/policy/policy.hpp>

#include "guard_host.hpp"

namespace isolated_crypto::guard {
namespace pol = isolated_crypto::policy;
/// Public maths only: Keccak-256 (EIP-55 checksums in the policy, audit digests), addresses.
using public_engine = engines::libsecp256k1;

class gate {
 public:
  /// The instance's gate (one guard instance serves one task).
  static gate& get() noexcept {
    static gate g;
    return g;
  }

  /// Parses the policy on first use. Returns the error ("<field>: <problem>"), or nullopt.
  const std::optional<std::string>& load() {
    if (!loaded_) {
      loaded_ = true;
      const wit::string json = host::get_policy();
      auto parsed = pol::tenant_policy::parse<public_engine>(json.view());
      if (parsed) {
        policy_.emplace(std::move(*parsed));
      } else {
        error_ = ethereum::describe(parsed.err());
      }
      tenant_ = std::string(host::tenant_name().view());
    }
    return error_;
  }

  /// The valid policy. An invalid one is a denial of every operation (traps).
  const pol::tenant_policy& policy() {
    if (load()) refuse("policy: " + *error_);
    return *policy_;
  }

  /// For a signature the policy allows: checks the rate limits and, if they allow it too,
  /// counts it. A refused signature is never made, so it is never counted: rate.per-task is
  /// checked first, then the host counts the window and records the signature only if it
  /// fits (host.record-signature, one call: atomic across tasks and host processes). A
  /// rate denial replaces `verdict`; an allowed one keeps the policy's rule (the audit line
  /// names the rule that allowed the signature).
  void limit_rate(pol::decision& verdict) {
    if (!verdict.allowed) return;
    const pol::tenant_policy& p = policy();
    const std::uint64_t this_task = task_signatures_ + 1;
    pol::decision r = p.check_rate_per_task(this_task);
    // No window rule: nothing for the host to count.
    if (r.allowed && p.window_seconds() != 0) {
      r = p.check_rate_window(host::record_signature(p.window_seconds(), p.window_max()));
    }
    if (!r.allowed) {
      verdict = std::move(r);
      return;
    }
    task_signatures_ = this_task;
  }

  /// Audits one operation (tenant filled in here; time_ms left 0: the host stamps the line
  /// with its own clock, which saves a WASI clock call per operation); a denial then traps.
  void enforce(pol::audit_record rec) {
    rec.time_ms = 0;
    rec.tenant = tenant_;
    host::audit(pol::audit_line(rec));
    if (!rec.verdict.allowed) refuse(rec.verdict.rule + ": " + rec.verdict.what);
  }

 private:
  [[noreturn]] static void refuse(const std::string& reason) noexcept {
    host::deny(reason);
    __builtin_trap();
  }

  bool loaded_ = false;
  std::optional<pol::tenant_policy> policy_;
  std::optional<std::string> error_;
  std::string tenant_;
  std::uint64_t task_signatures_ = 0;
};

}  // namespace isolated_crypto::guard
