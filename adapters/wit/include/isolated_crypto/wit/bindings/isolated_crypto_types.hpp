#pragma once
// C++ types for the value types of mrnerdhair:isolated-crypto@0.14.0 (shared by
// engines, providers and tenants).
#include <array>
#include <cstdint>

#include "../types.hpp"

#define ISOLATED_CRYPTO_WIT_PACKAGE "mrnerdhair:isolated-crypto"
#define ISOLATED_CRYPTO_WIT_VERSION "@0.14.0"
#define ISOLATED_CRYPTO_WIT_IFACE(NAME) ISOLATED_CRYPTO_WIT_PACKAGE "/" NAME ISOLATED_CRYPTO_WIT_VERSION

namespace isolated_crypto::wit::ic {

/// types.u256be (list<u8>): receiving a length other than 32 traps.
using u256be = std::array<std::uint8_t, 32>;

/// types.digest-algorithm256
enum class digest_algorithm256 : std::uint8_t { sha256, keccak256 };

/// secp256k1.compressed-point
struct compressed_point {
  u256be x{};
  bool is_y_odd = false;
};

/// secp256k1.recovery-id (flags): bit 0 is-y-odd, bit 1 is-x-reduced.
enum class recovery_id : std::uint8_t { none = 0, is_y_odd = 1, is_x_reduced = 2 };
constexpr recovery_id operator|(recovery_id a, recovery_id b) noexcept {
  return static_cast<recovery_id>(static_cast<std::uint8_t>(a) | static_cast<std::uint8_t>(b));
}
constexpr bool has(recovery_id v, recovery_id bit) noexcept { return (static_cast<std::uint8_t>(v) & static_cast<std::uint8_t>(bit)) != 0; }

/// secp256k1.signature
struct signature {
  u256be r{};
  u256be s{};
};

}  // namespace isolated_crypto::wit::ic

template <>
struct isolated_crypto::wit::enum_traits<isolated_crypto::wit::ic::digest_algorithm256> {
  static constexpr std::uint32_t count = 2;
};
template <>
struct isolated_crypto::wit::flags_traits<isolated_crypto::wit::ic::recovery_id> {
  static constexpr std::uint32_t count = 2;
};
template <>
struct isolated_crypto::wit::record<isolated_crypto::wit::ic::compressed_point>
    : fields<&isolated_crypto::wit::ic::compressed_point::x, &isolated_crypto::wit::ic::compressed_point::is_y_odd> {};
template <>
struct isolated_crypto::wit::record<isolated_crypto::wit::ic::signature>
    : fields<&isolated_crypto::wit::ic::signature::r, &isolated_crypto::wit::ic::signature::s> {};
