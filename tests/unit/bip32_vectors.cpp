// BIP32 test vectors 1-4 (bitcoin/bips bip-0032.mediawiki): for every chain node the public
// key, chain code and xpub must match. The vectors give a seed, not a mnemonic: the seed
// enters through the test-only route of tests/support/test_access.hpp (64-byte seeds through
// seed<E> itself; 16- and 32-byte seeds through HMAC-SHA512("Bitcoin seed", seed) + raw I).
// Vector 5 (invalid extended keys) needs an xpub/xprv parser, which the SDK does not have:
// not tested here.
#include <optional>

#include <doctest/doctest.h>

#include <isolated_crypto/isolated_crypto.hpp>

#include "../support/engines.hpp"
#include "../support/test_access.hpp"
#include "../support/vectors.hpp"

using namespace isolated_crypto;

namespace {

struct xpub_fields {
  std::string public_key_hex;
  std::string chain_code_hex;
  std::uint32_t depth = 0;
  std::uint32_t child_number = 0;
};

template <class E>
xpub_fields decode_xpub(const std::string& xpub) {
  auto raw = base58::decode_check(xpub, [](std::span<const std::byte> b) { return E::hash(digest_algorithm::sha256, b); });
  REQUIRE(raw.has_value());
  REQUIRE(raw->size() == 78);
  const auto& r = *raw;
  xpub_fields f;
  f.depth = static_cast<std::uint32_t>(r[4]);
  f.child_number = detail::load_be32(r.data() + 9);
  f.chain_code_hex = ic_test::to_hex(std::span(r).subspan(13, 32));
  f.public_key_hex = ic_test::to_hex(std::span(r).subspan(45, 33));
  return f;
}

// "m/0'/1/2'" -> "0'/1/2'" relative to the parent path "m/0'/1".
std::string last_component(const std::string& path) { return path.substr(path.rfind('/') + 1); }

}  // namespace

TEST_CASE_TEMPLATE("bip32: every chain node of vectors 1-4 matches its public key, chain code and xpub", E,
                   IC_ALL_ENGINES) {
  const auto doc = ic_test::load_json("bip32/bip32-test-vectors.json");
  const std::string engine_name(E::curve::name);
  int vectors = 0;
  for (const auto& v : doc["vectors"]) {
    const std::string name = ic_test::str(v["name"]);  // "Test vector 1"
    const std::string set = "bip32 vector " + name.substr(name.rfind(' ') + 1) + " [" + engine_name + "]";
    CAPTURE(name);
    ++vectors;
    const auto seed_bytes = ic_test::unhex(ic_test::str(v["seed_hex"]));
    const auto master = ic_test::bip32_master<E>(seed_bytes);
    std::optional<node<ic_test::raw_node_engine<E>>> previous;  // parent for step-by-step derivation
    for (const auto& c : v["chains"]) {
      const std::string path = ic_test::str(c["path"]);
      const std::string path_h = ic_test::str(c["path_bip_notation"]);
      const std::string xpub = ic_test::str(c["ext_pub"]);
      CAPTURE(path);
      const auto expected = decode_xpub<E>(xpub);

      auto n = master.derive_path(path);
      REQUIRE_MESSAGE(n.has_value(), describe(n.err()));
      auto n_h = master.derive_path(path_h);  // the BIP's "0H" notation
      REQUIRE_MESSAGE(n_h.has_value(), describe(n_h.err()));
      const std::string pub = ic_test::to_hex(n->public_key().to_sec1());
      const std::string cc = ic_test::to_hex(n->get_chain_code());
      auto x = n->xpub();
      REQUIRE(x.has_value());
      CHECK(pub == expected.public_key_hex);
      CHECK(cc == expected.chain_code_hex);
      CHECK(*x == xpub);
      CHECK(n->depth() == expected.depth);
      CHECK(n->child_number() == expected.child_number);
      CHECK(*n_h->xpub() == xpub);
      bool stepwise_ok = true;
      if (previous) {  // one derive() / relative derive_path() from the previous chain node
        auto step = previous->derive_path(last_component(path));
        REQUIRE(step.has_value());
        stepwise_ok = *step->xpub() == xpub;
        CHECK(stepwise_ok);
      }
      IC_CHECK_COUNTED(set, pub == expected.public_key_hex && cc == expected.chain_code_hex && *x == xpub &&
                                *n_h->xpub() == xpub && stepwise_ok);
      previous = std::move(*n);
    }
  }
  CHECK(vectors == 4);
}

TEST_CASE_TEMPLATE("bip32: master of a 64-byte seed through seed<E> itself matches vectors 2 and 3", E,
                   IC_ALL_ENGINES) {
  // No raw_node_engine involved: seed<E> -> E::master_node -> E::derive.
  const auto doc = ic_test::load_json("bip32/bip32-test-vectors.json");
  for (const auto& v : doc["vectors"]) {
    const auto seed_bytes = ic_test::unhex(ic_test::str(v["seed_hex"]));
    if (seed_bytes.size() != 64) continue;
    CAPTURE(ic_test::str(v["name"]));
    const auto s = detail::test_access::seed_from_bytes<E>(std::span<const std::byte, 64>(seed_bytes.data(), 64));
    auto m = s.to_master_key();
    REQUIRE(m.has_value());
    for (const auto& c : v["chains"]) {
      CAPTURE(ic_test::str(c["path"]));
      auto n = m->derive_path(ic_test::str(c["path"]));
      REQUIRE(n.has_value());
      IC_CHECK_COUNTED("bip32 seed<E> 64-byte [" + std::string(E::curve::name) + "]", *n->xpub() == ic_test::str(c["ext_pub"]));
    }
  }
}
