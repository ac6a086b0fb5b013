// BIP32 derivation path strings: "m/44'/60'/0'/0/0" (also h or H for hardened).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"

namespace isolated_crypto::bip32 {

inline constexpr std::uint32_t hardened_offset = 0x80000000U;

/// A parsed path: absolute ("m/...") or relative ("0'/1").
struct path {
  bool absolute = false;
  std::vector<std::uint32_t> indices;
};

/// Parses a path. "m" (or "M") alone is the empty absolute path. Accepts ', h and H as the
/// hardened marker. Errors (position = 1-based character offset):
///  invalid_path (bad character, missing "/", empty string),
///  empty_path_component ("m//0", "m/0/"), path_index_overflow (index ≥ 2^31).
inline result<path> parse_path(std::string_view s) {
  path p;
  std::size_t i = 0;
  if (s.empty()) return error{errc::invalid_path, 0};
  if (s[0] == 'm' || s[0] == 'M') {
    p.absolute = true;
    i = 1;
    if (i == s.size()) return p;
    if (s[i] != '/') return error{errc::invalid_path, static_cast<std::uint32_t>(i + 1)};
    ++i;
  }
  while (true) {
    const std::size_t start = i;
    std::uint64_t v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      v = v * 10 + static_cast<std::uint64_t>(s[i] - '0');
      if (v >= hardened_offset) return error{errc::path_index_overflow, static_cast<std::uint32_t>(start + 1)};
      ++i;
    }
    if (i == start) {
      const bool empty = i == s.size() || s[i] == '/';
      return error{empty ? errc::empty_path_component : errc::invalid_path, static_cast<std::uint32_t>(i + 1)};
    }
    auto index = static_cast<std::uint32_t>(v);
    if (i < s.size() && (s[i] == '\'' || s[i] == 'h' || s[i] == 'H')) {
      index |= hardened_offset;
      ++i;
    }
    p.indices.push_back(index);
    if (i == s.size()) return p;
    if (s[i] != '/') return error{errc::invalid_path, static_cast<std::uint32_t>(i + 1)};
    ++i;
    if (i == s.size()) return error{errc::empty_path_component, static_cast<std::uint32_t>(i + 1)};
  }
}

/// Formats indices as "m/44'/60'/0'/0/0".
inline std::string format_path(const std::vector<std::uint32_t>& indices, bool absolute = true) {
  std::string s = absolute ? "m" : "";
  for (std::size_t k = 0; k < indices.size(); ++k) {
    if (absolute || k != 0) s += '/';
    s += std::to_string(indices[k] & ~hardened_offset);
    if ((indices[k] & hardened_offset) != 0) s += '\'';
  }
  return s;
}

}  // namespace isolated_crypto::bip32
