// isolated-crypto/counter-signatures.json: our own known answers (generated with noble/scure,
// cross-checked in Python and ethers) for the prototype's semantics: RFC 6979 with the
// optional counter as 4-byte big-endian additional data, sign == sign_raw(alg(msg)), BIP39
// passphrase NFKD, to_master_key with a custom HMAC key, EIP-191 personal_sign.
// The key is always derived from the mnemonic through the public API.
#include <optional>

#include <doctest/doctest.h>

#include <isolated_crypto/isolated_crypto.hpp>

#include "../support/engines.hpp"
#include "../support/test_access.hpp"
#include "../support/vectors.hpp"

using namespace isolated_crypto;

namespace {

template <class E>
std::string set_name(const std::string& s) {
  return "counter-signatures " + s + " [" + std::string(E::curve::name) + "]";
}

template <class E>
ecdsa_key<E> key_of(const ic_test::json& doc) {
  auto m = mnemonic<E>::parse(ic_test::str(doc["key"]["mnemonic"]));
  REQUIRE(m.has_value());
  auto s = m->to_seed(ic_test::str(doc["key"]["passphrase"]));
  REQUIRE(s.has_value());
  auto master = s->to_master_key();
  REQUIRE(master.has_value());
  auto n = master->derive_path(ic_test::str(doc["key"]["path"]));
  REQUIRE(n.has_value());
  return std::move(*n).into_ecdsa_key();
}

sign_counter counter_of(const ic_test::json& v) {
  if (v["counter"].is_null()) return std::nullopt;
  return v["counter"].get<std::uint32_t>();
}

bool matches(const recoverable_signature& rs, const ic_test::json& v) {
  const bool ok = ic_test::to_hex(rs.sig.r) == ic_test::str(v["r"]) && ic_test::to_hex(rs.sig.s) == ic_test::str(v["s"]) &&
                  rs.recid.to_int() == v["recovery_id"].get<int>() && rs.recid.y_odd == v["is_y_odd"].get<bool>() &&
                  rs.recid.x_reduced == v["is_x_reduced"].get<bool>() &&
                  static_cast<int>(ethereum::to_rsv(rs)[64]) == v["v"].get<int>();
  CHECK(ic_test::to_hex(rs.sig.r) == ic_test::str(v["r"]));
  CHECK(ic_test::to_hex(rs.sig.s) == ic_test::str(v["s"]));
  CHECK(rs.recid.to_int() == v["recovery_id"].get<int>());
  return ok;
}

}  // namespace

TEST_CASE_TEMPLATE("counter-signatures: key is the mnemonic's m/44'/60'/0'/0/0 public key and address", E,
                   IC_ALL_ENGINES) {
  const auto doc = ic_test::load_json("isolated-crypto/counter-signatures.json");
  const auto key = key_of<E>(doc);
  auto full = secp256k1::decompress<E>(key.public_key());
  REQUIRE(full.has_value());
  auto addr = ethereum::address_of_key<E>(key);
  REQUIRE(addr.has_value());
  const bool pub_ok = ic_test::to_hex(key.public_key().to_sec1()) == ic_test::str(doc["key"]["public_key"]);
  const bool unc_ok = ic_test::to_hex(full->to_sec1()) == ic_test::str(doc["key"]["public_key_uncompressed"]);
  const bool addr_ok = ethereum::to_checksum_address<E>(*addr) == ic_test::str(doc["key"]["address"]);
  CHECK(pub_ok);
  CHECK(unc_ok);
  CHECK(addr_ok);
  IC_CHECK_COUNTED(set_name<E>("key"), pub_ok && unc_ok && addr_ok);
}

