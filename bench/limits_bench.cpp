// The practical limits the SDK is measured against, and scaling/memory figures.
//   limit/sha512_x4096        4,096 SHA-512 compressions (OpenSSL, the fastest here): PBKDF2's floor
//   limit/bip44_minimum       3 pubkey_create + 6 HMAC-SHA512 + 5 tweaks: m/44'/60'/0'/0/0's floor
//   throughput/sign/threads:N signing on N threads (scaling from 1 to 2)
//   memory/<handle>           bytes per live handle (counter "bytes")
#include <array>
#include <cstring>

#include <benchmark/benchmark.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <secp256k1.h>

#include <isolated_crypto/engine/libsecp256k1.hpp>
#include <isolated_crypto/isolated_crypto.hpp>

namespace ic = isolated_crypto;
using E = ic::engines::libsecp256k1;

namespace {

const char* const phrase =
    "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote";

void limit_sha512(benchmark::State& st) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  SHA512_CTX ctx;
  SHA512_Init(&ctx);
  std::array<unsigned char, 128> block{};
  for (auto _ : st) {
    for (int i = 0; i < 4096; ++i) {
      SHA512_Transform(&ctx, block.data());
      block[0] = static_cast<unsigned char>(ctx.h[0]);
    }
    benchmark::DoNotOptimize(ctx.h[0]);
  }
#pragma GCC diagnostic pop
}
BENCHMARK(limit_sha512)->Name("limit/sha512_x4096")->Unit(benchmark::kMicrosecond);

void limit_bip44(benchmark::State& st) {
  const secp256k1_context* ctx = ic::engines::libsecp256k1_curve::context();
  std::array<unsigned char, 64> seed{};
  seed[0] = 1;
  std::array<unsigned char, 32> key{};
  std::array<unsigned char, 64> out{};
  std::array<unsigned char, 37> data{};
  unsigned int len = 64;
  for (auto _ : st) {
    HMAC(EVP_sha512(), "Bitcoin seed", 12, seed.data(), seed.size(), out.data(), &len);  // 1 HMAC
    std::memcpy(key.data(), out.data(), 32);
    for (int level = 0; level < 5; ++level) {  // 5 HMAC + 5 tweaks
      std::memcpy(data.data() + 1, key.data(), 32);
      HMAC(EVP_sha512(), out.data() + 32, 32, data.data(), data.size(), out.data(), &len);
      if (secp256k1_ec_seckey_tweak_add(ctx, key.data(), out.data()) != 1) st.SkipWithError("tweak");
    }
    for (int i = 0; i < 3; ++i) {  // 3 public keys: parents of the two normal steps + the leaf
      secp256k1_pubkey pk;
      if (secp256k1_ec_pubkey_create(ctx, &pk, key.data()) != 1) st.SkipWithError("pubkey");
      benchmark::DoNotOptimize(pk);
    }
  }
}
BENCHMARK(limit_bip44)->Name("limit/bip44_minimum")->Unit(benchmark::kMicrosecond);

void throughput_sign(benchmark::State& st) {
  auto key = std::move(*ic::mnemonic<E>::parse(phrase)->to_seed()->to_master_key()).into_ecdsa_key();
  ic::u256be d{};
  d[1] = static_cast<std::byte>(st.thread_index());
  for (auto _ : st) {
    d[0] = static_cast<std::byte>(static_cast<unsigned>(d[0]) + 1);
    auto sig = key.sign_raw(d);
    benchmark::DoNotOptimize(sig);
  }
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(throughput_sign)->Name("throughput/sign")->Threads(1)->Threads(2)->UseRealTime();

template <class Handle>
void memory_of(benchmark::State& st) {
  for (auto _ : st) benchmark::DoNotOptimize(sizeof(Handle));
  st.counters["bytes"] = static_cast<double>(sizeof(Handle));
}
BENCHMARK(memory_of<ic::mnemonic<E>>)->Name("memory/mnemonic")->Iterations(1);
BENCHMARK(memory_of<ic::seed<E>>)->Name("memory/seed")->Iterations(1);
BENCHMARK(memory_of<ic::node<E>>)->Name("memory/node")->Iterations(1);
BENCHMARK(memory_of<ic::ecdsa_key<E>>)->Name("memory/ecdsa_key")->Iterations(1);

}  // namespace
