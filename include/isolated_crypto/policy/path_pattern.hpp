// Derivation path patterns of a tenant policy, relative to the root node the tenant
// received: "44'/60'/0'/0/*". Components are separated by '/'; each is
//   N    the normal index N (0 ≤ N < 2^31)      N'  (or Nh) the hardened index N + 2^31
//   *    any index, normal or hardened            *'  (or *h) any hardened index
// A pattern matches a path of its own length whose components all match, and also every
// prefix of such a path (the nodes on the way down must be derivable too).
// Public data only; variable-time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../bip32_path.hpp"
#include "../error.hpp"

namespace isolated_crypto::policy {

/// One component: a fixed index, or a wildcard (any index; with `hardened`, any hardened one).
struct path_component {
  bool wildcard = false;
  bool hardened = false;
  std::uint32_t index = 0;  ///< with the hardened bit set when `hardened` (fixed components only)
  friend bool operator==(const path_component&, const path_component&) = default;

  [[nodiscard]] bool matches(std::uint32_t i) const noexcept {
    if (!wildcard) return i == index;
    return !hardened || (i & bip32::hardened_offset) != 0;
  }
};

struct path_pattern {
  std::vector<path_component> components;
  friend bool operator==(const path_pattern&, const path_pattern&) = default;

  /// True if `path` (indices below the root) has at most as many components as the
  /// pattern and each matches its component (so every prefix of a full match matches).
  [[nodiscard]] bool allows(std::span<const std::uint32_t> path) const noexcept {
    if (path.size() > components.size()) return false;
    for (std::size_t k = 0; k < path.size(); ++k) {
      if (!components[k].matches(path[k])) return false;
    }
    return true;
  }
};

/// Parses a pattern. Errors (position = 1-based character offset): invalid_path (empty
/// pattern, an "m/" prefix — patterns are relative —, a bad character or an empty
/// component), path_index_overflow (N ≥ 2^31).
inline result<path_pattern> parse_path_pattern(std::string_view s) {
  path_pattern p;
  if (s.empty()) return error{errc::invalid_path, 0};
  std::size_t i = 0;
  while (true) {
    const std::size_t start = i;
    path_component c;
    if (i < s.size() && s[i] == '*') {
      c.wildcard = true;
      ++i;
    } else {
      std::uint64_t v = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        v = v * 10 + static_cast<std::uint64_t>(s[i] - '0');
        if (v >= bip32::hardened_offset) return error{errc::path_index_overflow, static_cast<std::uint32_t>(start + 1)};
        ++i;
      }
      if (i == start) return error{errc::invalid_path, static_cast<std::uint32_t>(i + 1)};
      if (i - start > 1 && s[start] == '0') return error{errc::invalid_path, static_cast<std::uint32_t>(start + 1)};
      c.index = static_cast<std::uint32_t>(v);
    }
    if (i < s.size() && (s[i] == '\'' || s[i] == 'h' || s[i] == 'H')) {
      c.hardened = true;
      if (!c.wildcard) c.index |= bip32::hardened_offset;
      ++i;
    }
    p.components.push_back(c);
    if (i == s.size()) return p;
    if (s[i] != '/') return error{errc::invalid_path, static_cast<std::uint32_t>(i + 1)};
    ++i;
  }
}

/// "44'/60'/0'/0/*" (hardened marked with ').
inline std::string format_path_pattern(const path_pattern& p) {
  std::string s;
  for (std::size_t k = 0; k < p.components.size(); ++k) {
    const auto& c = p.components[k];
    if (k != 0) s += '/';
    s += c.wildcard ? std::string("*") : std::to_string(c.index & ~bip32::hardened_offset);
    if (c.hardened) s += '\'';
  }
  return s;
}

}  // namespace isolated_crypto::policy