TEST_CASE_TEMPLATE("counter-signatures: sign_raw with counter none/0/1/42/2^32-1 matches", E, IC_ALL_ENGINES) {
  const auto doc = ic_test::load_json("isolated-crypto/counter-signatures.json");
  const auto key = key_of<E>(doc);
  auto pub = secp256k1::decompress<E>(key.public_key());
  REQUIRE(pub.has_value());
  for (const auto& v : doc["sign_raw"]) {
    CAPTURE(ic_test::str(v["id"]));
    const auto digest = ic_test::unhex_fixed<32>(ic_test::str(v["digest"]));
    auto rs = key.sign_raw(digest, counter_of(v));
    REQUIRE(rs.has_value());
    const bool ok = matches(*rs, v);
    // And the signature is valid, low-S, and recovers the key.
    const bool valid = secp256k1::verify<E>(*pub, digest, rs->sig);
    auto rec = secp256k1::recover<E>(digest, *rs);
    CHECK(valid);
    CHECK((rec.has_value() && *rec == *pub));
    IC_CHECK_COUNTED(set_name<E>("sign_raw"), ok && valid && rec.has_value() && *rec == *pub);
  }
  // some(0) is not none: the 4 zero bytes are still appended.
  const u256be digest = ic_test::unhex_fixed<32>(ic_test::str(doc["sign_raw"][0]["digest"]));
  CHECK(key.sign_raw(digest, std::nullopt)->sig != key.sign_raw(digest, 0U)->sig);
}

TEST_CASE_TEMPLATE("counter-signatures: sign(alg, message, counter) == sign_raw(alg(message), counter)", E,
                   IC_ALL_ENGINES) {
  const auto doc = ic_test::load_json("isolated-crypto/counter-signatures.json");
  const auto key = key_of<E>(doc);
  for (const auto& v : doc["sign"]) {
    CAPTURE(ic_test::str(v["id"]));
    const auto alg = ic_test::str(v["alg"]) == "sha256" ? digest_algorithm::sha256 : digest_algorithm::keccak256;
    const auto message = ic_test::unhex(ic_test::str(v["message_hex"]));
    CHECK(ic_test::to_hex(E::hash(alg, message)) == ic_test::str(v["digest"]));
    auto rs = key.sign(alg, message, counter_of(v));
    REQUIRE(rs.has_value());
    bool ok = matches(*rs, v);
    if (!v["same_as"].is_null()) {  // the referenced sign_raw entry has the same r, s, v
      bool found = false;
      for (const auto& raw : doc["sign_raw"]) {
        if (raw["id"] != v["same_as"]) continue;
        found = true;
        ok = ok && ic_test::str(raw["r"]) == ic_test::str(v["r"]) && ic_test::str(raw["s"]) == ic_test::str(v["s"]);
      }
      CHECK(found);
      ok = ok && found;
    }
    auto raw_rs = key.sign_raw(E::hash(alg, message), counter_of(v));
    ok = ok && raw_rs.has_value() && *raw_rs == *rs;
    IC_CHECK_COUNTED(set_name<E>("sign"), ok);
  }
}

TEST_CASE_TEMPLATE("counter-signatures: BIP39 passphrase is NFKD-normalised (NFC bytes would give the control)", E,
                   IC_ALL_ENGINES) {
  const auto doc = ic_test::load_json("isolated-crypto/counter-signatures.json");
  const auto& v = doc["bip39_passphrase_nfkd"];
  const std::string passphrase = ic_test::str(v["passphrase"]);
  CHECK(ic_test::to_hex(ic_test::bytes_of(passphrase)) == ic_test::str(v["passphrase_utf8_hex_as_given_nfc"]));
  auto m = mnemonic<E>::parse(ic_test::str(v["mnemonic"]));
  REQUIRE(m.has_value());
  const auto check_master = [&](const std::string& pass) {
    auto s = m->to_seed(pass);
    REQUIRE(s.has_value());
    auto master = s->to_master_key();
    REQUIRE(master.has_value());
    return std::pair{ic_test::to_hex(master->public_key().to_sec1()), ic_test::to_hex(master->get_chain_code())};
  };
  // As given (NFC) and already decomposed (NFKD) input: both must give the NFKD seed's master.
  const auto [pub_nfc, cc_nfc] = check_master(passphrase);
  const auto nfkd = ic_test::unhex(ic_test::str(v["passphrase_utf8_hex_nfkd"]));
  const auto [pub_nfkd, cc_nfkd] = check_master(std::string(reinterpret_cast<const char*>(nfkd.data()), nfkd.size()));
  const bool ok = pub_nfc == ic_test::str(v["master_public_key"]) && cc_nfc == ic_test::str(v["master_chain_code"]) &&
                  pub_nfkd == pub_nfc && cc_nfkd == cc_nfc;
  CHECK(ok);
  IC_CHECK_COUNTED(set_name<E>("bip39_passphrase_nfkd"), ok);
  // Negative control: the seed of the un-normalised bytes is a different (wrong) master.
  const auto& wrong = v["wrong_if_not_normalised"];
  const bool differs = pub_nfc != ic_test::str(wrong["master_public_key"]) && cc_nfc != ic_test::str(wrong["master_chain_code"]);
  CHECK(differs);
  IC_CHECK_COUNTED(set_name<E>("bip39_passphrase_nfkd negative control"), differs);
  // ... and the control values are right for those bytes (so the control is meaningful):
  // the seed they name, fed to seed<E>, gives exactly the control's master.
  const auto wrong_seed = ic_test::unhex_fixed<64>(ic_test::str(wrong["seed"]));
  const auto ws = isolated_crypto::detail::test_access::seed_from_bytes<E>(wrong_seed);
  auto wm = ws.to_master_key();
  REQUIRE(wm.has_value());
  CHECK(ic_test::to_hex(wm->public_key().to_sec1()) == ic_test::str(wrong["master_public_key"]));
  const auto right_seed = ic_test::unhex_fixed<64>(ic_test::str(v["seed"]));
  auto rm = isolated_crypto::detail::test_access::seed_from_bytes<E>(right_seed).to_master_key();
  REQUIRE(rm.has_value());
  CHECK(ic_test::to_hex(rm->public_key().to_sec1()) == pub_nfc);
}

