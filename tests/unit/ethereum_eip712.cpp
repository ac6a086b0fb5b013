// EIP-712 (eth_signTypedData_v4): ethers' typed-data.json.gz (130: encodeData and digest),
// trezor-firmware's sign_typed_data.json (domain separator, struct hash, signature), the
// EIP-712 Mail example (every intermediate value), and each strictness error.
// GCC 12 at -O3 reports a false -Warray-bounds inside Boost.Multiprecision (portable engine)
// when these tests are inlined; the same code is clean in the other test files.
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overread"

#include <doctest/doctest.h>

#include <isolated_crypto/isolated_crypto.hpp>

#include "../support/engines.hpp"
#include "../support/gz_json.hpp"
#include "../support/master.hpp"
#include "../support/test_access.hpp"
#include "../support/vectors.hpp"

using namespace isolated_crypto;
namespace eip712 = isolated_crypto::ethereum::eip712;

namespace {

/// ethers' vectors give {domain, types (without EIP712Domain), data}; ethers derives the
/// domain type from the domain's keys in this fixed order. Build the v4 document.
nlohmann::json to_v4(const nlohmann::json& v) {
  static const std::pair<const char*, const char*> domain_fields[] = {
      {"name", "string"}, {"version", "string"}, {"chainId", "uint256"}, {"verifyingContract", "address"}, {"salt", "bytes32"}};
  nlohmann::json types = v["types"];
  types["EIP712Domain"] = nlohmann::json::array();
  for (const auto& [name, type] : domain_fields) {
    if (v["domain"].contains(name)) types["EIP712Domain"].push_back({{"name", name}, {"type", type}});
  }
  return {{"types", types}, {"primaryType", v["primaryType"]}, {"domain", v["domain"]}, {"message", v["data"]}};
}

template <class E>
std::string set_name(const std::string& s) {
  return "eip712 " + s + " [" + std::string(E::curve::name) + "]";
}

std::string hex0x(std::span<const std::byte> b) { return "0x" + ic_test::to_hex(b); }

}  // namespace

TEST_CASE_TEMPLATE("eip712: ethers typed-data.json.gz encodeData and digest", E, IC_ALL_ENGINES) {
  const auto doc = ic_test::load_json_gz("ethers/typed-data.json.gz");
  int passed = 0;
  for (const auto& v : doc) {
    CAPTURE(v["name"].get<std::string>());
    const std::string text = to_v4(v).dump();
    auto parsed = ethereum::json::parse(text);
    REQUIRE(parsed.has_value());
    auto types = eip712::parse_types(*parsed->find("types"));
    REQUIRE_MESSAGE(types.has_value(), ethereum::describe(types.err()));
    auto enc = eip712::encode_data<E>(*types, v["primaryType"].get<std::string>(), *parsed->find("message"), "message");
    REQUIRE_MESSAGE(enc.has_value(), ethereum::describe(enc.err()));
    auto h = eip712::hash_typed_data<E>(text);
    REQUIRE_MESSAGE(h.has_value(), ethereum::describe(h.err()));
    bool ok = hex0x(*enc) == v["encoded"].get<std::string>() && hex0x(h->digest) == v["digest"].get<std::string>();
    if (v.contains("privateKey")) {  // "EIP712 example": also the signature
      const auto key = ic_test::key_from_bytes<E>(ic_test::unhex_fixed<32>(v["privateKey"].get<std::string>()));
      auto s = eip712::sign_typed_data<E>(key, text);
      REQUIRE(s.has_value());
      ok = ok && hex0x(s->rsv) == v["signature"].get<std::string>();
    }
    CHECK(ok);
    ic_test::tally::instance().record(set_name<E>("ethers typed-data.json.gz"), ok);
    passed += ok ? 1 : 0;
  }
  CHECK(doc.size() == 130);
  CHECK(passed == 130);
}

