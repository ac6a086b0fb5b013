// Secret retention: what a live object or a destroyed one still holds.
//  * a node's state holds its own key and no other (no parent key kept for later);
//  * detail::sha2_stream's destructor wipes everything it buffered (the partial block).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <new>
#include <span>
#include <string_view>

#include <doctest/doctest.h>

#include <isolated_crypto/detail/sha2.hpp>
#include <isolated_crypto/isolated_crypto.hpp>

#include "../support/engines.hpp"

#define IC_HASH_BACKENDS isolated_crypto::engines::cryptopp_hashes, ic_test::default_engine::hashes

namespace {
namespace ic = isolated_crypto;

bool contains(std::span<const unsigned char> hay, std::span<const std::byte> needle) {
  const auto* n = reinterpret_cast<const unsigned char*>(needle.data());
  return std::search(hay.begin(), hay.end(), n, n + needle.size()) != hay.end();
}

/// The bytes of an object (its inline storage).
template <class T>
std::span<const unsigned char> bytes_of(const T& v) {
  return {reinterpret_cast<const unsigned char*>(&v), sizeof v};
}

/// The master node state of "zoo ... vote" (engine level: states are plain values).
template <class E>
typename E::node_state master_state() {
  constexpr std::string_view words =
      "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote";
  ic::secret_string text(words.size());
  text.append(words);
  auto m = E::import_mnemonic(std::move(text));
  auto seed = E::to_seed(m, "");
  REQUIRE(seed.has_value());
  auto master = E::master_node(*seed, std::as_bytes(std::span(ic::bip32_default_hmac_key)));
  REQUIRE(master.has_value());
  return std::move(*master);
}

template <class E>
std::array<std::byte, 32> key_of(const typename E::node_state& n) {
  std::array<std::byte, 32> k{};
  const auto b = n.key.bytes(ic::detail::secret_access{});
  std::copy(b.begin(), b.end(), k.begin());
  return k;
}
}  // namespace

// At the engine level, where the states are plain values (a handle owns exactly one).
TEST_CASE_TEMPLATE("bip32: a hardened child holds no copy of its parent's key (derive, derive_path, clone)", E,
                   IC_ALL_ENGINES) {
  auto master = master_state<E>();  // its public key was never computed
  const auto master_key = key_of<E>(master);

  auto child = E::derive(master, 0x8000002CU);  // m/44'
  REQUIRE(child.has_value());
  CHECK_FALSE(contains(bytes_of(*child), master_key));
  const auto copy = E::clone(*child);
  CHECK_FALSE(contains(bytes_of(copy), master_key));

  const std::array<std::uint32_t, 3> path{0x8000002CU, 0x8000003CU, 0x80000000U};
  auto fresh = master_state<E>();
  auto leaf = E::derive_path(fresh, path);
  REQUIRE(leaf.has_value());
  const auto k44 = key_of<E>(*child);
  auto c60 = E::derive(*child, 0x8000003CU);
  REQUIRE(c60.has_value());
  const auto k60 = key_of<E>(*c60);
  for (const auto& ancestor : {master_key, k44, k60}) CHECK_FALSE(contains(bytes_of(*leaf), ancestor));
  // The fingerprint of m/44'/60'/0' is its parent's (m/44'/60'), computed at derive time.
  CHECK(E::parent_fingerprint(*leaf) == E::fingerprint(E::public_key(*c60)));
  CHECK(E::parent_fingerprint(*child) == E::fingerprint(E::public_key(master)));
}

TEST_CASE_TEMPLATE("sha2: a stream's destructor wipes the buffered partial block", H, IC_HASH_BACKENDS) {
  using stream = ic::detail::sha512_stream<H>;
  std::array<std::byte, 40> secret{};  // less than a block: stays in the stream's buffer
  for (std::size_t i = 0; i < secret.size(); ++i) secret[i] = std::byte(0xA5 ^ i);
  alignas(stream) unsigned char storage[sizeof(stream)];
  auto* s = new (storage) stream();
  s->update(secret);
  REQUIRE(contains(std::span<const unsigned char>(storage, sizeof storage), secret));  // control: it is buffered
  s->~stream();
  CHECK_FALSE(contains(std::span<const unsigned char>(storage, sizeof storage), std::span(secret).first(16)));
  CHECK_FALSE(contains(std::span<const unsigned char>(storage, sizeof storage), std::span(secret).last(16)));

  using stream256 = ic::detail::sha256_stream<H>;
  alignas(stream256) unsigned char storage256[sizeof(stream256)];
  auto* s256 = new (storage256) stream256();
  s256->update(std::span(secret).first(20));
  REQUIRE(contains(std::span<const unsigned char>(storage256, sizeof storage256), std::span(secret).first(20)));
  s256->~stream256();
  CHECK_FALSE(contains(std::span<const unsigned char>(storage256, sizeof storage256), std::span(secret).first(16)));
}
