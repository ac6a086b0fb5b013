// Native unit test of examples/demo/demo_text.hpp (JSON escaping and reading, UTF-8
// validation, base URLs). Built and run by demo.test.mjs with the host C++ compiler.
#include "demo_text.hpp"

#include <cstdio>
#include <string>
#include <string_view>

static int failures = 0;
#define CHECK(cond)                                                      \
  do {                                                                   \
    if (!(cond)) {                                                       \
      std::printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);        \
      ++failures;                                                        \
    }                                                                    \
  } while (0)

int main() {
  using demo::json_string;
  using namespace std::string_literals;
  // escaping
  CHECK(json_string("") == R"("")");
  CHECK(json_string("Example `personal_sign` message") == R"("Example `personal_sign` message")");
  CHECK(json_string("a \"quoted\" \\back\\slash\n") == R"("a \"quoted\" \\back\\slash\n")");
  CHECK(json_string("\r\t\b\f") == R"("\r\t\b\f")");
  CHECK(json_string("\x01\x1f"s + '\0' + "x") == R"("\u0001\u001f\u0000x")");
  CHECK(json_string("\x7f") == "\"\x7f\"");
  CHECK(json_string("/") == R"("/")");
  CHECK(json_string("Grüße ☃ 日本 😀") == "\"Grüße ☃ 日本 😀\"");
  // round trip through the reader
  for (std::string s : {""s, "a \"q\" \\b\\ \n\r\t\b\f"s, "\x01\x02\x1f"s, "Grüße ☃ 日本 😀"s, "x\0y"s}) {
    const std::string j = json_string(s);
    std::size_t end = 0;
    auto back = demo::read_json_string(j, 0, end);
    CHECK(back && *back == s && end == j.size());
  }
  // reading
  {
    std::size_t end = 0;
    CHECK(demo::read_json_string(R"("\/verifySig\/7")", 0, end) == "/verifySig/7");
    CHECK(demo::read_json_string(R"("\u00fc\ud83d\ude00")", 0, end) == "ü😀");
    CHECK(!demo::read_json_string(R"("\ud83d")", 0, end));
    CHECK(!demo::read_json_string(R"("unterminated)", 0, end));
    CHECK(!demo::read_json_string("\"a\nb\"", 0, end));
    CHECK(!demo::read_json_string(R"("\x")", 0, end));
  }
  auto loc = [](std::string_view j) { return demo::find_json_string_member(j, "verifiedMessageLocation"); };
  CHECK(loc(R"({"d":{"verifiedMessageLocation":"/verifySig/12"}})") == "/verifySig/12");
  CHECK(loc(R"({"d" : { "a":"x", "verifiedMessageLocation" :  "\/verifySig\/3" }})") == "/verifySig/3");
  CHECK(!loc(R"({"d":{"verifiedMessageLocation":null}})"));
  CHECK(!loc(R"({"d":{"message":"verifiedMessageLocation"}})"));
  CHECK(!loc(R"({"message":"\"verifiedMessageLocation\":\"/verifySig/9\""})"));
  CHECK(!loc("<html>verifiedMessageLocation</html>"));
  CHECK(!loc(""));
  // UTF-8
  CHECK(demo::is_valid_utf8(""));
  CHECK(demo::is_valid_utf8("Grüße ☃ 日本 😀"));
  CHECK(demo::is_valid_utf8("\xf4\x8f\xbf\xbf"));     // U+10FFFF
  CHECK(!demo::is_valid_utf8("\xff"));
  CHECK(!demo::is_valid_utf8("\xc0\xaf"));            // overlong '/'
  CHECK(!demo::is_valid_utf8("\xe0\x80\xaf"));        // overlong
  CHECK(!demo::is_valid_utf8("\xed\xa0\x80"));        // surrogate
  CHECK(!demo::is_valid_utf8("\xf4\x90\x80\x80"));    // > U+10FFFF
  CHECK(!demo::is_valid_utf8("\xe2\x98"));            // truncated
  CHECK(!demo::is_valid_utf8("a\x80"));               // stray continuation
  // base URLs
  {
    auto u = demo::parse_base_url("https://etherscan.io");
    CHECK(u && u->https && u->authority == "etherscan.io" && u->host == "etherscan.io" && u->prefix.empty());
    u = demo::parse_base_url("http://127.0.0.1:8080/");
    CHECK(u && !u->https && u->authority == "127.0.0.1:8080" && u->host == "127.0.0.1" && u->prefix.empty());
    CHECK(u && demo::to_string(*u) == "http://127.0.0.1:8080");
    u = demo::parse_base_url("http://[::1]:9/api/");
    CHECK(u && u->host == "[::1]" && u->authority == "[::1]:9" && u->prefix == "/api");
    CHECK(!demo::parse_base_url("ftp://x"));
    CHECK(!demo::parse_base_url("https://"));
    CHECK(!demo::parse_base_url("etherscan.io"));
    CHECK(!demo::parse_base_url("https://x?y"));
  }
  if (failures == 0) std::printf("demo_text: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
