// Wycheproof ECDSA secp256k1/SHA-256 verification through every engine's verify:
//  * ecdsa_secp256k1_sha256_bitcoin_test.json: DER signatures (der::parse_signature, strict)
//    under Bitcoin's low-S rule (s_policy::low_s_only);
//  * ecdsa_secp256k1_sha256_p1363_test.json: r || s (secp256k1::parse_compact), any S.
// Policy: "valid" must verify; "invalid" must not (a parse failure counts as not verifying);
// "acceptable" (none in the pinned files) must be rejected too: our parsers are strict
// (no BER leniency) and we take no legacy exceptions.
#include <string>

#include <doctest/doctest.h>

#include <isolated_crypto/der.hpp>
#include <isolated_crypto/isolated_crypto.hpp>

#include "../support/engines.hpp"
#include "../support/vectors.hpp"

using namespace isolated_crypto;

namespace {

enum class encoding { der, p1363 };

template <class E>
void run_file(const std::string& file, const std::string& set, encoding enc) {
  const auto doc = ic_test::load_json("wycheproof/" + file);
  const std::string tally_set = set + " [" + std::string(E::curve::name) + "]";
  int tests = 0;
  for (const auto& group : doc["testGroups"]) {
    REQUIRE(ic_test::str(group["sha"]) == "SHA-256");
    const auto pub_bytes = ic_test::unhex(ic_test::str(group["publicKey"]["uncompressed"]));
    auto pub = secp256k1::parse_public_key<E>(pub_bytes);
    for (const auto& t : group["tests"]) {
      ++tests;
      const int id = t["tcId"].get<int>();
      const std::string expected = ic_test::str(t["result"]);
      CAPTURE(set);
      CAPTURE(id);
      CAPTURE(ic_test::str(t["comment"]));
      const auto msg = ic_test::unhex(ic_test::str(t["msg"]));
      const auto sig_bytes = ic_test::unhex(ic_test::str(t["sig"]));
      const u256be digest = E::hash(digest_algorithm::sha256, msg);

      bool verified = false;
      if (pub) {
        if (enc == encoding::der) {
          auto sig = der::parse_signature(sig_bytes);
          if (sig) {
            verified = secp256k1::verify<E>(*pub, digest, *sig, secp256k1::s_policy::low_s_only);
            // Whatever parses strictly re-encodes to the same bytes.
            CHECK(ic_test::to_hex(der::encode_signature(*sig).view()) == ic_test::to_hex(sig_bytes));
          }
        } else {
          auto sig = secp256k1::parse_compact(sig_bytes);
          if (sig) verified = secp256k1::verify<E>(*pub, digest, *sig, secp256k1::s_policy::any_s);
        }
      }
      const bool ok = expected == "valid" ? verified : !verified;
      IC_CHECK_COUNTED(tally_set, ok);
    }
  }
  CHECK(tests == doc["numberOfTests"].get<int>());
}

}  // namespace

TEST_CASE_TEMPLATE("wycheproof: ECDSA secp256k1 SHA-256 bitcoin (DER, low-S) vectors", E, IC_ALL_ENGINES) {
  run_file<E>("ecdsa_secp256k1_sha256_bitcoin_test.json", "wycheproof bitcoin", encoding::der);
}

TEST_CASE_TEMPLATE("wycheproof: ECDSA secp256k1 SHA-256 P1363 (r || s, any S) vectors", E, IC_ALL_ENGINES) {
  run_file<E>("ecdsa_secp256k1_sha256_p1363_test.json", "wycheproof p1363", encoding::p1363);
}

TEST_CASE("der: encode_signature is minimal and parse_signature round-trips it") {
  signature s;
  s.r[31] = std::byte{0x01};
  s.s[0] = std::byte{0x7F};
  s.s[31] = std::byte{0x05};
  const auto enc = der::encode_signature(s);
  CHECK(ic_test::to_hex(enc.view()) ==
        "30250201010220" "7f00000000000000000000000000000000000000000000000000000000000005");
  auto back = der::parse_signature(enc.view());
  REQUIRE(back.has_value());
  CHECK(*back == s);
  s.r[0] = std::byte{0x80};  // high bit: needs the 0x00 sign byte
  const auto padded = der::encode_signature(s);
  CHECK(padded.size == 71);  // 2 + (2 + 33) + (2 + 32)
  CHECK(padded.bytes[4] == std::byte{0x00});
  // Rejections: trailing byte, non-minimal padding, negative, zero, long-form length.
  for (const char* bad : {"3006020101020101" "00", "300702020001020101", "3006020181020101", "3006020100020101",
                          "308106020101020101"}) {
    CAPTURE(bad);
    CHECK_FALSE(der::parse_signature(ic_test::unhex(bad)).has_value());
  }
}