TEST_CASE_TEMPLATE("counter-signatures: to_master_key(hmac key) for \"Bitcoin seed\" and \"Nist256p1 seed\"", E,
                   IC_ALL_ENGINES) {
  const auto doc = ic_test::load_json("isolated-crypto/counter-signatures.json");
  for (const auto& v : doc["to_master_key"]) {
    CAPTURE(ic_test::str(v["id"]));
    const auto seed_bytes = ic_test::unhex_fixed<64>(ic_test::str(v["seed"]));
    const auto s = isolated_crypto::detail::test_access::seed_from_bytes<E>(seed_bytes);
    const auto hmac_key = ic_test::unhex(ic_test::str(v["hmac_key_hex"]));
    CHECK(ic_test::to_hex(ic_test::bytes_of(ic_test::str(v["hmac_key_utf8"]))) == ic_test::str(v["hmac_key_hex"]));
    auto m = s.to_master_key(hmac_key);
    REQUIRE(m.has_value());
    auto m_default = s.to_master_key();
    REQUIRE(m_default.has_value());
    const bool ok = ic_test::to_hex(m->public_key().to_sec1()) == ic_test::str(v["master_public_key"]) &&
                    ic_test::to_hex(m->get_chain_code()) == ic_test::str(v["master_chain_code"]) &&
                    (m->public_key() == m_default->public_key()) == v["equals_to_master_key_none"].get<bool>();
    IC_CHECK_COUNTED(set_name<E>("to_master_key"), ok);
  }
}

TEST_CASE_TEMPLATE("counter-signatures: EIP-191 personal_sign and signer recovery", E, IC_ALL_ENGINES) {
  const auto doc = ic_test::load_json("isolated-crypto/counter-signatures.json");
  const auto& v = doc["eip191_personal_sign"];
  const auto key = key_of<E>(doc);
  const auto message = ic_test::unhex(ic_test::str(v["message_hex"]));
  CHECK(ic_test::to_hex(ethereum::personal_message_hash<E>(message)) == ic_test::str(v["message_hash"]));
  auto sig = ethereum::personal_sign<E>(key, message);
  REQUIRE(sig.has_value());
  auto signer = ethereum::recover_personal_signer<E>(message, *sig);
  REQUIRE(signer.has_value());
  const bool ok = ic_test::to_hex(*sig) == ic_test::str(v["signature"]) &&
                  ethereum::to_checksum_address<E>(*signer) == ic_test::str(v["signer_address"]);
  CHECK(ic_test::to_hex(*sig) == ic_test::str(v["signature"]));
  IC_CHECK_COUNTED(set_name<E>("eip191_personal_sign"), ok);
}
