// The SDK's own SHA-512 compression (FIPS 180-4, section 6.4.2), written for WebAssembly:
// 80 rounds unrolled at compile time, a rolling 16-word message schedule, 64-bit rotates
// (wasm's i64.rotr) and round constants as immediates, so the working variables and the
// schedule stay in locals (no loads or stores in linear memory inside the rounds).
// Portable C++20: native builds compile it too (tests compare it with Crypto++ and OpenSSL).
// The wasm build's default hashes (engine/libsecp256k1.hpp) use it instead of Crypto++'s
// portable SHA512::Transform, which keeps its state and schedule in memory.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "cryptopp_hashes.hpp"

namespace isolated_crypto::engines {

namespace detail_builtin_sha512 {

using u64 = std::uint64_t;

inline constexpr std::array<u64, 8> initial_state{
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};

inline constexpr std::array<u64, 80> round_constants{
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
    0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
    0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
    0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
    0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
    0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
    0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
    0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
    0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
    0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
    0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
    0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
    0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
    0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
    0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
    0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
    0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL};

inline u64 big_sigma0(u64 a) noexcept { return std::rotr(a, 28) ^ std::rotr(a, 34) ^ std::rotr(a, 39); }
inline u64 big_sigma1(u64 e) noexcept { return std::rotr(e, 14) ^ std::rotr(e, 18) ^ std::rotr(e, 41); }
inline u64 small_sigma0(u64 w) noexcept { return std::rotr(w, 1) ^ std::rotr(w, 8) ^ (w >> 7); }
inline u64 small_sigma1(u64 w) noexcept { return std::rotr(w, 19) ^ std::rotr(w, 61) ^ (w >> 6); }

/// The working variables a..h live in v, rotated by the round number instead of moved:
/// in round R, a is v[(0 - R) mod 8], b is v[(1 - R) mod 8], ..., h is v[(7 - R) mod 8].
/// ab carries a ^ b from one round to the next: it is the next round's b ^ c (Maj's trick).
struct working {
  u64 v[8];
  u64 ab;
};

template <std::size_t R>
[[gnu::always_inline]] inline void round(working& s, u64 (&w)[16]) noexcept {
  if constexpr (R >= 16) {
    w[R % 16] += small_sigma1(w[(R - 2) % 16]) + w[(R - 7) % 16] + small_sigma0(w[(R - 15) % 16]);
  }
  const u64 a = s.v[(8 - R % 8) % 8];
  const u64 b = s.v[(9 - R % 8) % 8];
  u64& d = s.v[(11 - R % 8) % 8];
  const u64 e = s.v[(12 - R % 8) % 8];
  const u64 f = s.v[(13 - R % 8) % 8];
  const u64 g = s.v[(14 - R % 8) % 8];
  u64& h = s.v[(15 - R % 8) % 8];
  const u64 t1 = h + big_sigma1(e) + (g ^ (e & (f ^ g))) + round_constants[R] + w[R % 16];
  const u64 ab = a ^ b;
  const u64 maj = b ^ (ab & s.ab);  // s.ab is b ^ c here (c itself is not needed)
  s.ab = ab;
  d += t1;
  h = t1 + big_sigma0(a) + maj;
}

template <std::size_t... R>
[[gnu::always_inline]] inline void all_rounds(working& s, u64 (&w)[16], std::index_sequence<R...>) noexcept {
  (round<R>(s, w), ...);
}

}  // namespace detail_builtin_sha512

/// SHA-512 compression of one 128-byte block into state s.
/// In: block, 16 words in host order (the big-endian message words already loaded).
/// In/Out: s, the 8-word chaining state.
/// Secrets: s and block may be secret (an HMAC pad state, a seed); the working variables are
/// locals (wasm locals, or registers and stack slots natively) and are not wiped, as in
/// Crypto++'s and OpenSSL's compressions.
/// Constant-time: yes, by construction: no branch and no memory address depends on s or block
/// (the round constants are indexed by the round number only).
inline void builtin_sha512_compress(std::array<std::uint64_t, 8>& s, const std::uint64_t* block) noexcept {
  using namespace detail_builtin_sha512;
  u64 w[16];
  for (std::size_t i = 0; i < 16; ++i) w[i] = block[i];
  working x{{s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]}, s[1] ^ s[2]};
  all_rounds(x, w, std::make_index_sequence<80>{});
  for (std::size_t i = 0; i < 8; ++i) s[i] += x.v[i];  // after 80 rounds the rotation is back at 0
}

/// cryptopp_hashes with the SDK's own SHA-512 compression (the wasm build's default).
/// Constant-time: yes.
struct cryptopp_builtin_sha512_hashes : cryptopp_hashes {
  static void sha512_init(std::array<std::uint64_t, 8>& s) noexcept { s = detail_builtin_sha512::initial_state; }
  static void sha512_compress(std::array<std::uint64_t, 8>& s, const std::uint64_t* block) noexcept {
    builtin_sha512_compress(s, block);
  }
};

}  // namespace isolated_crypto::engines
