// Ethereum helpers against published vectors: EIP-55 (ERC-55 test cases), EIP-191
// personal_sign (web3.js docs, eth-account), mnemonic accounts (Anvil/Hardhat, eth-account),
// and trezor-firmware's ethereum fixtures (getaddress, signmessage, verifymessage,
// getpublickey). Keys come from mnemonics through the public API; only the EIP-191 cases
// (which give a private key) use the test-only key import of tests/support/test_access.hpp.
#include <cctype>
#include <map>
#include <optional>

#include <doctest/doctest.h>

#include <isolated_crypto/isolated_crypto.hpp>

#include "../support/engines.hpp"
#include "../support/test_access.hpp"
#include "../support/vectors.hpp"
#include "../support/master.hpp"

using namespace isolated_crypto;

namespace {

template <class E>
std::string set_name(const std::string& s) {
  return "ethereum " + s + " [" + std::string(E::curve::name) + "]";
}

template <class E>
node<E> master_of(const std::string& phrase, const std::string& passphrase) {
  return ic_test::master_of<E>(phrase, passphrase);
}

template <class E>
std::string address_at(const node<E>& master, const std::string& path) {
  auto n = master.derive_path(path);
  REQUIRE_MESSAGE(n.has_value(), describe(n.err()));
  auto p = secp256k1::decompress<E>(n->public_key());
  REQUIRE(p.has_value());
  return ethereum::to_checksum_address<E>(ethereum::address_of<E>(*p));
}

std::span<const std::byte> utf8(const std::string& s) { return ic_test::bytes_of(s); }

}  // namespace

