// RLP: ethers' rlp.json.gz (61 cases: encode, strict decode, re-encode) and the strict
// decoder's rejections (non-canonical forms, truncation, trailing bytes, depth).
#include <doctest/doctest.h>

#include <isolated_crypto/ethereum.hpp>

#include "../support/gz_json.hpp"
#include "../support/vectors.hpp"

using namespace isolated_crypto;
namespace rlp = isolated_crypto::ethereum::rlp;

namespace {

/// Encodes the ethers "decoded" form: a hex string or a (nested) array of them.
void encode_json(rlp::bytes& out, const nlohmann::json& j) {
  if (j.is_string()) {
    const auto b = ic_test::unhex(j.get<std::string>());
    rlp::append_bytes(out, b);
    return;
  }
  rlp::bytes payload;
  for (const auto& x : j) encode_json(payload, x);
  rlp::append_list(out, payload);
}

bool same(const rlp::item& it, const nlohmann::json& j) {
  if (j.is_string()) return !it.is_list && "0x" + ic_test::to_hex(it.payload) == j.get<std::string>();
  if (!it.is_list || it.items.size() != j.size()) return false;
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!same(it.items[i], j[i])) return false;
  }
  return true;
}

rlp::bytes hexb(const std::string& s) { return ic_test::unhex(s); }

}  // namespace

TEST_CASE("rlp: ethers rlp.json.gz encodes, decodes strictly and re-encodes") {
  const auto doc = ic_test::load_json_gz("ethers/rlp.json.gz");
  int passed = 0;
  for (const auto& v : doc) {
    CAPTURE(v["name"].get<std::string>());
    const auto want = ic_test::unhex(v["encoded"].get<std::string>());
    rlp::bytes enc;
    encode_json(enc, v["decoded"]);
    auto dec = rlp::decode(want);
    REQUIRE_MESSAGE(dec.has_value(), ethereum::describe(dec.err()));
    rlp::bytes again;
    rlp::append_item(again, *dec);
    const bool ok = enc == want && same(*dec, v["decoded"]) && again == want;
    CHECK(ok);
    ic_test::tally::instance().record("ethers rlp.json.gz", ok);
    passed += ok ? 1 : 0;
  }
  CHECK(doc.size() == 61);
  CHECK(passed == 61);
}

TEST_CASE("rlp: the strict decoder rejects non-canonical and malformed input, each with its error") {
  struct bad {
    const char* hex;
    errc code;
    const char* why;
  };
  const bad cases[] = {
      {"0x8100", errc::non_canonical_rlp, "single byte < 0x80 wrapped as 0x81"},
      {"0x817f", errc::non_canonical_rlp, "0x7f wrapped"},
      {"0xb80100", errc::non_canonical_rlp, "long form for a 1-byte string"},
      {"0xb83700000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", errc::non_canonical_rlp, "long form for 55 bytes"},
      {"0xb9003800", errc::non_canonical_rlp, "length with a leading zero byte"},
      {"0xf800", errc::non_canonical_rlp, "long-form empty list"},
      {"0x83616263ff", errc::invalid_rlp, "trailing byte"},
      {"0x836162", errc::invalid_rlp, "string past the end"},
      {"0xc3616263c0", errc::invalid_rlp, "list then trailing"},
      {"0xc182", errc::invalid_rlp, "item past the list end"},
      {"0xb9", errc::invalid_rlp, "length bytes missing"},
      {"0xbf" "ffffffffffffffff", errc::invalid_rlp, "8-byte length past the end"},
      {"0x", errc::invalid_rlp, "empty input"},
      {"0xc48261", errc::invalid_rlp, "inner string past the list end"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.why);
    auto r = rlp::decode(hexb(c.hex));
    const bool ok = !r.has_value() && r.code() == c.code;
    CHECK(ok);
    ic_test::tally::instance().record("rlp bad inputs", ok);
  }
  // Nesting: max_depth lists deep is fine, one more is not.
  rlp::bytes nested = hexb("0xc0");
  for (std::size_t d = 0; d < rlp::max_depth; ++d) nested = rlp::list(nested);
  CHECK(rlp::decode(nested).code() == errc::invalid_rlp);
  rlp::bytes ok_nested = hexb("0xc0");
  for (std::size_t d = 1; d < rlp::max_depth; ++d) ok_nested = rlp::list(ok_nested);
  CHECK(rlp::decode(ok_nested).has_value());
  // Integer fields: leading zero and oversize.
  const auto one_bytes = hexb("0x820001");  // items point into the decoded buffer: keep it alive
  auto one = rlp::decode(one_bytes);
  REQUIRE(one.has_value());
  CHECK(rlp::decode_uint(*one, "nonce").code() == errc::non_canonical_rlp);
  CHECK(rlp::decode_uint(*one, "nonce").err().field == "nonce");
  const auto nine_bytes = hexb("0x89010203040506070809");
  auto nine = rlp::decode(nine_bytes);
  REQUIRE(nine.has_value());
  CHECK(rlp::decode_uint(*nine, "gasLimit", 8).code() == errc::integer_out_of_range);
  CHECK(rlp::decode_uint(*nine, "value").has_value());
}
