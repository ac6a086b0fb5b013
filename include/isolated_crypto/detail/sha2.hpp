// SHA-256/SHA-512 streaming, HMAC and PBKDF2, written once over a backend's compression
// functions (hash_backend concept). Constant-time: yes (no data-dependent branches).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "../secret.hpp"
#include "endian.hpp"

namespace isolated_crypto::detail {

/// Merkle–Damgård streaming over a compression function.
/// Word = uint32_t (SHA-256) or uint64_t (SHA-512); blocks are 16 words, passed in host order.
template <class H, class Word>
class sha2_stream {
 public:
  static constexpr std::size_t block_bytes = 16 * sizeof(Word);
  static constexpr std::size_t digest_bytes = 8 * sizeof(Word);
  using state_type = std::array<Word, 8>;

  sha2_stream() noexcept { init(state_); }
  explicit sha2_stream(const state_type& s, std::uint64_t bytes_done) noexcept : state_(s), total_(bytes_done) {}
  sha2_stream(const sha2_stream&) = delete;
  sha2_stream& operator=(const sha2_stream&) = delete;
  /// Secrets: wipes the chaining state, the word buffer and the partial message block
  /// (which may hold a seed, a key, a passphrase or an inner HMAC digest).
  ~sha2_stream() {
    secure_wipe(state_.data(), sizeof(state_));
    secure_wipe(buf_.data(), sizeof(buf_));
    secure_wipe(bytes_.data(), sizeof(bytes_));
  }

  static void init(state_type& s) noexcept {
    if constexpr (sizeof(Word) == 4) H::sha256_init(s); else H::sha512_init(s);
  }
  static void compress(state_type& s, const Word* block) noexcept {
    if constexpr (sizeof(Word) == 4) H::sha256_compress(s, block); else H::sha512_compress(s, block);
  }

  void update(std::span<const std::byte> data) noexcept {
    const std::byte* p = data.data();
    std::size_t left = data.size();
    for (; left != 0 && fill_ != 0; --left) put(*p++);
    const std::size_t whole = left / block_bytes;
    for (std::size_t b = 0; b < whole; ++b, p += block_bytes) load_block(p);  // no buffering
    total_ += whole * block_bytes;
    left -= whole * block_bytes;
    for (; left != 0; --left) put(*p++);
  }
  /// Finishes into out (digest_bytes). The stream is unusable afterwards.
  void finish(std::byte* out) noexcept {
    const std::uint64_t bits = total_ * 8;
    put(std::byte{0x80});
    while (fill_ != block_bytes - (sizeof(Word) == 4 ? 8 : 16)) put(std::byte{0});
    if constexpr (sizeof(Word) == 8) {
      for (int i = 0; i < 8; ++i) put(std::byte{0});
    }
    for (int i = 7; i >= 0; --i) put(std::byte(bits >> (8 * i)));
    for (std::size_t i = 0; i < 8; ++i) {
      if constexpr (sizeof(Word) == 4) store_be32(out + 4 * i, state_[i]);
      else store_be64(out + 8 * i, state_[i]);
    }
  }
  [[nodiscard]] const state_type& state() const noexcept { return state_; }

 private:
  void put(std::byte b) noexcept {
    bytes_[fill_++] = b;
    ++total_;
    if (fill_ == block_bytes) {
      load_block(bytes_.data());
      fill_ = 0;
    }
  }
  void load_block(const std::byte* p) noexcept {
    for (std::size_t i = 0; i < 16; ++i) {
      if constexpr (sizeof(Word) == 4) buf_[i] = load_be32(p + 4 * i);
      else buf_[i] = load_be64(p + 8 * i);
    }
    compress(state_, buf_.data());
  }
  alignas(16) state_type state_;
  alignas(16) std::array<Word, 16> buf_{};
  std::array<std::byte, block_bytes> bytes_{};
  std::size_t fill_ = 0;
  std::uint64_t total_ = 0;
};

template <class H> using sha256_stream = sha2_stream<H, std::uint32_t>;
template <class H> using sha512_stream = sha2_stream<H, std::uint64_t>;

template <class H>
std::array<std::byte, 32> sha256(std::span<const std::byte> data) noexcept {
  sha256_stream<H> s;
  s.update(data);
  std::array<std::byte, 32> out;
  s.finish(out.data());
  return out;
}

/// HMAC with precomputed inner/outer states: keying costs two compressions once,
/// each message then costs its own blocks only.
template <class H, class Word>
class hmac {
 public:
  using stream = sha2_stream<H, Word>;
  using state_type = typename stream::state_type;
  static constexpr std::size_t block_bytes = stream::block_bytes;
  static constexpr std::size_t digest_bytes = stream::digest_bytes;

