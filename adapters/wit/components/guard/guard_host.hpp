#pragma once
// Imports of isolated-crypto:guard/host@0.1.0 (adapters/wit/wit/guard/guard.wit): what the
// host gives the guard and only the guard. None of it is secret; none of it reaches a tenant.
#include <cstdint>
#include <string_view>

#include <isolated_crypto/wit/wit.hpp>

#define ISOLATED_CRYPTO_GUARD_HOST "isolated-crypto:guard/host@0.1.0"

namespace isolated_crypto::guard::host {
namespace wit = isolated_crypto::wit;
/// The operator's policy JSON for this tenant.
ISOLATED_CRYPTO_WIT_IMPORT(get_policy, ISOLATED_CRYPTO_GUARD_HOST, "get-policy", wit::string())
/// The tenant's name (audit lines).
ISOLATED_CRYPTO_WIT_IMPORT(tenant_name, ISOLATED_CRYPTO_GUARD_HOST, "tenant-name", wit::string())
/// Appends one JSON line to the operator's audit log.
ISOLATED_CRYPTO_WIT_IMPORT(audit, ISOLATED_CRYPTO_GUARD_HOST, "audit", void(std::string_view))
/// Records one signature if the tenant's count in the last window_seconds stays <= window_max;
/// returns that count with this signature (> window_max: refused and not recorded).
ISOLATED_CRYPTO_WIT_IMPORT(record_signature, ISOLATED_CRYPTO_GUARD_HOST, "record-signature",
                           std::uint64_t(std::uint64_t, std::uint64_t))
/// The reason for the trap that follows ("<rule>: <what>").
ISOLATED_CRYPTO_WIT_IMPORT(deny, ISOLATED_CRYPTO_GUARD_HOST, "deny", void(std::string_view))
}  // namespace isolated_crypto::guard::host
