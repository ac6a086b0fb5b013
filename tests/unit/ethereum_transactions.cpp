// Transactions: ethers' transactions.json.gz (3200 cases × Legacy, EIP-155, Berlin (1),
// London (2), Cancun (3): unsigned payload, signature, signed encoding, strict re-parse with
// sender recovery), trezor-firmware's sign_tx_eip155 / sign_tx_eip1559 (keys from the
// mnemonic), EIP-7702 type 4 and authorizations (round trips), the JSON front end, and
// bad inputs each with its error. Keys of the ethers vectors come in through the test-only
// access (tests/support/test_access.hpp).
#pragma GCC diagnostic ignored "-Warray-bounds"  // see ethereum_eip712.cpp
#pragma GCC diagnostic ignored "-Wstringop-overread"

#include <fstream>
#include <iterator>

#include <doctest/doctest.h>

#include <isolated_crypto/isolated_crypto.hpp>

#include "../support/engines.hpp"
#include "../support/gz_json.hpp"
#include "../support/master.hpp"
#include "../support/test_access.hpp"
#include "../support/vectors.hpp"

using namespace isolated_crypto;
namespace eth = isolated_crypto::ethereum;

namespace {

using E0 = ic_test::default_engine;

eth::uint256 quantity(const nlohmann::json& j) {
  if (j.is_number_unsigned()) return eth::uint256(j.get<std::uint64_t>());
  auto v = eth::parse_uint256(j.get<std::string>());
  REQUIRE(v.has_value());
  return *v;
}

eth::address addr(const std::string& s) {
  auto a = eth::parse_address<E0>(s);
  REQUIRE(a.has_value());
  return *a;
}

/// The vector's fields, all set (the form decides which are encoded).
eth::transaction from_vector(const nlohmann::json& t, eth::tx_type type, bool with_chain) {
  eth::transaction tx;
  tx.type = type;
  if (t.contains("nonce")) tx.nonce = quantity(t["nonce"]).low_u64();
  if (t.contains("gasLimit")) tx.gas_limit = quantity(t["gasLimit"]).low_u64();
  const bool fee1559 = type != eth::tx_type::legacy && type != eth::tx_type::access_list;
  if (!fee1559 && t.contains("gasPrice")) tx.gas_price = quantity(t["gasPrice"]);
  if (fee1559 && t.contains("maxFeePerGas")) tx.max_fee_per_gas = quantity(t["maxFeePerGas"]);
  if (fee1559 && t.contains("maxPriorityFeePerGas")) tx.max_priority_fee_per_gas = quantity(t["maxPriorityFeePerGas"]);
  if (type == eth::tx_type::blob && t.contains("maxFeePerBlobGas")) tx.max_fee_per_blob_gas = quantity(t["maxFeePerBlobGas"]);
  if (t.contains("value")) tx.value = quantity(t["value"]);
  if (t.contains("data")) tx.data = ic_test::unhex(t["data"].get<std::string>());
  if (t.contains("to")) tx.to = addr(t["to"].get<std::string>());
  if (with_chain) tx.chain_id = t.contains("chainId") ? quantity(t["chainId"]).low_u64() : 0;
  if (type != eth::tx_type::legacy && t.contains("accessList")) {
    for (const auto& e : t["accessList"]) {
      eth::access_list_entry entry{addr(e["address"].get<std::string>()), {}};
      for (const auto& k : e["storageKeys"]) entry.storage_keys.push_back(ic_test::unhex_fixed<32>(k.get<std::string>()));
      tx.access_list.push_back(entry);
    }
  }
  if (type == eth::tx_type::blob && t.contains("blobVersionedHashes")) {
    for (const auto& h : t["blobVersionedHashes"]) tx.blob_versioned_hashes.push_back(ic_test::unhex_fixed<32>(h.get<std::string>()));
  }
  return tx;
}

std::string hex0x(std::span<const std::byte> b) { return "0x" + ic_test::to_hex(b); }


struct form {
  const char* name;
  eth::tx_type type;
  bool chain;
};
constexpr form forms[] = {{"Legacy", eth::tx_type::legacy, false},
                          {"Eip155", eth::tx_type::legacy, true},
                          {"Berlin", eth::tx_type::access_list, true},
                          {"London", eth::tx_type::dynamic_fee, true},
                          {"Cancun", eth::tx_type::blob, true}};

template <class E>
void check_file(std::size_t limit, std::map<std::string, int>& passed) {
  const auto doc = ic_test::load_json_gz("ethers/transactions.json.gz");
  CHECK(doc.size() == 3200);
  for (std::size_t i = 0; i < doc.size() && i < limit; ++i) {
    const auto& v = doc[i];
    CAPTURE(v["name"].get<std::string>());
    const auto key = ic_test::key_from_bytes<E>(ic_test::unhex_fixed<32>(v["privateKey"].get<std::string>()));
    auto own = eth::address_of_key<E>(key);
    REQUIRE(own.has_value());
    for (const auto& f : forms) {
      const std::string form_name = f.name;
      CAPTURE(form_name);
      const std::string want_unsigned = v[std::string("unsigned") + f.name].get<std::string>();
      if (want_unsigned.empty()) continue;  // the form does not apply (no chain id, or a creation for Cancun)
      const eth::transaction tx = from_vector(v["transaction"], f.type, f.chain);
      const bool unsigned_ok = hex0x(eth::unsigned_payload(tx)) == want_unsigned;
      auto st = eth::sign_transaction<E>(key, tx);
      REQUIRE_MESSAGE(st.has_value(), eth::describe(st.err()));
      const auto& sig = v[std::string("signature") + f.name];
      const bool sig_ok = hex0x(st->signature.sig.r) == sig["r"].get<std::string>() &&
                          hex0x(st->signature.sig.s) == sig["s"].get<std::string>() &&
                          st->v.to_quantity() == sig["v"].get<std::string>();
      const bool signed_ok = hex0x(st->raw) == v[std::string("signed") + f.name].get<std::string>();
      auto back = eth::parse_signed_transaction<E>(st->raw);
      REQUIRE_MESSAGE(back.has_value(), eth::describe(back.err()));
      const bool parse_ok = back->signed_tx.tx == tx && back->from == *own && back->signed_tx.hash == st->hash &&
                            back->signed_tx.v == st->v;
      auto pre = eth::parse_unsigned_transaction(eth::unsigned_payload(tx));
      REQUIRE_MESSAGE(pre.has_value(), eth::describe(pre.err()));
      const bool pre_ok = *pre == tx;
      CHECK(unsigned_ok);
      CHECK(sig_ok);
      CHECK(signed_ok);
      CHECK(parse_ok);
      CHECK(pre_ok);
      const bool ok = unsigned_ok && sig_ok && signed_ok && parse_ok && pre_ok;
      ic_test::tally::instance().record(std::string("ethers transactions ") + f.name + " [" + std::string(E::curve::name) + "]", ok);
      passed[f.name] += ok ? 1 : 0;
    }
  }
}

}  // namespace

