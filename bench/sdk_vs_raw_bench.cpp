// SDK operations (default engine) beside the raw library call sequences they wrap.
//   sign:        ecdsa_key::sign_raw            vs secp256k1_ecdsa_sign_recoverable + RFC6979 nonce fn
//   seed:        mnemonic::to_seed               vs Crypto++ PKCS5_PBKDF2_HMAC<SHA512>, OpenSSL PKCS5_PBKDF2_HMAC
//   bip44:       seed → m/44'/60'/0'/0/0         vs eager raw derivation (public key at every level);
//                bip44/sdk_stepwise: the same path with one derive() per level
#include <array>
#include <cstring>
#include <string>

#include <benchmark/benchmark.h>
#include <cryptopp/hmac.h>
#include <cryptopp/pwdbased.h>
#include <cryptopp/sha.h>
#include <openssl/evp.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <isolated_crypto/engine/libsecp256k1.hpp>
#include <isolated_crypto/isolated_crypto.hpp>

namespace ic = isolated_crypto;
using E = ic::engines::libsecp256k1;

namespace {

const std::string phrase = "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote";
const std::string salt = "mnemonic";

ic::ecdsa_key<E> bench_key() {
  auto m = ic::mnemonic<E>::parse(phrase);
  auto n = m->to_seed()->to_master_key()->derive_path("m/44'/60'/0'/0/0");
  return std::move(*n).into_ecdsa_key();
}

ic::u256be digest_of(int i) {
  ic::u256be d{};
  d[0] = std::byte{0x5a};
  d[31] = static_cast<std::byte>(i);
  return d;
}

// ---- sign ----

void sdk_sign(benchmark::State& st) {
  const auto key = bench_key();
  int i = 0;
  for (auto _ : st) {
    auto sig = key.sign_raw(digest_of(i++), std::uint32_t{7});
    benchmark::DoNotOptimize(sig);
  }
}
BENCHMARK(sdk_sign)->Name("sign/sdk");

// The raw sequence: one context, a custom RFC6979-with-counter nonce function.
struct raw_nonce_data {
  const unsigned char* extra;
};
int raw_nonce(unsigned char* nonce32, const unsigned char* msg32, const unsigned char* key32, const unsigned char*,
              void* data, unsigned int attempt) {
  // Same work as the SDK's nonce function: RFC 6979 HMAC-DRBG with 4 bytes of extra data.
  const auto* d = static_cast<raw_nonce_data*>(data);
  ic::secret_array<32> k;
  std::memcpy(k.u8(ic::detail::secret_access{}), key32, 32);
  std::array<std::byte, 32> h;
  std::memcpy(h.data(), msg32, 32);
  std::uint32_t c = 0;
  std::memcpy(&c, d->extra, 4);
  ic::detail::rfc6979_nonce<ic::engines::cryptopp_hashes> gen(k, h, c);
  ic::secret_array<32> out;
  for (unsigned i = 0; i <= attempt; ++i) gen.next(out);
  std::memcpy(nonce32, out.u8(ic::detail::secret_access{}), 32);
  return 1;
}

void raw_sign(benchmark::State& st) {
  secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  std::array<unsigned char, 32> seed{1};
  if (secp256k1_context_randomize(ctx, seed.data()) != 1) st.SkipWithError("randomize");
  std::array<unsigned char, 32> sk{};
  sk[31] = 0x42;
  sk[0] = 0x11;
  const std::array<unsigned char, 4> extra{0, 0, 0, 7};
  raw_nonce_data data{extra.data()};
  int i = 0;
  for (auto _ : st) {
    const auto d = digest_of(i++);
    secp256k1_ecdsa_recoverable_signature sig;
    secp256k1_ecdsa_sign_recoverable(ctx, &sig, reinterpret_cast<const unsigned char*>(d.data()), sk.data(),
                                     raw_nonce, &data);
    std::array<unsigned char, 64> out;
    int recid = 0;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, out.data(), &recid, &sig);
    benchmark::DoNotOptimize(out);
  }
  secp256k1_context_destroy(ctx);
}
BENCHMARK(raw_sign)->Name("sign/raw_libsecp256k1");

// ---- mnemonic → seed ----

