// The SDK's strict JSON reader (ethereum/json.hpp): exact numbers, duplicate keys anywhere
// in a large object, UTF-8 and escape rules, depth and trailing-content limits.
#include <string>

#include <doctest/doctest.h>

#include <isolated_crypto/ethereum/json.hpp>

namespace json = isolated_crypto::ethereum::json;
using isolated_crypto::errc;

TEST_CASE("json: numbers keep their text, strings are decoded, members keep their order") {
  auto v = json::parse(R"( {"b": 115792089237316195423570985008687907853269984665640564039457584007913129639935,
                            "a": "\u00e9\ud83d\ude80\n", "c": [true, false, null, -0.5e+3]} )");
  REQUIRE(v.has_value());
  CHECK(v->members[0].key == "b");
  CHECK(v->find("b")->text == "115792089237316195423570985008687907853269984665640564039457584007913129639935");
  CHECK(v->find("a")->text == "\xc3\xa9\xf0\x9f\x9a\x80\n");
  CHECK(v->find("c")->items.size() == 4);
  CHECK(v->find("c")->items[3].text == "-0.5e+3");
}

TEST_CASE("json: a duplicate key is found however far apart the two are") {
  std::string doc = "{";
  for (int i = 0; i < 5000; ++i) doc += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  CHECK(json::parse(doc + "\"last\":0}").has_value());
  auto dup = json::parse(doc + "\"k3\":0}");
  CHECK(dup.code() == errc::invalid_json);
  CHECK(dup.err().field == "k3");
}

TEST_CASE("json: rejects what RFC 8259 rejects, and lone surrogates, invalid UTF-8, deep nesting") {
  const char* const bad[] = {"", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "+1", ".5", "1e", "tru", "\"\\x\"",
                             "\"\\ud800\"", "\"\\udc00\"", "\"\xc3\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"a\nb\"",
                             "{} x", "[1] [2]", "{1:2}", "'a'"};
  for (const char* b : bad) {
    CAPTURE(b);
    CHECK(json::parse(b).code() == errc::invalid_json);
  }
  CHECK(json::parse(std::string(json::max_depth, '[') + std::string(json::max_depth, ']')).has_value());
  CHECK(json::parse(std::string(json::max_depth + 1, '[') + std::string(json::max_depth + 1, ']')).code() ==
        errc::invalid_json);
  CHECK(json::quote("a\"b\\c\n") == "\"a\\\"b\\\\c\\u000a\"");
}