TEST_CASE_TEMPLATE("eip712: trezor sign_typed_data (v4) domain separator, struct hash and signature", E,
                   IC_ALL_ENGINES) {
  const auto doc = ic_test::load_json("ethereum/trezor/sign_typed_data.json");
  const auto master = ic_test::master_of<E>(ic_test::str(doc["setup"]["mnemonic"]), ic_test::str(doc["setup"]["passphrase"]));
  int passed = 0;
  int skipped = 0;
  for (const auto& t : doc["tests"]) {
    const auto& p = t["parameters"];
    CAPTURE(t["name"].get<std::string>());
    if (!p["metamask_v4_compat"].get<bool>()) {  // the pre-v4 array encoding is not eth_signTypedData_v4
      ++skipped;
      continue;
    }
    nlohmann::json data = p["data"];
    if (t["name"] == "structs_arrays_v4") {
      // Its message carries a member that Mail does not define: strict v4 rejects it
      // (a signer that ignores it would sign something the user did not see) ...
      auto bad = eip712::hash_typed_data<E>(data.dump());
      CHECK(bad.code() == errc::unknown_field);
      CHECK(bad.err().field == "message.attachedMoneyInEth");
      // ... and without it the hashes and signature are Trezor's.
      data["message"].erase("attachedMoneyInEth");
    }
    auto n = master.derive_path(ic_test::str(p["path"]));
    REQUIRE(n.has_value());
    const auto key = std::move(*n).into_ecdsa_key();
    auto s = eip712::sign_typed_data<E>(key, data.dump());
    REQUIRE_MESSAGE(s.has_value(), ethereum::describe(s.err()));
    const bool sh_ok = p["message_hash"].is_null() ? !s->hashes.struct_hash.has_value()
                                                    : s->hashes.struct_hash.has_value() &&
                                                          hex0x(*s->hashes.struct_hash) == ic_test::str(p["message_hash"]);
    const bool ok = hex0x(s->hashes.domain_separator) == ic_test::str(p["domain_separator_hash"]) && sh_ok &&
                    hex0x(s->rsv) == ic_test::str(t["result"]["sig"]);
    CHECK(ok);
    ic_test::tally::instance().record(set_name<E>("trezor sign_typed_data"), ok);
    passed += ok ? 1 : 0;
  }
  CHECK(passed == 9);
  CHECK(skipped == 1);
}

TEST_CASE_TEMPLATE("eip712: the EIP-712 Mail example, every intermediate value", E, IC_ALL_ENGINES) {
  const auto doc = ic_test::load_json("ethereum/eip712-mail-example.json");
  const auto& x = doc["expected"];
  const std::string text = doc["typed_data"].dump();
  auto parsed = ethereum::json::parse(text);
  REQUIRE(parsed.has_value());
  auto types = eip712::parse_types(*parsed->find("types"));
  REQUIRE(types.has_value());
  CHECK(eip712::encode_type(*types, "Mail") == ic_test::str(x["encodeType_Mail"]));
  CHECK(hex0x(eip712::type_hash<E>(*types, "Mail")) == ic_test::str(x["typeHash_Mail"]));
  auto enc = eip712::encode_data<E>(*types, "Mail", *parsed->find("message"), "message");
  REQUIRE(enc.has_value());
  CHECK(hex0x(*enc) == ic_test::str(x["encodeData_Mail_message"]));
  const auto key = ic_test::key_from_bytes<E>(ic_test::unhex_fixed<32>(ic_test::str(doc["private_key"])));
  auto s = eip712::sign_typed_data<E>(key, text);
  REQUIRE(s.has_value());
  const bool ok = hex0x(*s->hashes.struct_hash) == ic_test::str(x["hashStruct_Mail_message"]) &&
                  hex0x(s->hashes.domain_separator) == ic_test::str(x["domainSeparator"]) &&
                  hex0x(s->hashes.digest) == ic_test::str(x["signing_digest"]) &&
                  hex0x(s->rsv) == ic_test::str(x["signature_rsv"]);
  CHECK(ok);
  ic_test::tally::instance().record(set_name<E>("mail example"), ok);
  // The preimage classifier sees the same parts.
  auto parts = eip712::parse_preimage(s->hashes.preimage);
  REQUIRE(parts.has_value());
  CHECK(parts->domain_separator == s->hashes.domain_separator);
  CHECK(parts->struct_hash == s->hashes.struct_hash);
}

namespace {

const char* const mail_types = R"("types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"chainId","type":"uint256"}],
  "Person":[{"name":"name","type":"string"},{"name":"wallet","type":"address"}],
  "Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]})";

std::string mail_doc(const std::string& message, const std::string& domain = R"({"name":"Ether Mail","chainId":1})") {
  return std::string("{") + mail_types + R"(,"primaryType":"Mail","domain":)" + domain + R"(,"message":)" + message + "}";
}

const char* const good_message =
    R"({"from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},"to":{"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},"contents":"Hello"})";

std::string one_type(const std::string& fields, const std::string& value) {
  return R"({"types":{"EIP712Domain":[],"T":)" + fields + R"(},"primaryType":"T","domain":{},"message":)" + value + "}";
}

}  // namespace

