// Shared by the libFuzzer targets: the default engine and a helper to view input bytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include <isolated_crypto/isolated_crypto.hpp>
#include <isolated_crypto/engine/libsecp256k1.hpp>
#include <isolated_crypto/der.hpp>
#include <isolated_crypto/hex.hpp>
#include <isolated_crypto/base58.hpp>
#include <cstring>

namespace fz {
namespace ic = isolated_crypto;
using E = ic::engines::libsecp256k1;
inline std::string_view text(const std::uint8_t* d, std::size_t n) { return {reinterpret_cast<const char*>(d), n}; }
inline std::span<const std::byte> bytes(const std::uint8_t* d, std::size_t n) {
  return {reinterpret_cast<const std::byte*>(d), n};
}
/// Touch a value so the optimiser keeps the work.
template <class T>
void keep(const T& v) { asm volatile("" : : "r"(&v) : "memory"); }
}  // namespace fz