  explicit hmac(std::span<const std::byte> key) noexcept {
    alignas(16) std::array<std::byte, block_bytes> k{};
    if (key.size() > block_bytes) {
      stream s;
      s.update(key);
      s.finish(k.data());
    } else {
      std::copy(key.begin(), key.end(), k.begin());
    }
    pad_state(k, std::byte{0x36}, inner_);
    pad_state(k, std::byte{0x5c}, outer_);
    secure_wipe(k.data(), k.size());
  }
  hmac(const hmac&) = delete;
  hmac& operator=(const hmac&) = delete;
  ~hmac() {
    secure_wipe(inner_.data(), sizeof(inner_));
    secure_wipe(outer_.data(), sizeof(outer_));
  }

  /// out = HMAC(key, concat(parts...)), digest_bytes long.
  template <class... Parts>
  void mac(std::byte* out, const Parts&... parts) const noexcept {
    std::array<std::byte, digest_bytes> inner_digest;
    {
      stream s(inner_, block_bytes);
      (s.update(std::span<const std::byte>(parts)), ...);
      s.finish(inner_digest.data());
    }
    stream s(outer_, block_bytes);
    s.update(inner_digest);
    s.finish(out);
    secure_wipe(inner_digest.data(), inner_digest.size());
  }

  [[nodiscard]] const state_type& inner_state() const noexcept { return inner_; }
  [[nodiscard]] const state_type& outer_state() const noexcept { return outer_; }

 private:
  static void pad_state(const std::array<std::byte, block_bytes>& k, std::byte pad, state_type& st) noexcept {
    alignas(16) std::array<Word, 16> block;
    for (std::size_t i = 0; i < 16; ++i) {
      std::array<std::byte, sizeof(Word)> w;
      for (std::size_t j = 0; j < sizeof(Word); ++j) w[j] = k[i * sizeof(Word) + j] ^ pad;
      if constexpr (sizeof(Word) == 4) block[i] = load_be32(w.data()); else block[i] = load_be64(w.data());
      secure_wipe(w.data(), w.size());
    }
    stream::init(st);
    stream::compress(st, block.data());
    secure_wipe(block.data(), sizeof(block));
  }
  alignas(16) state_type inner_;
  alignas(16) state_type outer_;
};

template <class H> using hmac_sha256 = hmac<H, std::uint32_t>;
template <class H> using hmac_sha512 = hmac<H, std::uint64_t>;

/// PBKDF2-HMAC-SHA512 with one 64-byte output block (dkLen = 64, as BIP39 uses).
/// The iteration loop runs on host-order words: one compression per HMAC half per
/// iteration (4,096 for 2,048 iterations) and no allocation.
template <class H>
void pbkdf2_hmac_sha512_block1(std::span<const std::byte> password, std::span<const std::byte> salt,
                               std::uint32_t iterations, secret_array<64>& out) noexcept {
  const hmac_sha512<H> prf(password);
  static constexpr std::array<std::byte, 4> block_index{std::byte{0}, std::byte{0}, std::byte{0}, std::byte{1}};
  alignas(16) std::array<std::byte, 64> u;
  prf.mac(u.data(), salt, block_index);

  // Message block for U_j = HMAC(P, U_{j-1}): 64 bytes of data, then padding for a
  // 128 + 64 = 192-byte message (1536 bits). Same layout for the outer hash.
  alignas(16) std::array<std::uint64_t, 16> block{};
  alignas(16) std::array<std::uint64_t, 8> acc;
  alignas(16) std::array<std::uint64_t, 8> st;
  for (std::size_t i = 0; i < 8; ++i) acc[i] = block[i] = load_be64(u.data() + 8 * i);
  block[8] = 0x8000000000000000ULL;
  block[15] = 1536;
  for (std::uint32_t it = 1; it < iterations; ++it) {
    st = prf.inner_state();
    H::sha512_compress(st, block.data());
    std::copy(st.begin(), st.end(), block.begin());
    st = prf.outer_state();
    H::sha512_compress(st, block.data());
    std::copy(st.begin(), st.end(), block.begin());
    for (std::size_t i = 0; i < 8; ++i) acc[i] ^= st[i];
  }
  auto* o = out.bytes(secret_access{}).data();
  for (std::size_t i = 0; i < 8; ++i) store_be64(o + 8 * i, acc[i]);
  secure_wipe(u.data(), sizeof(u));
  secure_wipe(block.data(), sizeof(block));
  secure_wipe(acc.data(), sizeof(acc));
  secure_wipe(st.data(), sizeof(st));
}

}  // namespace isolated_crypto::detail