TEST_CASE_TEMPLATE("ethereum: EIP-55 checksum encoding and parsing match ERC-55", E, IC_ALL_ENGINES) {
  const auto doc = ic_test::load_json("ethereum/eip55-checksum-addresses.json");
  for (const char* group : {"test_cases", "implementation_example"}) {
    for (const auto& v : doc[group]) {
      const std::string good = ic_test::str(v["checksummed"]);
      const std::string lower = ic_test::str(v["lowercase"]);
      CAPTURE(good);
      auto from_lower = ethereum::parse_address<E>(lower);
      REQUIRE(from_lower.has_value());
      const bool encodes = ethereum::to_checksum_address<E>(*from_lower) == good;
      auto from_good = ethereum::parse_address<E>(good);
      const bool parses = from_good.has_value() && *from_good == *from_lower;
      // All upper-case hex digits (no checksum claimed) is accepted too.
      std::string upper = "0x" + good.substr(2);
      for (std::size_t i = 2; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
      auto from_upper = ethereum::parse_address<E>(upper);
      const bool upper_ok = from_upper.has_value() && *from_upper == *from_lower;
      CHECK(encodes);
      CHECK(parses);
      CHECK(upper_ok);
      IC_CHECK_COUNTED(set_name<E>("eip55"), encodes && parses && upper_ok);
    }
  }
  // Wrong checksum: flip the case of one letter of a mixed-case address.
  for (const auto& v : doc["test_cases"]) {
    if (ic_test::str(v["category"]) != "Normal") continue;
    std::string bad = ic_test::str(v["checksummed"]);
    CAPTURE(bad);
    for (std::size_t i = 2; i < bad.size(); ++i) {
      if (std::isalpha(static_cast<unsigned char>(bad[i])) == 0) continue;
      bad[i] = static_cast<char>(std::islower(static_cast<unsigned char>(bad[i])) != 0 ? std::toupper(bad[i])
                                                                                       : std::tolower(bad[i]));
      break;
    }
    auto r = ethereum::parse_address<E>(bad);
    IC_CHECK_COUNTED(set_name<E>("eip55 wrong checksum rejected"),
                     !r.has_value() && r.code() == errc::invalid_address_checksum);
  }
}

TEST_CASE_TEMPLATE("ethereum: EIP-191 personal_sign matches web3.js and eth-account", E, IC_ALL_ENGINES) {
  const auto doc = ic_test::load_json("ethereum/eip191-personal-sign.json");
  for (const auto& v : doc["cases"]) {
    CAPTURE(ic_test::str(v["name"]));
    const std::string msg = ic_test::str(v["message_utf8"]);
    const auto key = ic_test::key_from_bytes<E>(ic_test::unhex_fixed<32>(ic_test::str(v["private_key"])));
    const bool hash_ok = ethereum::personal_message_hash<E>(utf8(msg)) ==
                         ic_test::unhex_fixed<32>(ic_test::str(v["message_hash"]));
    auto sig = ethereum::personal_sign<E>(key, utf8(msg));
    REQUIRE(sig.has_value());
    const bool sig_ok = "0x" + ic_test::to_hex(*sig) == ic_test::str(v["signature"]);
    auto signer = ethereum::recover_personal_signer<E>(utf8(msg), *sig);
    REQUIRE(signer.has_value());
    auto own = ethereum::address_of_key<E>(key);
    REQUIRE(own.has_value());
    const bool addr_ok = ethereum::to_checksum_address<E>(*signer) == ic_test::str(v["address"]) && *own == *signer;
    CHECK(hash_ok);
    CHECK(sig_ok);
    CHECK(addr_ok);
    IC_CHECK_COUNTED(set_name<E>("eip191 personal_sign"), hash_ok && sig_ok && addr_ok);
  }
}

TEST_CASE_TEMPLATE("ethereum: Anvil/Hardhat accounts 0-9 and eth-account HD accounts", E, IC_ALL_ENGINES) {
  const auto doc = ic_test::load_json("ethereum/mnemonic-accounts.json");
  const auto& anvil = doc["anvil_hardhat_default"];
  const auto master = master_of<E>(ic_test::str(anvil["mnemonic"]), ic_test::str(anvil["passphrase"]));
  int count = 0;
  for (const auto& a : anvil["accounts"]) {
    const std::string path = ic_test::str(a["path"]);
    CAPTURE(path);
    CHECK(path == "m/44'/60'/0'/0/" + std::to_string(a["index"].get<int>()));
    const bool addr_ok = address_at<E>(master, path) == ic_test::str(a["address"]);
    // The printed private key gives the same public key as our derivation (no key leaves the SDK).
    auto derived = master.derive_path(path);
    REQUIRE(derived.has_value());
    const auto imported = ic_test::key_from_bytes<E>(ic_test::unhex_fixed<32>(ic_test::str(a["private_key"])));
    const bool key_ok = imported.public_key() == derived->public_key();
    CHECK(addr_ok);
    CHECK(key_ok);
    IC_CHECK_COUNTED(set_name<E>("anvil accounts"), addr_ok && key_ok);
    ++count;
  }
  CHECK(count == 10);
  for (const auto& v : doc["other"]) {
    CAPTURE(ic_test::str(v["mnemonic"]));
    CAPTURE(ic_test::str(v["path"]));
    const auto m = master_of<E>(ic_test::str(v["mnemonic"]), ic_test::str(v["passphrase"]));
    IC_CHECK_COUNTED(set_name<E>("eth-account hd accounts"),
                     address_at<E>(m, ic_test::str(v["path"])) == ic_test::str(v["address"]));
  }
}

TEST_CASE_TEMPLATE("ethereum: trezor getaddress fixtures", E, IC_ALL_ENGINES) {
  const auto doc = ic_test::load_json("ethereum/trezor/getaddress.json");
  const auto master = master_of<E>(ic_test::str(doc["setup"]["mnemonic"]), ic_test::str(doc["setup"]["passphrase"]));
  for (const auto& t : doc["tests"]) {
    const std::string path = ic_test::str(t["parameters"]["path"]);
    CAPTURE(path);
    IC_CHECK_COUNTED(set_name<E>("trezor getaddress"),
                     address_at<E>(master, path) == ic_test::str(t["result"]["address"]));
  }
}

TEST_CASE_TEMPLATE("ethereum: trezor signmessage (personal_sign) and verifymessage (signer recovery)", E,
                   IC_ALL_ENGINES) {
  const auto sign_doc = ic_test::load_json("ethereum/trezor/signmessage.json");
  const auto master =
      master_of<E>(ic_test::str(sign_doc["setup"]["mnemonic"]), ic_test::str(sign_doc["setup"]["passphrase"]));
  for (const auto& t : sign_doc["tests"]) {
    const std::string msg = ic_test::str(t["parameters"]["msg"]);
    const std::string path = ic_test::str(t["parameters"]["path"]);
    CAPTURE(path);
    CAPTURE(msg.size());
    auto n = master.derive_path(path);
    REQUIRE(n.has_value());
    const auto key = std::move(*n).into_ecdsa_key();
    auto sig = ethereum::personal_sign<E>(key, utf8(msg));
    REQUIRE(sig.has_value());
    auto addr = ethereum::address_of_key<E>(key);
    REQUIRE(addr.has_value());
    const bool sig_ok = ic_test::to_hex(*sig) == ic_test::str(t["result"]["sig"]);
    const bool addr_ok = ethereum::to_checksum_address<E>(*addr) == ic_test::str(t["result"]["address"]);
    CHECK(sig_ok);
    CHECK(addr_ok);
    IC_CHECK_COUNTED(set_name<E>("trezor signmessage"), sig_ok && addr_ok);
  }
  const auto verify_doc = ic_test::load_json("ethereum/trezor/verifymessage.json");
  for (const auto& t : verify_doc["tests"]) {
    const std::string msg = ic_test::str(t["parameters"]["msg"]);
    CAPTURE(msg.size());
    const auto sig = ic_test::unhex(ic_test::str(t["parameters"]["sig"]));
    auto signer = ethereum::recover_personal_signer<E>(utf8(msg), sig);
    REQUIRE_MESSAGE(signer.has_value(), describe(signer.err()));
    const bool ok = ethereum::to_checksum_address<E>(*signer) == ic_test::str(t["parameters"]["address"]);
    // Tampering with the message must change (or fail) the recovered signer.
    auto other = ethereum::recover_personal_signer<E>(utf8(msg + "!"), sig);
    const bool tamper_ok = !other.has_value() || *other != *signer;
    CHECK(ok);
    CHECK(tamper_ok);
    IC_CHECK_COUNTED(set_name<E>("trezor verifymessage"), ok && tamper_ok);
  }
}

TEST_CASE_TEMPLATE("ethereum: trezor getpublickey (public key, chain code, xpub, parent fingerprint)", E,
                   IC_ALL_ENGINES) {
  const auto doc = ic_test::load_json("ethereum/trezor/getpublickey.json");
  const auto master = master_of<E>(ic_test::str(doc["setup"]["mnemonic"]), ic_test::str(doc["setup"]["passphrase"]));
  for (const auto& t : doc["tests"]) {
    const std::string path = ic_test::str(t["parameters"]["path"]);
    CAPTURE(path);
    const auto& r = t["result"];
    auto n = master.derive_path(path);
    REQUIRE(n.has_value());
    const auto pfp = n->parent_fingerprint();
    const std::uint32_t pfp_u32 = detail::load_be32(pfp.data());
    const bool ok = ic_test::to_hex(n->public_key().to_sec1()) == ic_test::str(r["public_key"]) &&
                    ic_test::to_hex(n->get_chain_code()) == ic_test::str(r["chain_code"]) &&
                    *n->xpub() == ic_test::str(r["xpub"]) && pfp_u32 == r["fingerprint"].get<std::uint32_t>() &&
                    n->child_number() == r["child_num"].get<std::uint32_t>();
    CHECK(*n->xpub() == ic_test::str(r["xpub"]));
    CHECK(pfp_u32 == r["fingerprint"].get<std::uint32_t>());
    IC_CHECK_COUNTED(set_name<E>("trezor getpublickey"), ok);
  }
}