TEST_CASE("transactions: ethers transactions.json.gz, all 3200 cases in all five forms") {
  std::map<std::string, int> passed;
  check_file<E0>(3200, passed);
  CHECK(passed["Legacy"] == 3200);
  CHECK(passed["Eip155"] == 1664);
  CHECK(passed["Berlin"] == 3200);
  CHECK(passed["London"] == 3200);
  CHECK(passed["Cancun"] == 1664);
}

#if defined(IC_TEST_HAVE_CRYPTOPP)
#if defined(IC_TEST_HAVE_PORTABLE)
#define IC_OTHER_ENGINES isolated_crypto::engines::cryptopp, isolated_crypto::engines::portable
#else
#define IC_OTHER_ENGINES isolated_crypto::engines::cryptopp
#endif
TEST_CASE_TEMPLATE("transactions: ethers transactions.json.gz, first 64 cases, other engines", E, IC_OTHER_ENGINES) {
  std::map<std::string, int> passed;
  check_file<E>(64, passed);
  CHECK(passed["Legacy"] == 64);
  CHECK(passed["London"] == 64);
}
#endif

TEST_CASE_TEMPLATE("transactions: trezor sign_tx_eip155 and sign_tx_eip1559", E, IC_ALL_ENGINES) {
  for (const char* file : {"ethereum/trezor/sign_tx_eip155.json", "ethereum/trezor/sign_tx_eip1559.json"}) {
    const bool is1559 = std::string(file).find("1559") != std::string::npos;
    const auto doc = ic_test::load_json(file);
    std::ifstream in(std::string(IC_VECTORS_DIR) + "/" + file);
    const std::string file_text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto exact_doc = eth::json::parse(file_text);
    REQUIRE(exact_doc.has_value());
    const auto master = ic_test::master_of<E>(ic_test::str(doc["setup"]["mnemonic"]), ic_test::str(doc["setup"]["passphrase"]));
    int passed = 0;
    for (const auto& t : doc["tests"]) {
      const auto& p = t["parameters"];
      CAPTURE(t["name"].get<std::string>());
      eth::transaction tx;
      tx.type = is1559 ? eth::tx_type::dynamic_fee : eth::tx_type::legacy;
      tx.chain_id = p["chain_id"].get<std::uint64_t>();
      tx.nonce = quantity(p["nonce"]).low_u64();
      tx.gas_limit = quantity(p["gas_limit"]).low_u64();
      if (is1559) {
        tx.max_fee_per_gas = quantity(p["max_gas_fee"]);
        tx.max_priority_fee_per_gas = quantity(p["max_priority_fee"]);
      } else {
        tx.gas_price = quantity(p["gas_price"]);
      }
      tx.value = quantity(p["value"]);
      tx.to = addr(ic_test::str(p["to_address"]));
      tx.data = ic_test::unhex(ic_test::str(p["data"]));
      auto n = master.derive_path(ic_test::str(p["path"]));
      REQUIRE(n.has_value());
      const auto key = std::move(*n).into_ecdsa_key();
      auto st = eth::sign_transaction<E>(key, tx);
      REQUIRE(st.has_value());
      const auto& r = t["result"];
      // sig_v is a JSON integer; max_uint64's v (2^65 + 34) does not fit 64 bits, so nlohmann
      // reads it as a double: take its exact text from the SDK's own JSON reader instead.
      const auto& exact = exact_doc->find("tests")->items[static_cast<std::size_t>(&t - &doc["tests"][0])];
      const std::string want_v = exact.find("result")->find("sig_v")->text;
      const bool ok = ic_test::to_hex(st->signature.sig.r) == ic_test::str(r["sig_r"]) &&
                      ic_test::to_hex(st->signature.sig.s) == ic_test::str(r["sig_s"]) && st->v.to_decimal() == want_v;
      auto back = eth::parse_signed_transaction<E>(st->raw);
      REQUIRE_MESSAGE(back.has_value(), eth::describe(back.err()));
      const bool back_ok = back->signed_tx.tx == tx && back->from == *eth::address_of_key<E>(key);
      CHECK(ok);
      CHECK(back_ok);
      ic_test::tally::instance().record(std::string(file) + " [" + std::string(E::curve::name) + "]", ok && back_ok);
      passed += ok && back_ok ? 1 : 0;
    }
    CHECK(passed == (is1559 ? 8 : 11));
  }
}

