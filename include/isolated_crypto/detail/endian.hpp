// Big-endian loads and stores.
#pragma once

#include <cstddef>
#include <cstdint>

namespace isolated_crypto::detail {

inline std::uint32_t load_be32(const std::byte* p) noexcept {
  return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
         static_cast<std::uint32_t>(p[2]) << 8 | static_cast<std::uint32_t>(p[3]);
}
inline std::uint64_t load_be64(const std::byte* p) noexcept {
  return static_cast<std::uint64_t>(load_be32(p)) << 32 | load_be32(p + 4);
}
inline void store_be32(std::byte* p, std::uint32_t v) noexcept {
  p[0] = std::byte(v >> 24);
  p[1] = std::byte(v >> 16);
  p[2] = std::byte(v >> 8);
  p[3] = std::byte(v);
}
inline void store_be64(std::byte* p, std::uint64_t v) noexcept {
  store_be32(p, static_cast<std::uint32_t>(v >> 32));
  store_be32(p + 4, static_cast<std::uint32_t>(v));
}

}  // namespace isolated_crypto::detail
