// RFC 6979 deterministic nonces for secp256k1 (HMAC-DRBG over HMAC-SHA256, §3.2 and §3.6),
// written once over a hash backend. Constant-time: yes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "../secret.hpp"
#include "endian.hpp"
#include "scalar.hpp"
#include "sha2.hpp"

namespace isolated_crypto::detail {

/// Nonce generator for one signature.
/// Seed = key || bits2octets(digest) [|| counter as 4 bytes big-endian]; bits2octets reduces
/// the digest mod n as RFC 6979 and libsecp256k1 do. next() yields candidate k values in
/// RFC 6979 order; the caller rejects k ∉ [1, n−1] (or r = 0 / s = 0) and asks again.
template <class H>
class rfc6979_nonce {
 public:
  rfc6979_nonce(const secret_array<32>& key, std::span<const std::byte, 32> digest,
                std::optional<std::uint32_t> counter) noexcept {
    std::array<std::byte, 32> h;
    reduce_mod_order(digest.data(), h.data());
    std::array<std::byte, 4> extra{};
    if (counter) store_be32(extra.data(), *counter);
    const std::span<const std::byte> extra_span(extra.data(), counter ? 4 : 0);
    const auto key_bytes = key.bytes(secret_access{});

    v_.fill(std::byte{0x01});
    k_.fill(std::byte{0x00});
    static constexpr std::array<std::byte, 1> zero{std::byte{0x00}};
    static constexpr std::array<std::byte, 1> one{std::byte{0x01}};
    rekey(zero, key_bytes, h, extra_span);
    rekey(one, key_bytes, h, extra_span);
    secure_wipe(h.data(), h.size());
  }
  rfc6979_nonce(const rfc6979_nonce&) = delete;
  rfc6979_nonce& operator=(const rfc6979_nonce&) = delete;
  ~rfc6979_nonce() {
    secure_wipe(k_.data(), k_.size());
    secure_wipe(v_.data(), v_.size());
  }

  /// Writes the next candidate nonce.
  void next(secret_array<32>& out) noexcept {
    if (retry_) {
      static constexpr std::array<std::byte, 1> zero{std::byte{0x00}};
      const hmac_sha256<H> mac(k_);
      mac.mac(k_.data(), v_, zero);
      const hmac_sha256<H> mac2(k_);
      mac2.mac(v_.data(), v_);
    }
    const hmac_sha256<H> mac(k_);
    mac.mac(v_.data(), v_);
    auto o = out.bytes(secret_access{});
    for (std::size_t i = 0; i < 32; ++i) o[i] = v_[i];
    retry_ = true;
  }

 private:
  // K = HMAC_K(V || sep || key || h || extra); V = HMAC_K(V)
  void rekey(std::span<const std::byte, 1> sep, std::span<const std::byte, 32> key, std::span<const std::byte, 32> h,
             std::span<const std::byte> extra) noexcept {
    {
      const hmac_sha256<H> mac(k_);
      mac.mac(k_.data(), v_, sep, key, h, extra);
    }
    const hmac_sha256<H> mac(k_);
    mac.mac(v_.data(), v_);
  }
  std::array<std::byte, 32> k_;
  std::array<std::byte, 32> v_;
  bool retry_ = false;
};

}  // namespace isolated_crypto::detail