void sdk_seed(benchmark::State& st) {
  auto m = ic::mnemonic<E>::parse(phrase);
  for (auto _ : st) {
    auto s = m->to_seed("");
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(sdk_seed)->Name("seed/sdk")->Unit(benchmark::kMicrosecond);

void cryptopp_seed(benchmark::State& st) {
  CryptoPP::PKCS5_PBKDF2_HMAC<CryptoPP::SHA512> kdf;
  std::array<CryptoPP::byte, 64> out;
  for (auto _ : st) {
    kdf.DeriveKey(out.data(), out.size(), 0, reinterpret_cast<const CryptoPP::byte*>(phrase.data()), phrase.size(),
                  reinterpret_cast<const CryptoPP::byte*>(salt.data()), salt.size(), 2048);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(cryptopp_seed)->Name("seed/raw_cryptopp_pbkdf2")->Unit(benchmark::kMicrosecond);

void openssl_seed(benchmark::State& st) {
  std::array<unsigned char, 64> out;
  for (auto _ : st) {
    PKCS5_PBKDF2_HMAC(phrase.data(), static_cast<int>(phrase.size()),
                      reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()), 2048,
                      EVP_sha512(), 64, out.data());
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(openssl_seed)->Name("seed/raw_openssl_pbkdf2")->Unit(benchmark::kMicrosecond);

// ---- BIP44 path from a seed ----

void sdk_bip44(benchmark::State& st) {
  auto seed = ic::mnemonic<E>::parse(phrase)->to_seed("");
  for (auto _ : st) {
    auto n = seed->to_master_key()->derive_path("m/44'/60'/0'/0/0");
    auto pk = n->public_key();  // the leaf's public key is what a caller wants
    benchmark::DoNotOptimize(pk);
  }
}
BENCHMARK(sdk_bip44)->Name("bip44/sdk")->Unit(benchmark::kMicrosecond);

// The same path one derive() at a time, as a component tenant derives through the WIT:
// each handle gets its parent fingerprint at once, so every level computes its parent's
// public key (derive_path computes one only where a normal child needs it).
void sdk_bip44_stepwise(benchmark::State& st) {
  auto seed = ic::mnemonic<E>::parse(phrase)->to_seed("");
  for (auto _ : st) {
    ic::node<E> n = std::move(*seed->to_master_key());
    for (std::uint32_t index : {0x8000002CU, 0x8000003CU, 0x80000000U, 0U, 0U}) n = std::move(*n.derive(index));
    auto pk = n.public_key();
    benchmark::DoNotOptimize(pk);
  }
}
BENCHMARK(sdk_bip44_stepwise)->Name("bip44/sdk_stepwise")->Unit(benchmark::kMicrosecond);

// Eager raw derivation: HMAC-SHA512 (Crypto++) + libsecp256k1, public key at every level.
void raw_eager_bip44(benchmark::State& st) {
  const secp256k1_context* ctx = ic::engines::libsecp256k1_curve::context();
  std::array<unsigned char, 64> seed{};
  PKCS5_PBKDF2_HMAC(phrase.data(), static_cast<int>(phrase.size()), reinterpret_cast<const unsigned char*>(salt.data()),
                    static_cast<int>(salt.size()), 2048, EVP_sha512(), 64, seed.data());
  const std::array<std::uint32_t, 5> path{0x8000002C, 0x8000003C, 0x80000000, 0, 0};
  for (auto _ : st) {
    std::array<unsigned char, 64> i{};
    CryptoPP::HMAC<CryptoPP::SHA512> master(reinterpret_cast<const CryptoPP::byte*>("Bitcoin seed"), 12);
    master.CalculateDigest(i.data(), seed.data(), seed.size());
    std::array<unsigned char, 32> key{};
    std::array<unsigned char, 32> chain{};
    std::memcpy(key.data(), i.data(), 32);
    std::memcpy(chain.data(), i.data() + 32, 32);
    secp256k1_pubkey pk;
    if (secp256k1_ec_pubkey_create(ctx, &pk, key.data()) != 1) st.SkipWithError("pubkey");
    for (std::uint32_t idx : path) {
      std::array<unsigned char, 37> data{};
      std::array<unsigned char, 33> ser{};
      std::size_t len = 33;
      secp256k1_ec_pubkey_serialize(ctx, ser.data(), &len, &pk, SECP256K1_EC_COMPRESSED);
      if ((idx & 0x80000000U) != 0) {
        data[0] = 0;
        std::memcpy(data.data() + 1, key.data(), 32);
      } else {
        std::memcpy(data.data(), ser.data(), 33);
      }
      data[33] = static_cast<unsigned char>(idx >> 24);
      data[34] = static_cast<unsigned char>(idx >> 16);
      data[35] = static_cast<unsigned char>(idx >> 8);
      data[36] = static_cast<unsigned char>(idx);
      CryptoPP::HMAC<CryptoPP::SHA512> h(chain.data(), chain.size());
      h.CalculateDigest(i.data(), data.data(), data.size());
      if (secp256k1_ec_seckey_tweak_add(ctx, key.data(), i.data()) != 1) st.SkipWithError("tweak");
      std::memcpy(chain.data(), i.data() + 32, 32);
      if (secp256k1_ec_pubkey_create(ctx, &pk, key.data()) != 1) st.SkipWithError("pubkey");
    }
    benchmark::DoNotOptimize(pk);
  }
}
BENCHMARK(raw_eager_bip44)->Name("bip44/raw_eager")->Unit(benchmark::kMicrosecond);

}  // namespace

namespace {
// Parsing alone (NFKD, constant-time split, lookup over the whole list, checksum, join).
void sdk_parse(benchmark::State& st) {
  for (auto _ : st) {
    auto m = ic::mnemonic<E>::parse(phrase);
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(sdk_parse)->Name("mnemonic/parse_english_24")->Unit(benchmark::kMicrosecond);
}  // namespace