TEST_CASE("eip712: each strictness rule gives its error, naming the field") {
  using E = ic_test::default_engine;
  struct bad {
    std::string doc;
    errc code;
    std::string field;
  };
  const std::vector<bad> cases = {
      // document shape
      {"[]", errc::wrong_field_type, ""},
      {"{", errc::invalid_json, ""},
      {mail_doc(good_message).replace(0, 1, R"({"extra":1,)"), errc::unknown_field, "extra"},
      {R"({"types":{"EIP712Domain":[]},"primaryType":"EIP712Domain","domain":{}})", errc::missing_field, "message"},
      {R"({"types":{"Mail":[]},"primaryType":"Mail","domain":{},"message":{}})", errc::missing_field, "types.EIP712Domain"},
      {R"({"types":{"EIP712Domain":[]},"primaryType":"Mail","domain":{},"message":{}})", errc::unknown_type, "primaryType"},
      {R"({"types":{"EIP712Domain":[]},"primaryType":"EIP712Domain","domain":{},"message":{"a":1}})", errc::unknown_field, "message"},
      // duplicate types (a JSON duplicate key) and duplicate members
      {R"({"types":{"EIP712Domain":[],"T":[],"T":[]},"primaryType":"T","domain":{},"message":{}})", errc::invalid_json, "types.T"},
      {one_type(R"([{"name":"a","type":"uint8"},{"name":"a","type":"uint8"}])", R"({"a":1})"), errc::invalid_type_definition, "types.T[1].name"},
      // unknown types, bad type names
      {one_type(R"([{"name":"a","type":"Foo"}])", R"({"a":1})"), errc::unknown_type, "types.T[0].type"},
      {one_type(R"([{"name":"a","type":"uint7"}])", R"({"a":1})"), errc::unknown_type, "types.T[0].type"},
      {one_type(R"([{"name":"a","type":"bytes33"}])", R"({"a":"0x00"})"), errc::unknown_type, "types.T[0].type"},
      {one_type(R"([{"name":"a","type":"uint8[0]"}])", R"({"a":[]})"), errc::invalid_type_definition, "types.T[0].type"},
      {one_type(R"([{"name":"a b","type":"uint8"}])", R"({})"), errc::invalid_type_definition, "types.T[0].name"},
      {one_type(R"([{"name":"a","type":"uint8","extra":"x"}])", R"({})"), errc::unknown_field, "types.T[0].extra"},
      {R"({"types":{"EIP712Domain":[],"uint256":[]},"primaryType":"EIP712Domain","domain":{},"message":{}})", errc::invalid_type_definition, "types.uint256"},
      // recursion without a base case (fixed arrays do not end it, dynamic arrays do)
      {one_type(R"([{"name":"a","type":"T"}])", R"({})"), errc::recursive_type, "types.T"},
      {one_type(R"([{"name":"a","type":"T[2]"}])", R"({})"), errc::recursive_type, "types.T"},
      // missing and extra members
      {mail_doc(R"({"from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},"contents":"x"})"), errc::missing_field, "message.to"},
      {mail_doc(R"({"from":{"name":"Cow"},"to":{"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},"contents":"x"})"), errc::missing_field, "message.from.wallet"},
      {mail_doc(good_message, R"({"name":"Ether Mail","chainId":1,"salt":"0x00"})"), errc::unknown_field, "domain.salt"},
      {mail_doc(good_message, R"({"name":"Ether Mail"})"), errc::missing_field, "domain.chainId"},
      // out-of-range integers, fractions, bad digits
      {one_type(R"([{"name":"a","type":"uint8"}])", R"({"a":256})"), errc::integer_out_of_range, "message.a"},
      {one_type(R"([{"name":"a","type":"uint8"}])", R"({"a":-1})"), errc::integer_out_of_range, "message.a"},
      {one_type(R"([{"name":"a","type":"int8"}])", R"({"a":128})"), errc::integer_out_of_range, "message.a"},
      {one_type(R"([{"name":"a","type":"int8"}])", R"({"a":"-129"})"), errc::integer_out_of_range, "message.a"},
      {one_type(R"([{"name":"a","type":"uint256"}])", R"({"a":"0x10000000000000000000000000000000000000000000000000000000000000000"})"), errc::integer_out_of_range, "message.a"},
      {one_type(R"([{"name":"a","type":"uint256"}])", R"({"a":1.5})"), errc::invalid_integer, "message.a"},
      {one_type(R"([{"name":"a","type":"uint256"}])", R"({"a":1e3})"), errc::invalid_integer, "message.a"},
      {one_type(R"([{"name":"a","type":"uint256"}])", R"({"a":"12x"})"), errc::invalid_integer, "message.a"},
      {one_type(R"([{"name":"a","type":"uint256"}])", R"({"a":true})"), errc::wrong_field_type, "message.a"},
      // bytesN lengths, bytes as hex, bool, address, arrays
      {one_type(R"([{"name":"a","type":"bytes32"}])", R"({"a":"0x00"})"), errc::invalid_length, "message.a"},
      {one_type(R"([{"name":"a","type":"bytes4"}])", R"({"a":"0x0102030405"})"), errc::invalid_length, "message.a"},
      {one_type(R"([{"name":"a","type":"bytes"}])", R"({"a":"abcd"})"), errc::invalid_hex, "message.a"},
      {one_type(R"([{"name":"a","type":"bytes"}])", R"({"a":"0xabc"})"), errc::invalid_hex, "message.a"},
      {one_type(R"([{"name":"a","type":"bool"}])", R"({"a":1})"), errc::wrong_field_type, "message.a"},
      {one_type(R"([{"name":"a","type":"address"}])", R"({"a":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD827"})"), errc::invalid_address_checksum, "message.a"},
      {one_type(R"([{"name":"a","type":"address"}])", R"({"a":"0x1234"})"), errc::invalid_length, "message.a"},
      {one_type(R"([{"name":"a","type":"string"}])", R"({"a":5})"), errc::wrong_field_type, "message.a"},
      {one_type(R"([{"name":"a","type":"uint8[2]"}])", R"({"a":[1]})"), errc::invalid_length, "message.a"},
      {one_type(R"([{"name":"a","type":"uint8[]"}])", R"({"a":[1,300]})"), errc::integer_out_of_range, "message.a[1]"},
      {one_type(R"([{"name":"a","type":"uint8[]"}])", R"({"a":1})"), errc::wrong_field_type, "message.a"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.doc);
    auto r = eip712::hash_typed_data<E>(c.doc);
    CAPTURE(r.has_value() ? std::string("accepted") : ethereum::describe(r.err()));
    const bool ok = !r.has_value() && r.code() == c.code && r.err().field == c.field;
    CHECK(ok);
    ic_test::tally::instance().record("eip712 bad inputs", ok);
  }
  // The good documents these were made from are accepted.
  CHECK(eip712::hash_typed_data<E>(mail_doc(good_message)).has_value());
  CHECK(eip712::hash_typed_data<E>(one_type(R"([{"name":"a","type":"T[]"}])", R"({"a":[{"a":[]}]})")).has_value());
  CHECK(eip712::hash_typed_data<E>(one_type(R"([{"name":"a","type":"int8"}])", R"({"a":"-128"})")).has_value());
  CHECK(eip712::hash_typed_data<E>(one_type(R"([{"name":"a","type":"uint8"}])", R"({"a":"0xff"})")).has_value());
  // Error text names the field and carries no value.
  auto r = eip712::hash_typed_data<E>(one_type(R"([{"name":"a","type":"uint8"}])", R"({"a":256})"));
  CHECK(ethereum::describe(r.err()) == "message.a: integer out of range (want at most 2^8-1)");
}

