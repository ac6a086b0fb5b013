// The rules of one tenant's policy, as parsed from its JSON (parse.hpp). Default deny:
// every field's default is the most restrictive value (an absent allow-list is empty, an
// absent switch is off, an absent value cap is 0); only the rate limits default to "no
// limit" (they cap what the other rules allow). See docs/SECURITY.md, "Policy model".
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "../ethereum/address.hpp"
#include "../ethereum/uint256.hpp"
#include "../types.hpp"
#include "path_pattern.hpp"

namespace isolated_crypto::policy {

using selector = std::array<std::byte, 4>;

struct operation_rules {
  bool derive = false;
  bool get_chain_code = false;
  bool sign = false;
  bool sign_raw = false;
};

struct derivation_rules {
  std::vector<path_pattern> paths;          ///< a path is allowed if one pattern allows it
  std::optional<std::uint32_t> max_depth;   ///< none: only the patterns limit the depth
  bool hardened_only = false;
};

struct personal_message_rules {
  std::string prefix;                       ///< the text must start with these bytes ("" = any text)
  std::optional<std::uint64_t> max_length;  ///< at most this many bytes of text; none: no limit
};

struct typed_data_rules {
  std::set<u256be> domains;  ///< allowed domain separators
};

struct transaction_rules {
  std::set<unsigned> types;                       ///< 0 .. 4
  std::set<std::uint64_t> chain_ids;              ///< ≥ 1; legacy without a chain id is never allowed
  std::set<ethereum::address> to;
  bool create = false;                            ///< contract creation (no `to`)
  ethereum::uint256 max_value;                    ///< value ≤ max_value
  std::set<selector> selectors;                   ///< first 4 bytes of the calldata of a call
  bool empty_calldata = false;                    ///< "0x" in selectors: plain transfers
};

struct authorization_rules {
  std::set<ethereum::address> delegates;
  std::set<ethereum::uint256> chain_ids;  ///< ≥ 1
  bool chain_id_0 = false;                ///< authorizations valid on every chain
};

struct sign_rules {
  std::optional<personal_message_rules> personal_message;  ///< none: personal messages denied
  std::optional<typed_data_rules> typed_data;
  std::optional<transaction_rules> transactions;
  std::optional<authorization_rules> authorizations;
  bool unclassified = false;
};

struct rate_rules {
  std::optional<std::uint64_t> per_task;
  std::uint64_t window_seconds = 0;  ///< 0: no window limit
  std::uint64_t window_max = 0;
};

struct rules {
  operation_rules operations;
  bool digest_sha256 = false;
  bool digest_keccak256 = false;
  derivation_rules derivation;
  sign_rules sign;
  rate_rules rate;
};

}  // namespace isolated_crypto::policy