TEST_CASE_TEMPLATE("transactions: EIP-7702 authorization and type-4 round trip, EIP-2098 compact", E, IC_ALL_ENGINES) {
  const auto key = ic_test::key_from_bytes<E>(ic_test::unhex_fixed<32>("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"));
  const auto own = *eth::address_of_key<E>(key);
  const eth::authorization a{eth::uint256(1), addr("0x00000000000000000000000000000000deadbeef"), 7};
  const auto pre = eth::authorization_preimage(a);
  CHECK(hex0x(pre) == "0x05d70194" "00000000000000000000000000000000deadbeef" "07");
  auto sa = eth::sign_authorization(key, a);
  REQUIRE(sa.has_value());
  CHECK(sa->y_parity <= 1);
  CHECK(*eth::recover_authority<E>(*sa) == own);
  eth::signed_authorization tampered = *sa;
  tampered.auth.nonce = 8;
  auto other = eth::recover_authority<E>(tampered);
  CHECK((!other.has_value() || *other != own));

  eth::transaction tx;
  tx.type = eth::tx_type::set_code;
  tx.chain_id = 0xFFFFFFFFFFFFFFFFULL;
  tx.nonce = 3;
  tx.max_priority_fee_per_gas = 1;
  tx.max_fee_per_gas = 2;
  tx.gas_limit = 100000;
  tx.to = own;
  tx.authorization_list = {*sa, *sa};
  auto st = eth::sign_transaction<E>(key, tx);
  REQUIRE(st.has_value());
  CHECK(static_cast<unsigned>(st->raw[0]) == 4);
  auto back = eth::parse_signed_transaction<E>(st->raw);
  REQUIRE_MESSAGE(back.has_value(), eth::describe(back.err()));
  CHECK(back->signed_tx.tx == tx);
  CHECK(back->from == own);
  CHECK(*eth::recover_authority<E>(back->signed_tx.tx.authorization_list[1]) == own);

  // EIP-155 with chain id 2^64 - 1: v = 2^65 + 35 + yParity.
  eth::transaction legacy;
  legacy.chain_id = 0xFFFFFFFFFFFFFFFFULL;
  legacy.gas_limit = 21000;
  legacy.gas_price = 1;
  auto sl = eth::sign_transaction<E>(key, legacy);
  REQUIRE(sl.has_value());
  CHECK(sl->v.to_decimal() == (sl->signature.recid.y_odd ? "36893488147419103266" : "36893488147419103265"));
  auto lb = eth::parse_signed_transaction<E>(sl->raw);
  REQUIRE(lb.has_value());
  CHECK(lb->signed_tx.tx == legacy);  // creation (to = none), chain id recovered from v

  // EIP-2098 compact signatures round-trip and carry yParity in the top bit.
  const auto compact = eth::to_compact(st->signature);
  auto rs = eth::from_compact(compact);
  REQUIRE(rs.has_value());
  CHECK(*rs == st->signature);
  CHECK(((static_cast<unsigned>(compact[32]) & 0x80U) != 0) == st->signature.recid.y_odd);
  CHECK(eth::from_compact(std::span(compact).first(63)).code() == errc::invalid_length);
}

