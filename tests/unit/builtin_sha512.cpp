// The SDK's own SHA-512 compression (engine/builtin_sha512.hpp, the wasm build's) against
// Crypto++'s SHA512::Transform and OpenSSL's SHA512_Transform on seeded random chaining
// states and blocks, and chained (each output the next input, as PBKDF2 chains them).
// The public vectors (SHA-512, HMAC, PBKDF2, BIP39 seeds) run over it in core_units.cpp.
#include <array>
#include <cstdint>
#include <random>
#include <string>

#include <doctest/doctest.h>

#include <isolated_crypto/engine/builtin_sha512.hpp>
#include <isolated_crypto/engine/cryptopp_hashes.hpp>
#if __has_include(<openssl/sha.h>) && !defined(ISOLATED_CRYPTO_NO_OPENSSL)
#include <isolated_crypto/engine/openssl_sha512.hpp>
#define IC_TEST_HAVE_OPENSSL_SHA512 1
#endif

using namespace isolated_crypto;
using state = std::array<std::uint64_t, 8>;

namespace {

void random_words(std::mt19937_64& rng, std::uint64_t* w, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) w[i] = rng();
}

/// Both references on (s, block); builtin's result must equal each of them.
bool agrees(const state& s, const std::uint64_t* block, state& out) {
  state mine = s, cpp = s;
  engines::builtin_sha512_compress(mine, block);
  engines::cryptopp_hashes::sha512_compress(cpp, block);
  bool ok = mine == cpp;
#ifdef IC_TEST_HAVE_OPENSSL_SHA512
  state ossl = s;
  engines::cryptopp_openssl_hashes::sha512_compress(ossl, block);
  ok = ok && mine == ossl;
#endif
  out = mine;
  return ok;
}

}  // namespace

TEST_CASE("builtin sha512: compression matches Crypto++ and OpenSSL on random states and blocks") {
  std::mt19937_64 rng(0x5a512);
  std::size_t cases = 0, mismatches = 0;
  alignas(16) std::array<std::uint64_t, 16> block;
  state s, out;
  for (int i = 0; i < 20000; ++i) {
    random_words(rng, s.data(), 8);
    random_words(rng, block.data(), 16);
    if (i % 7 == 0) block.fill(i % 14 == 0 ? 0 : ~std::uint64_t{0});  // all-zero and all-one blocks
    ++cases;
    if (!agrees(s, block.data(), out)) ++mismatches;
  }
  // Chained: 4,096 compressions, each state and block taken from the previous output.
  random_words(rng, s.data(), 8);
  random_words(rng, block.data(), 16);
  for (int i = 0; i < 4096; ++i) {
    ++cases;
    if (!agrees(s, block.data(), out)) ++mismatches;
    for (std::size_t j = 0; j < 8; ++j) block[j] = out[j];
    s = out;
  }
#ifdef IC_TEST_HAVE_OPENSSL_SHA512
  const std::string references = "Crypto++ and OpenSSL";
#else
  const std::string references = "Crypto++";
#endif
  MESSAGE("builtin sha512: " << cases << " cases, " << mismatches << " mismatches with " << references);
  CHECK(cases == 24096);
  CHECK(mismatches == 0);
}

TEST_CASE("builtin sha512: initial state is FIPS 180-4's") {
  state a, b;
  engines::cryptopp_builtin_sha512_hashes::sha512_init(a);
  engines::cryptopp_hashes::sha512_init(b);
  CHECK(a == b);
}