TEST_CASE("eip712: 200,000 struct types in a chain or a cycle: an error, not a stack overflow") {
  // The recursion check walks member types; a recursive walk would need one stack frame per
  // type (a crash at this length natively, far sooner in a component's 64 KiB-1 MiB stack).
  using E = ic_test::default_engine;
  constexpr int n = 200000;
  auto chain = [&](bool closed) {
    std::string types = R"({"EIP712Domain":[])";
    for (int i = 0; i < n; ++i) {  // appends only: GCC 12 -Wrestrict misfires on "S" + to_string()
      types += ",\"S";
      types += std::to_string(i);
      types += R"(":[{"name":"n","type":")";
      if (i + 1 < n) {
        types += 'S';
        types += std::to_string(i + 1);
      } else {
        types += closed ? "S0" : "uint8";
      }
      types += R"("}])";
    }
    return R"({"types":)" + types + R"(},"primaryType":"S0","domain":{},"message":{}})";
  };
  auto open = eip712::hash_typed_data<E>(chain(false));
  REQUIRE_FALSE(open.has_value());
  CHECK(ethereum::describe(open.err()) == "message.n: missing field (member of S0)");
  auto closed = eip712::hash_typed_data<E>(chain(true));
  REQUIRE_FALSE(closed.has_value());
  CHECK(closed.code() == errc::recursive_type);
}