TEST_CASE("transactions: JSON front end (ethers / eth_signTransaction shape) and its errors") {
  using E = E0;
  const char* good = R"({"type":2,"chainId":"0x1","nonce":"5","to":"0x8eA7a3fccC211ED48b763b4164884DDbcF3b0A98",
    "value":"1000000000000000000","input":"0xabcd","gas":21000,"maxFeePerGas":"0x14","maxPriorityFeePerGas":1,
    "accessList":[{"address":"0x8eA7a3fccC211ED48b763b4164884DDbcF3b0A98","storageKeys":["0x0000000000000000000000000000000000000000000000000000000000000001"]}]})";
  auto ok = eth::transaction_from_json<E>(good);
  REQUIRE_MESSAGE(ok.has_value(), eth::describe(ok.err()));
  CHECK(ok->tx.type == eth::tx_type::dynamic_fee);
  CHECK(ok->tx.nonce == 5);
  CHECK(ok->tx.gas_limit == 21000);
  CHECK(ok->tx.value.to_decimal() == "1000000000000000000");
  CHECK(ok->tx.data.size() == 2);
  CHECK(ok->tx.access_list.size() == 1);
  // Type inference: no type + maxFeePerGas = 2; authorizationList = 4; gasPrice only = 0.
  CHECK(eth::transaction_from_json<E>(R"({"chainId":1,"nonce":0,"gas":1,"maxFeePerGas":1,"maxPriorityFeePerGas":1})")->tx.type == eth::tx_type::dynamic_fee);
  CHECK(eth::transaction_from_json<E>(R"({"nonce":0,"gas":1,"gasPrice":1})")->tx.type == eth::tx_type::legacy);
  CHECK(!eth::transaction_from_json<E>(R"({"nonce":0,"gas":1,"gasPrice":1})")->tx.chain_id.has_value());

  struct bad {
    const char* doc;
    errc code;
    const char* field;
  };
  const bad cases[] = {
      {R"({"type":2,"chainId":1,"nonce":0,"gas":1,"maxFeePerGas":1,"maxPriorityFeePerGas":1,"gasPrice":1})", errc::unknown_field, "gasPrice"},
      {R"({"type":0,"nonce":0,"gas":1,"gasPrice":1,"maxFeePerGas":1})", errc::unknown_field, "maxFeePerGas"},
      {R"({"nonce":0,"gas":1,"gasPrice":1,"colour":"red"})", errc::unknown_field, "colour"},
      {R"({"nonce":0,"gas":1,"gasPrice":1,"data":"0x","input":"0x"})", errc::unknown_field, "input"},
      {R"({"type":5,"nonce":0})", errc::unsupported_transaction, "type"},
      {R"({"type":2,"nonce":0,"gas":1,"maxFeePerGas":1,"maxPriorityFeePerGas":1})", errc::missing_field, "chainId"},
      {R"({"type":2,"chainId":1,"gas":1,"maxFeePerGas":1,"maxPriorityFeePerGas":1})", errc::missing_field, "nonce"},
      {R"({"type":2,"chainId":1,"nonce":0,"gas":1,"maxPriorityFeePerGas":1})", errc::missing_field, "maxFeePerGas"},
      {R"({"nonce":0,"gas":1,"gasPrice":1,"chainId":0})", errc::integer_out_of_range, "chainId"},
      {R"({"nonce":"0x10000000000000000","gas":1,"gasPrice":1})", errc::integer_out_of_range, "nonce"},
      {R"({"nonce":0,"gas":1,"gasPrice":1,"chainId":"18446744073709551616"})", errc::integer_out_of_range, "chainId"},
      {R"({"nonce":0.5,"gas":1,"gasPrice":1})", errc::invalid_integer, "nonce"},
      {R"({"nonce":0,"gas":1,"gasPrice":1,"value":"-1"})", errc::integer_out_of_range, "value"},
      {R"({"nonce":0,"gas":1,"gasPrice":true})", errc::wrong_field_type, "gasPrice"},
      {R"({"nonce":0,"gas":1,"gasPrice":1,"to":"0x1234"})", errc::invalid_length, "to"},
      {R"({"nonce":0,"gas":1,"gasPrice":1,"to":"0x8eA7a3fccC211ED48b763b4164884DDbcF3b0A99"})", errc::invalid_address_checksum, "to"},
      {R"({"nonce":0,"gas":1,"gasPrice":1,"data":"abcd"})", errc::invalid_hex, "data"},
      {R"({"type":1,"chainId":1,"nonce":0,"gas":1,"gasPrice":1,"accessList":[{"address":"0x8eA7a3fccC211ED48b763b4164884DDbcF3b0A98","storageKeys":["0x01"]}]})", errc::invalid_length, "accessList[0].storageKeys[0]"},
      {R"({"type":1,"chainId":1,"nonce":0,"gas":1,"gasPrice":1,"accessList":[{"address":"0x8eA7a3fccC211ED48b763b4164884DDbcF3b0A98"}]})", errc::missing_field, "accessList[0].storageKeys"},
      {R"({"type":3,"chainId":1,"nonce":0,"gas":1,"maxFeePerGas":1,"maxPriorityFeePerGas":1,"maxFeePerBlobGas":1})", errc::missing_field, "to"},
      {R"({"type":4,"chainId":1,"nonce":0,"gas":1,"maxFeePerGas":1,"maxPriorityFeePerGas":1,"to":"0x8eA7a3fccC211ED48b763b4164884DDbcF3b0A98","authorizationList":[{"chainId":1,"address":"0x8eA7a3fccC211ED48b763b4164884DDbcF3b0A98","nonce":0,"yParity":2,"r":1,"s":1}]})", errc::integer_out_of_range, "authorizationList[0].yParity"},
      {R"({"type":4,"chainId":1,"nonce":0,"gas":1,"maxFeePerGas":1,"maxPriorityFeePerGas":1,"to":"0x8eA7a3fccC211ED48b763b4164884DDbcF3b0A98","authorizationList":[{"chainId":1,"nonce":0,"yParity":0,"r":1,"s":1}]})", errc::missing_field, "authorizationList[0].address"},
      {R"({"nonce":0,"gas":1,"gasPrice":1,"nonce":1})", errc::invalid_json, "nonce"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.doc);
    auto r = eth::transaction_from_json<E>(c.doc);
    CAPTURE(r.has_value() ? std::string("accepted") : eth::describe(r.err()));
    const bool pass = !r.has_value() && r.code() == c.code && r.err().field == c.field;
    CHECK(pass);
    ic_test::tally::instance().record("transaction json bad inputs", pass);
  }
}

