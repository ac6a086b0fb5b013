// Every engine, the same operations: engine/<engine>/<op>, for a script to tabulate.
//   public_key      node.public_key() of a fresh (uncached) node: one k·G
//   sign_raw        ecdsa_key::sign_raw (RFC 6979, low-S, recovery id)
//   verify          secp256k1::verify (low-S policy)
//   recover         secp256k1::recover
//   bip32_hardened  one hardened child of a master node (public key cached in the parent)
//   bip44_path      seed → master → m/44'/60'/0'/0/0 (no PBKDF2: the seed already exists)
#include <cstdint>
#include <string>
#include <utility>

#include <benchmark/benchmark.h>

#include <isolated_crypto/engine/libsecp256k1.hpp>
#include <isolated_crypto/isolated_crypto.hpp>
#if __has_include(<isolated_crypto/engine/cryptopp.hpp>)
#include <isolated_crypto/engine/cryptopp.hpp>
#define IC_BENCH_HAVE_CRYPTOPP 1
#endif
#if __has_include(<isolated_crypto/engine/portable.hpp>)
#define ISOLATED_CRYPTO_I_ACCEPT_VARIABLE_TIME 1  // benchmarked, never used for real keys
#include <isolated_crypto/engine/portable.hpp>
#define IC_BENCH_HAVE_PORTABLE 1
#endif

namespace ic = isolated_crypto;

namespace {

const std::string bench_phrase =
    "legal winner thank year wave sausage worth useful legal winner thank yellow";

template <class E>
ic::seed<E> bench_seed() {
  auto m = ic::mnemonic<E>::parse(bench_phrase);
  return std::move(*m->to_seed("TREZOR"));
}

template <class E>
ic::node<E> bench_master() {
  return std::move(*bench_seed<E>().to_master_key());
}

ic::u256be digest_of(std::uint32_t i) {
  ic::u256be d{};
  d[0] = std::byte{0x5a};
  d[28] = static_cast<std::byte>(i >> 24);
  d[29] = static_cast<std::byte>(i >> 16);
  d[30] = static_cast<std::byte>(i >> 8);
  d[31] = static_cast<std::byte>(i);
  return d;
}

template <class E>
void public_key(benchmark::State& st) {
  const auto master = bench_master<E>();
  const auto child = *master.derive(0x80000000U);  // never asked for its public key
  for (auto _ : st) {
    const auto fresh = child.clone();  // the clone has no cached public key either
    benchmark::DoNotOptimize(fresh.public_key());
  }
}

template <class E>
void sign_raw(benchmark::State& st) {
  const auto key = std::move(*bench_master<E>().derive_path("m/44'/60'/0'/0/0")).into_ecdsa_key();
  std::uint32_t i = 0;
  for (auto _ : st) {
    auto sig = key.sign_raw(digest_of(i++));
    benchmark::DoNotOptimize(sig);
  }
}

/// 64 signatures by one key, over distinct digests, to verify/recover in turn.
template <class E>
struct signed_batch {
  ic::affine_point pub;
  std::vector<std::pair<ic::u256be, ic::recoverable_signature>> sigs;
  signed_batch() {
    const auto key = std::move(*bench_master<E>().derive_path("m/44'/60'/0'/0/0")).into_ecdsa_key();
    pub = *ic::secp256k1::decompress<E>(key.public_key());
    for (std::uint32_t i = 0; i < 64; ++i) sigs.emplace_back(digest_of(i), *key.sign_raw(digest_of(i)));
  }
};

template <class E>
void verify(benchmark::State& st) {
  const signed_batch<E> b;
  std::size_t i = 0;
  for (auto _ : st) {
    const auto& [digest, rs] = b.sigs[i++ % b.sigs.size()];
    const bool ok = ic::secp256k1::verify<E>(b.pub, digest, rs.sig);
    if (!ok) st.SkipWithError("verify failed");
    benchmark::DoNotOptimize(ok);
  }
}

template <class E>
void recover(benchmark::State& st) {
  const signed_batch<E> b;
  std::size_t i = 0;
  for (auto _ : st) {
    const auto& [digest, rs] = b.sigs[i++ % b.sigs.size()];
    auto p = ic::secp256k1::recover<E>(digest, rs);
    if (!p) st.SkipWithError("recover failed");
    benchmark::DoNotOptimize(p);
  }
}

template <class E>
void bip32_hardened(benchmark::State& st) {
  const auto master = bench_master<E>();
  benchmark::DoNotOptimize(master.public_key());  // cached: the child's fingerprint is cheap
  std::uint32_t i = 0;
  for (auto _ : st) {
    auto child = master.derive(0x80000000U | (i++ & 0x7FFFFFFFU));
    benchmark::DoNotOptimize(child);
  }
}

template <class E>
void bip44_path(benchmark::State& st) {
  const auto seed = bench_seed<E>();
  for (auto _ : st) {
    auto n = seed.to_master_key()->derive_path("m/44'/60'/0'/0/0");
    benchmark::DoNotOptimize(n);
  }
}

template <class E>
void register_engine() {
  const std::string prefix = "engine/" + std::string(E::curve::name) + "/";
  benchmark::RegisterBenchmark((prefix + "public_key").c_str(), public_key<E>);
  benchmark::RegisterBenchmark((prefix + "sign_raw").c_str(), sign_raw<E>);
  benchmark::RegisterBenchmark((prefix + "verify").c_str(), verify<E>);
  benchmark::RegisterBenchmark((prefix + "recover").c_str(), recover<E>);
  benchmark::RegisterBenchmark((prefix + "bip32_hardened").c_str(), bip32_hardened<E>);
  benchmark::RegisterBenchmark((prefix + "bip44_path").c_str(), bip44_path<E>);
}

const bool registered = [] {
  register_engine<ic::engines::libsecp256k1>();
#ifdef IC_BENCH_HAVE_CRYPTOPP
  register_engine<ic::engines::cryptopp>();
#endif
#ifdef IC_BENCH_HAVE_PORTABLE
  register_engine<ic::engines::portable>();
#endif
  return true;
}();

}  // namespace
