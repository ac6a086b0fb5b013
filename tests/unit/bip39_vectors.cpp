// BIP39 vectors: python-mnemonic (10 official languages), bip32JP (Japanese NFKD, English).
#include <doctest/doctest.h>

#include <isolated_crypto/isolated_crypto.hpp>

#include "../support/engines.hpp"
#include "../support/vectors.hpp"
#include "../support/master.hpp"
#include "../support/xprv.hpp"

using namespace isolated_crypto;

namespace {

template <class E>
void check_master(const std::string& set, const std::string& phrase, const std::string& passphrase,
                  const std::string& xprv) {
  CAPTURE(set);
  auto master = ic_test::master_of<E>(phrase, passphrase);
  const auto expected = ic_test::public_from_xprv(xprv);
  const bool ok = ic_test::to_hex(master.public_key().to_sec1()) == expected.public_key_hex &&
                  ic_test::to_hex(master.get_chain_code()) == expected.chain_code_hex &&
                  *master.xpub() == expected.xpub;
  IC_CHECK_COUNTED(set + " [" + std::string(E::curve::name) + "]", ok);
}

}  // namespace

TEST_CASE_TEMPLATE("bip39: python-mnemonic vectors give the vector's master node, every official language", E,
                   IC_ALL_ENGINES) {
  const auto doc = ic_test::load_json("bip39/trezor-python-mnemonic-vectors.json");
  int languages = 0;
  for (const auto& [lang, cases] : doc.items()) {
    if (lang == "russian" || lang == "turkish") continue;  // not official BIP39 lists
    ++languages;
    for (const auto& v : cases) {
      CAPTURE(ic_test::str(v[1]).size());
      // python-mnemonic's vectors all use the passphrase "TREZOR".
      check_master<E>("bip39 " + lang, ic_test::str(v[1]), "TREZOR", ic_test::str(v[3]));
    }
  }
  CHECK(languages == 10);
}

TEST_CASE_TEMPLATE("bip39: bip32JP Japanese vectors (U+3000 separators, NFKD passphrases)", E, IC_ALL_ENGINES) {
  for (const char* file : {"bip39/bip32JP-test_JP_BIP39.json", "bip39/bip32JP-test_EN_BIP39.json"}) {
    const auto doc = ic_test::load_json(file);
    const std::string set = std::string(file).find("_JP_") != std::string::npos ? "bip39 japanese nfkd" : "bip39 bip32JP english";
    for (const auto& v : doc) {
      check_master<E>(set, ic_test::str(v["mnemonic"]), ic_test::str(v["passphrase"]),
                      ic_test::str(v["bip32_xprv"]));
    }
  }
}