TEST_CASE("transactions: strict decoding of signed transactions rejects each malformation") {
  using E = E0;
  const auto key = ic_test::key_from_bytes<E>(ic_test::unhex_fixed<32>("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"));
  eth::transaction tx;
  tx.type = eth::tx_type::dynamic_fee;
  tx.chain_id = 1;
  tx.gas_limit = 21000;
  tx.max_fee_per_gas = 2;
  tx.max_priority_fee_per_gas = 1;
  tx.to = addr("0x8eA7a3fccC211ED48b763b4164884DDbcF3b0A98");
  auto st = eth::sign_transaction<E>(key, tx);
  REQUIRE(st.has_value());
  REQUIRE(eth::parse_signed_transaction<E>(st->raw).has_value());
  // Re-encode with one item changed.
  auto list = eth::rlp::decode(std::span(st->raw).subspan(1));
  REQUIRE(list.has_value());
  auto rebuild = [&](std::size_t at_item, const eth::rlp::bytes& replacement, std::byte type = std::byte{2}) {
    eth::rlp::bytes payload;
    for (std::size_t i = 0; i < list->items.size(); ++i) {
      if (i == at_item) payload.insert(payload.end(), replacement.begin(), replacement.end());
      else eth::rlp::append_item(payload, list->items[i]);
    }
    eth::rlp::bytes out{type};
    eth::rlp::append_list(out, payload);
    return out;
  };
  const auto u = [](std::uint64_t v) {
    eth::rlp::bytes b;
    eth::rlp::append_uint(b, v);
    return b;
  };
  eth::rlp::bytes high_s;
  {
    // s' = n - s (the high-S twin of a valid signature).
    const std::string n = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
    const auto nb = ic_test::unhex_fixed<32>(n);
    u256be s = st->signature.sig.s;
    u256be out{};
    int borrow = 0;
    for (int i = 31; i >= 0; --i) {
      int d = static_cast<int>(nb[static_cast<std::size_t>(i)]) - static_cast<int>(s[static_cast<std::size_t>(i)]) - borrow;
      borrow = d < 0 ? 1 : 0;
      out[static_cast<std::size_t>(i)] = static_cast<std::byte>(d & 0xFF);
    }
    eth::rlp::append_uint(high_s, *eth::uint256::from_be_bytes(out));
  }
  struct bad {
    eth::rlp::bytes raw;
    errc code;
    const char* field;
  };
  const std::vector<bad> cases = {
      {rebuild(1, ic_test::unhex("0x820005")), errc::non_canonical_rlp, "nonce"},
      {rebuild(1, ic_test::unhex("0x89010000000000000000")), errc::integer_out_of_range, "nonce"},
      {rebuild(0, ic_test::unhex("0x89010000000000000000")), errc::integer_out_of_range, "chainId"},
      {rebuild(5, ic_test::unhex("0x821234")), errc::invalid_length, "to"},
      {rebuild(5, ic_test::unhex("0xc0")), errc::wrong_field_type, "to"},
      {rebuild(8, ic_test::unhex("0x80")), errc::wrong_field_type, "accessList"},
      {rebuild(9, u(2)), errc::invalid_signature, "yParity"},
      {rebuild(10, u(0)), errc::invalid_signature, "r"},
      {rebuild(11, high_s), errc::invalid_signature, "s"},
      {rebuild(3, u(3), std::byte{5}), errc::unsupported_transaction, "type"},
      {rebuild(99, {}), errc::invalid_length, ""},  // (no replacement: same fields) as type 1 = wrong count
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    CAPTURE(i);
    auto raw = cases[i].raw;
    if (i + 1 == cases.size()) raw[0] = std::byte{1};
    auto r = eth::parse_signed_transaction<E>(raw);
    CAPTURE(r.has_value() ? std::string("accepted") : eth::describe(r.err()));
    const bool pass = !r.has_value() && r.code() == cases[i].code && r.err().field == cases[i].field;
    CHECK(pass);
    ic_test::tally::instance().record("signed transaction bad inputs", pass);
  }
  // Trailing byte after the list; truncated input.
  auto trailing = st->raw;
  trailing.push_back(std::byte{0});
  CHECK(eth::parse_signed_transaction<E>(trailing).code() == errc::invalid_rlp);
  auto truncated = st->raw;
  truncated.pop_back();
  CHECK(eth::parse_signed_transaction<E>(truncated).code() == errc::invalid_rlp);
}
