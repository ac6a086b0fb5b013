// Hash backend over Crypto++: SHA-256/SHA-512 compression, Keccak-256, RIPEMD-160.
// The only header (with engine/cryptopp.hpp) that includes Crypto++. Constant-time: yes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include <cryptopp/keccak.h>
#include <cryptopp/ripemd.h>
#include <cryptopp/sha.h>

#include "../types.hpp"

namespace isolated_crypto::engines {

struct cryptopp_hashes {
  static void sha256_init(std::array<std::uint32_t, 8>& s) noexcept { CryptoPP::SHA256::InitState(s.data()); }
  /// Crypto++ wants 16-byte aligned state and data on x86 (SSE2/SHA-NI paths).
  static void sha256_compress(std::array<std::uint32_t, 8>& s, const std::uint32_t* block) noexcept {
    CryptoPP::SHA256::Transform(s.data(), block);
  }
  static void sha512_init(std::array<std::uint64_t, 8>& s) noexcept { CryptoPP::SHA512::InitState(s.data()); }
  static void sha512_compress(std::array<std::uint64_t, 8>& s, const std::uint64_t* block) noexcept {
    CryptoPP::SHA512::Transform(s.data(), block);
  }
  static u256be keccak256(std::span<const std::byte> data) noexcept {
    CryptoPP::Keccak_256 h;
    h.Update(reinterpret_cast<const CryptoPP::byte*>(data.data()), data.size());
    u256be out;
    h.Final(reinterpret_cast<CryptoPP::byte*>(out.data()));
    return out;
  }
  static std::array<std::byte, 20> ripemd160(std::span<const std::byte> data) noexcept {
    CryptoPP::RIPEMD160 h;
    h.Update(reinterpret_cast<const CryptoPP::byte*>(data.data()), data.size());
    std::array<std::byte, 20> out;
    h.Final(reinterpret_cast<CryptoPP::byte*>(out.data()));
    return out;
  }
};

}  // namespace isolated_crypto::engines
