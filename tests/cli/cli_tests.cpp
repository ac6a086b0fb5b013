// End-to-end tests of the isolated-crypto CLI (examples/cli): runs the executable with
// an explicit environment and checks outputs, exit codes and the registry round trip.
// Every run also checks that no mnemonic appears in stdout or stderr.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <httplib.h>
#include <netdb.h>
#include <sys/socket.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "process.hpp"
#include "registry_client.hpp"
#include "registry_server.hpp"

#ifndef IC_CLI_EXE
#error "IC_CLI_EXE must name the isolated-crypto executable"
#endif
#ifndef IC_VECTORS_DIR
#error "IC_VECTORS_DIR must point at tests/vectors"
#endif

namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

std::string repeat_words(const std::string& w, int n, const std::string& last) {
  std::string s;
  for (int i = 0; i < n; ++i) s += w + " ";
  return s + last;
}

const std::string zoo_mnemonic = repeat_words("zoo", 23, "vote");           // entropy ff…ff
const std::string abandon_mnemonic = repeat_words("abandon", 11, "about");  // entropy 00…00
const std::string zoo_address = "0x1959f5f4979c5Cd87D5CB75c678c770515cb5E0E";
const std::string vector_message = "Example `personal_sign` message";

std::vector<std::string> env_with(std::vector<std::string> extra) {
  std::vector<std::string> env{"PATH=/usr/bin:/bin", "LANG=C.UTF-8"};
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}
std::vector<std::string> zoo_env(std::vector<std::string> extra = {}) {
  extra.push_back("MNEMONIC=" + zoo_mnemonic);
  return env_with(std::move(extra));
}

/// Fails the test if any part of a mnemonic shows in the output.
void check_no_secret(const cli_test::run_result& r) {
  const std::string all = r.all();
  CHECK_MESSAGE(all.find("zoo zoo") == std::string::npos, "mnemonic leaked into the output");
  CHECK_MESSAGE(all.find("abandon abandon") == std::string::npos, "mnemonic leaked into the output");
}

cli_test::run_result run(const std::vector<std::string>& args, const std::vector<std::string>& env,
                         const std::string& stdin_data = {}, std::chrono::seconds timeout = 60s) {
  cli_test::child c(IC_CLI_EXE, args, env);
  REQUIRE(c.started());
  c.send_stdin_and_close(stdin_data);
  auto r = c.finish(cli_test::clock::now() + timeout);
  INFO("stdout: " << r.out);
  INFO("stderr: " << r.err);
  CHECK_FALSE(r.timed_out);
  check_no_secret(r);
  return r;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

json load_vector() {
  std::ifstream in(std::string(IC_VECTORS_DIR) + "/isolated-crypto/counter-signatures.json");
  REQUIRE(in.good());
  return json::parse(in)["eip191_personal_sign"];
}

/// GET of a full http://127.0.0.1:PORT/path?query URL.
httplib::Result http_get(const std::string& url) {
  static const std::regex re(R"(^(http://[^/]+)(/.*)$)");
  std::smatch m;
  REQUIRE(std::regex_match(url, m, re));
  httplib::Client client(m[1].str());
  client.set_connection_timeout(5s);
  client.set_read_timeout(10s);
  return client.Get(m[2].str());
}

/// `submit --local --keep-serving MESSAGE`: read the URL, fetch the entry while the
/// embedded registry still runs, then stop the process with SIGTERM.
struct served_submission {
  std::string url;
  json entry;
  cli_test::run_result result;
};

served_submission submit_local_and_fetch(const std::string& message) {
  served_submission s;
  cli_test::child c(IC_CLI_EXE, {"submit", "--local", "--keep-serving", "--", message}, zoo_env());
  REQUIRE(c.started());
  c.send_stdin_and_close({});
  const auto deadline = cli_test::clock::now() + 60s;
  auto line = c.read_stdout_line(deadline);
  if (line) {
    s.url = *line;
    auto res = http_get(s.url + "?format=json");
    REQUIRE(res);
    CHECK(res->status == 200);
    s.entry = json::parse(res->body, nullptr, false);
    auto html = http_get(s.url);
    REQUIRE(html);
    CHECK(html->status == 200);
    CHECK(html->body.find("Verified: yes") != std::string::npos);
    CHECK(html->body.find("<script type=\"application/json\" id=\"entry\">") != std::string::npos);
  }
  c.signal(SIGTERM);
  s.result = c.finish(deadline);
  INFO("stderr: " << s.result.err);
  REQUIRE(line.has_value());
  CHECK(s.result.exit_code == 0);
  check_no_secret(s.result);
  return s;
}

/// A throwaway HTTP server on 127.0.0.1 answering POSTs with a fixed status and body.
class fake_registry {
 public:
  fake_registry(int status, std::string body) {
    server_.Post(".*", [status, body](const httplib::Request&, httplib::Response& res) {
      res.status = status;
      res.set_content(body, "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(1ms);
  }
  ~fake_registry() {
    server_.stop();
    thread_.join();
  }
  fake_registry(const fake_registry&) = delete;
  fake_registry& operator=(const fake_registry&) = delete;
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

bool resolves(const char* host) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  const int rc = getaddrinfo(host, nullptr, &hints, &res);
  if (res != nullptr) freeaddrinfo(res);
  return rc == 0;
}

}  // namespace

TEST_CASE("cli: request JSON escapes any message and keeps the demo's field order") {
  const std::string body =
      ic_cli::request_body({"0xAb", "0x01", std::string("a \"quoted\" \\back\\slash\n\x01 Grüße ☃")});
  CHECK(body ==
        "{\"address\":\"0xAb\",\"messageSignature\":\"0x01\","
        "\"messageRaw\":\"a \\\"quoted\\\" \\\\back\\\\slash\\n\\u0001 Grüße ☃\",\"saveOption\":\"1\"}");
  CHECK(ic_cli::parse_request(body).value->message == std::string("a \"quoted\" \\back\\slash\n\x01 Grüße ☃"));
  CHECK_FALSE(ic_cli::is_valid_utf8("\xff"));
  CHECK(ic_cli::html_escape("<a href='x'>&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
}

TEST_CASE("cli: base URLs") {
  std::string why;
  auto e = ic_cli::parse_base_url("https://etherscan.io", why);
  REQUIRE(e);
  CHECK(e->origin() == "https://etherscan.io:443");
  CHECK(e->text() == "https://etherscan.io");
  CHECK(e->where() == "etherscan.io");
  auto l = ic_cli::parse_base_url("http://127.0.0.1:8080/api/", why);
  REQUIRE(l);
  CHECK(l->port == 8080);
  CHECK(l->prefix == "/api");
  CHECK(l->text() == "http://127.0.0.1:8080/api");
  CHECK_FALSE(ic_cli::parse_base_url("etherscan.io", why));
  CHECK_FALSE(ic_cli::parse_base_url("ftp://etherscan.io", why));
  CHECK_FALSE(ic_cli::parse_base_url("http://host:99999", why));
  CHECK_FALSE(ic_cli::parse_base_url("http://host/?q=1", why));
}

TEST_CASE("cli: address of zoo…vote at the default path") {
  const auto r = run({"address"}, zoo_env());
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("address: " + zoo_address + "\n") != std::string::npos);
  CHECK(r.out.find("\nxpub: xpub") != std::string::npos);
  CHECK(r.out.find("path: m/44'/60'/0'/0/0\n") != std::string::npos);
}

TEST_CASE("cli: mnemonic from the first line of stdin") {
  const auto r = run({"address"}, env_with({}), zoo_mnemonic + "\nsecond line is ignored\n");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("address: " + zoo_address + "\n") != std::string::npos);
  const auto crlf = run({"address"}, env_with({}), zoo_mnemonic + "\r\n");
  CHECK(crlf.out.find("address: " + zoo_address + "\n") != std::string::npos);
}

TEST_CASE("cli: --path and PASSPHRASE change the key") {
  const auto other_path = run({"address", "--path", "m/44'/60'/0'/0/1"}, zoo_env());
  CHECK(other_path.exit_code == 0);
  CHECK(other_path.out.find(zoo_address) == std::string::npos);
  CHECK(other_path.out.find("path: m/44'/60'/0'/0/1\n") != std::string::npos);
  const auto with_pass = run({"address"}, zoo_env({"PASSPHRASE=TREZOR"}));
  CHECK(with_pass.exit_code == 0);
  CHECK(with_pass.out.find(zoo_address) == std::string::npos);
  const auto bad_path = run({"address", "--path=m/44'/x"}, zoo_env());
  CHECK(bad_path.exit_code == 1);
  CHECK(bad_path.err.find("invalid derivation path") != std::string::npos);
}

TEST_CASE("cli: bad mnemonics are described without their words") {
  const auto no_mnemonic = run({"address"}, env_with({}));
  CHECK(no_mnemonic.exit_code == 1);
  CHECK(no_mnemonic.err.find("set MNEMONIC") != std::string::npos);
  const auto checksum = run({"address"}, env_with({"MNEMONIC=" + repeat_words("zoo", 23, "zoo")}));
  CHECK(checksum.exit_code == 1);
  CHECK(checksum.err.find("invalid mnemonic checksum") != std::string::npos);
  const auto unknown = run({"address"}, env_with({"MNEMONIC=" + repeat_words("zoo", 23, "zooo")}));
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err.find("unknown mnemonic word (word 24)") != std::string::npos);
  CHECK(unknown.all().find("zooo") == std::string::npos);
}

TEST_CASE("cli: sign-message equals the eip191_personal_sign vector") {
  const json v = load_vector();
  REQUIRE(v["message_utf8"].get<std::string>() == vector_message);
  const auto r = run({"sign-message", vector_message}, zoo_env());
  CHECK(r.exit_code == 0);
  CHECK(r.out == "0x" + v["signature"].get<std::string>() + "\n");
  CHECK(v["signer_address"].get<std::string>() == zoo_address);
}

TEST_CASE("cli: recover and verify round-trip") {
  const std::string sig = trim(run({"sign-message", vector_message}, zoo_env()).out);
  REQUIRE(sig.size() == 132);
  const auto rec = run({"recover", vector_message, sig}, env_with({}));
  CHECK(rec.exit_code == 0);
  CHECK(rec.out == zoo_address + "\n");

  const auto ok = run({"verify", vector_message, sig, zoo_address}, env_with({}));
  CHECK(ok.exit_code == 0);
  CHECK(ok.out == "valid\n");
  std::string lower = zoo_address;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK(run({"verify", vector_message, sig, lower}, env_with({})).exit_code == 0);

  const auto tampered = run({"verify", vector_message + "!", sig, zoo_address}, env_with({}));
  CHECK(tampered.exit_code == 1);
  CHECK(tampered.out == "invalid\n");
  const auto other = run({"verify", vector_message, sig, "0x0000000000000000000000000000000000000001"}, env_with({}));
  CHECK(other.exit_code == 1);
  CHECK(other.out == "invalid\n");
  const auto garbage = run({"verify", vector_message, "0x1234", zoo_address}, env_with({}));
  CHECK(garbage.exit_code == 1);
  CHECK(garbage.out == "invalid\n");
  const auto bad_checksum =
      run({"verify", vector_message, sig, "0x1959F5f4979c5Cd87D5CB75c678c770515cb5E0E"}, env_with({}));
  CHECK(bad_checksum.exit_code == 2);
  CHECK(bad_checksum.err.find("EIP-55") != std::string::npos);
}

TEST_CASE("cli: submit --local stores and serves every kind of message") {
  std::string big;
  for (std::size_t i = 0; big.size() < 100 * 1024; ++i) big += "line " + std::to_string(i) + ": \"q\" \\ é\t\n";
  const std::vector<std::pair<std::string, std::string>> messages = {
      {"default", vector_message},
      {"empty", ""},
      {"quotes, backslashes, newline", "a \"quoted\" \\back\\slash\n"},
      {"control characters", std::string("bell\x07 tab\t cr\r nul-free \x1f end")},
      {"non-ASCII", "Grüße ☃ 日本"},
      {"html", "<b>&amp;</b> </script>"},
      {"100 KB", big},
  };
  for (const auto& [name, message] : messages) {
    CAPTURE(name);
    const auto s = submit_local_and_fetch(message);
    CHECK(std::regex_match(s.url, std::regex(R"(http://127\.0\.0\.1:\d+/verifySig/1)")));
    REQUIRE(s.entry.is_object());
    CHECK(s.entry["address"] == zoo_address);
    CHECK(s.entry["message"] == message);
    CHECK(s.entry["verified"] == true);
    const std::string sig = s.entry["signature"].get<std::string>();
    if (message.size() < 4096) {  // sign-message with the same message gives the same signature
      CHECK(sig == trim(run({"sign-message", "--", message}, zoo_env()).out));
    }
    CHECK(run({"verify", "--", message, sig, zoo_address}, env_with({})).exit_code == 0);
  }
}

TEST_CASE("cli: submit --local without --keep-serving exits after printing the URL") {
  const auto r = run({"submit", "--local", vector_message}, zoo_env());
  CHECK(r.exit_code == 0);
  CHECK(std::regex_match(r.out, std::regex("http://127\\.0\\.0\\.1:\\d+/verifySig/1\n")));
}

TEST_CASE("cli: the registry rejects another key's signature and a tampered message") {
  ic_cli::local_registry reg;
  std::string why;
  REQUIRE(reg.start("127.0.0.1", 0, why));
  auto base = ic_cli::parse_base_url(reg.base_url(), why);
  REQUIRE(base);

  const std::string other_sig =
      trim(run({"sign-message", vector_message}, env_with({"MNEMONIC=" + abandon_mnemonic})).out);
  REQUIRE(other_sig.size() == 132);
  const auto by_other = ic_cli::submit_signature(*base, {zoo_address, other_sig, vector_message});
  CHECK_FALSE(by_other.url);
  CHECK(by_other.error.find("the registry rejected the signature") != std::string::npos);

  const std::string sig = trim(run({"sign-message", vector_message}, zoo_env()).out);
  const auto tampered = ic_cli::submit_signature(*base, {zoo_address, sig, vector_message + " (edited)"});
  CHECK_FALSE(tampered.url);
  CHECK(tampered.error.find("rejected") != std::string::npos);

  std::string bad_case = zoo_address;
  bad_case[3] = 'F';  // 0x1959f5… → 0x19F9…: mixed case with a wrong EIP-55 checksum
  const auto bad_checksum = ic_cli::submit_signature(*base, {bad_case, sig, vector_message});
  CHECK_FALSE(bad_checksum.url);

  CHECK(reg.state().size() == 0);
  auto missing = http_get(reg.base_url() + "/verifySig/1?format=json");
  REQUIRE(missing);
  CHECK(missing->status == 404);

  // The raw failure answer has Etherscan's shape: 200, no location.
  httplib::Client client(reg.base_url());
  const json body = {
      {"address", zoo_address}, {"messageSignature", other_sig}, {"messageRaw", vector_message}, {"saveOption", "1"}};
  auto raw = client.Post("/verifiedSignatures.aspx/VerifyMessageSignature", body.dump(), "application/json");
  REQUIRE(raw);
  CHECK(raw->status == 200);
  const json answer = json::parse(raw->body);
  CHECK(answer["d"]["verifiedMessageLocation"].is_null());
  CHECK(answer["d"]["success"] == false);

  auto malformed = client.Post("/verifiedSignatures.aspx/VerifyMessageSignature", "{not json", "application/json");
  REQUIRE(malformed);
  CHECK(malformed->status == 400);
  auto missing_field =
      client.Post("/verifiedSignatures.aspx/VerifyMessageSignature", R"({"address":"0x00"})", "application/json");
  REQUIRE(missing_field);
  CHECK(missing_field->status == 400);

  // The genuine signature is accepted; the same one again is reported as a duplicate.
  const auto good = ic_cli::submit_signature(*base, {zoo_address, sig, vector_message});
  REQUIRE(good.url);
  CHECK(*good.url == reg.base_url() + "/verifySig/1");
  const auto again = ic_cli::submit_signature(*base, {zoo_address, sig, vector_message});
  REQUIRE(again.url);
  CHECK(*again.url == *good.url);
  CHECK(reg.state().size() == 1);
}

TEST_CASE("cli: registry command serves submit --registry and appends to --store") {
  const auto store = std::filesystem::temp_directory_path() / ("ic-cli-store-" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(store);
  cli_test::child reg(IC_CLI_EXE, {"registry", "--port", "0", "--store", store.string()}, env_with({}));
  REQUIRE(reg.started());
  const auto deadline = cli_test::clock::now() + 60s;
  const auto first = reg.read_stdout_line(deadline);
  REQUIRE(first);
  std::smatch m;
  REQUIRE(std::regex_match(*first, m, std::regex(R"(registry: listening on (http://127\.0\.0\.1:(\d+)))")));
  const std::string base = m[1].str();

  const std::string message = "<b>Tom & \"Jerry\"</b>";
  const auto r = run({"submit", "--registry", base, message}, zoo_env());
  CHECK(r.exit_code == 0);
  CHECK(r.out == base + "/verifySig/1\n");
  auto page = http_get(base + "/verifySig/1");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;") != std::string::npos);
  CHECK(page->body.find("<b>Tom") == std::string::npos);
  CHECK(page->body.find(zoo_address) != std::string::npos);
  CHECK(page->body.find("Verified: yes") != std::string::npos);
  auto unknown = http_get(base + "/verifySig/2");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);

  // ETHERSCAN_BASE_URL replaces the default base.
  const auto via_env = run({"submit", vector_message}, zoo_env({"ETHERSCAN_BASE_URL=" + base}));
  CHECK(via_env.exit_code == 0);
  CHECK(via_env.out == base + "/verifySig/2\n");

  reg.signal(SIGTERM);
  const auto done = reg.finish(deadline);
  CHECK(done.exit_code == 0);
  check_no_secret(done);

  std::ifstream in(store);
  std::vector<json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["message"] == message);
  CHECK(lines[0]["address"] == zoo_address);
  CHECK(lines[1]["message"] == vector_message);

  // A restarted registry continues from the store.
  ic_cli::local_registry again(store.string());
  std::string why;
  REQUIRE(again.start("127.0.0.1", 0, why));
  CHECK(again.state().size() == 2);
  std::filesystem::remove(store);
}

TEST_CASE("cli: submit reports unreachable and unhappy registries") {
  const auto closed = run({"submit", "--registry", "http://127.0.0.1:1", vector_message}, zoo_env());
  CHECK(closed.exit_code == 1);
  CHECK(closed.err.find("127.0.0.1") != std::string::npos);
  CHECK(closed.out.empty());

  {
    fake_registry down(503, "Service Unavailable: try later");
    const auto r = run({"submit", "--registry", down.url(), vector_message}, zoo_env());
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("HTTP 503") != std::string::npos);
    CHECK(r.err.find("Service Unavailable: try later") != std::string::npos);
  }
  {
    fake_registry odd(200,
                      R"({"d":{"verifiedMessageLocation":null,"message":"Message Signature Verification Failed"}})");
    const auto r = run({"submit", "--registry", odd.url(), vector_message}, zoo_env());
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("rejected the signature") != std::string::npos);
    CHECK(r.err.find("Verification Failed") != std::string::npos);
  }
  {
    fake_registry html(200, "<html>captcha</html>");
    const auto r = run({"submit", "--registry", html.url(), vector_message}, zoo_env());
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("not with JSON") != std::string::npos);
  }
}

TEST_CASE("cli: submit to etherscan.io without network suggests --local") {
  if (resolves("etherscan.io")) {
    // Never publish to the real registry from a test.
    MESSAGE("skipped: etherscan.io resolves (network present)");
    return;
  }
  const auto start = cli_test::clock::now();
  const auto r = run({"submit", vector_message}, zoo_env(), {}, 30s);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("etherscan.io") != std::string::npos);
  CHECK(r.err.find("--local") != std::string::npos);
  CHECK(cli_test::clock::now() - start < 20s);
}

TEST_CASE("cli: usage errors exit 2, --help exits 0") {
  CHECK(run({}, env_with({})).exit_code == 2);
  CHECK(run({"frobnicate"}, env_with({})).exit_code == 2);
  CHECK(run({"sign-message"}, zoo_env()).exit_code == 2);
  CHECK(run({"sign-message", "a", "b"}, zoo_env()).exit_code == 2);
  CHECK(run({"address", "--bogus"}, zoo_env()).exit_code == 2);
  CHECK(run({"submit", "--local", "--registry", "http://127.0.0.1:9", "m"}, zoo_env()).exit_code == 2);
  CHECK(run({"submit", "--keep-serving", "m"}, zoo_env()).exit_code == 2);
  CHECK(run({"submit", "--registry", "ftp://x", "m"}, zoo_env()).exit_code == 2);
  CHECK(run({"submit", "--local", std::string("bad \xff utf-8")}, zoo_env()).exit_code == 2);
  const auto help = run({"--help"}, env_with({}));
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("usage: isolated-crypto") != std::string::npos);
  CHECK(run({"submit", "-h"}, env_with({})).exit_code == 0);
}

// ---- Ethereum signing commands (sign-typed-data, sign-tx, sign-authorization, recover-tx) ----

namespace {

const std::string all_mnemonic = repeat_words("all", 11, "all");  // trezor-firmware's fixtures

json load_trezor(const std::string& name) {
  std::ifstream in(std::string(IC_VECTORS_DIR) + "/ethereum/trezor/" + name);
  REQUIRE(in.good());
  return json::parse(in);
}

std::string temp_file(const std::string& name, const std::string& content) {
  const auto p = std::filesystem::temp_directory_path() / ("ic_cli_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(p) << content;
  return p.string();
}

}  // namespace

TEST_CASE("cli: sign-typed-data matches trezor's sign_typed_data (file and stdin)") {
  const auto doc = load_trezor("sign_typed_data.json");
  int checked = 0;
  for (const auto& t : doc["tests"]) {
    if (t["name"] != "basic_data" && t["name"] != "complex_data" && t["name"] != "bare_minimum") continue;
    CAPTURE(t["name"].get<std::string>());
    const auto& p = t["parameters"];
    const std::string file = temp_file("typed.json", p["data"].dump());
    const auto env = env_with({"MNEMONIC=" + all_mnemonic});
    for (const auto& r : {run({"sign-typed-data", "--path", p["path"].get<std::string>(), file}, env),
                          run({"sign-typed-data", "--path", p["path"].get<std::string>(), "-"}, env, p["data"].dump())}) {
      REQUIRE(r.exit_code == 0);
      const json out = json::parse(r.out);
      CHECK(out["signature"] == t["result"]["sig"]);
      CHECK(out["address"] == t["result"]["address"]);
      CHECK(out["domainSeparator"] == p["domain_separator_hash"]);
      CHECK(out["structHash"] == p["message_hash"]);  // null for a domain-only message
      CHECK(out["digest"].get<std::string>().size() == 66);
    }
    std::filesystem::remove(file);
    ++checked;
  }
  CHECK(checked == 3);
}

TEST_CASE("cli: sign-tx matches trezor's sign_tx_eip1559 and sign_tx_eip155; recover-tx gives the sender") {
  const auto env = env_with({"MNEMONIC=" + all_mnemonic});
  int checked = 0;
  for (const char* name : {"sign_tx_eip1559.json", "sign_tx_eip155.json"}) {
    const bool is1559 = std::string(name).find("1559") != std::string::npos;
    const json doc = load_trezor(name);  // keep it alive for the loop
    for (const auto& t : doc["tests"]) {
      CAPTURE(t["name"].get<std::string>());
      const auto& p = t["parameters"];
      json tx = {{"chainId", p["chain_id"]}, {"nonce", p["nonce"]}, {"gas", p["gas_limit"]},
                 {"to", p["to_address"]}, {"value", p["value"]}, {"data", "0x" + p["data"].get<std::string>()}};
      if (is1559) {
        tx["maxFeePerGas"] = p["max_gas_fee"];
        tx["maxPriorityFeePerGas"] = p["max_priority_fee"];
      } else {
        tx["gasPrice"] = p["gas_price"];
      }
      const auto r = run({"sign-tx", "--path", p["path"].get<std::string>(), "-"}, env, tx.dump());
      REQUIRE(r.exit_code == 0);
      const json out = json::parse(r.out);
      CHECK(out["r"] == "0x" + t["result"]["sig_r"].get<std::string>());
      CHECK(out["s"] == "0x" + t["result"]["sig_s"].get<std::string>());
      if (is1559) CHECK(out["yParity"] == t["result"]["sig_v"]);
      else if (t["result"]["sig_v"].is_number_unsigned()) CHECK(out["v"] == std::to_string(t["result"]["sig_v"].get<std::uint64_t>()));
      const auto rec = run({"recover-tx", out["signed"].get<std::string>()}, env_with({}));
      CHECK(rec.exit_code == 0);
      CHECK(trim(rec.out) == out["from"].get<std::string>());
      ++checked;
    }
  }
  CHECK(checked == 19);
}

TEST_CASE("cli: sign-authorization prints the EIP-7702 tuple") {
  const auto r = run({"sign-authorization", "--chain-id", "1", "--address", "0x00000000000000000000000000000000deadbeef",
                      "--nonce", "7"}, zoo_env());
  REQUIRE(r.exit_code == 0);
  const json out = json::parse(r.out);
  CHECK(out["chainId"] == "1");
  CHECK(out["nonce"] == "7");
  CHECK(out["address"] == "0x00000000000000000000000000000000DeaDBeef");
  CHECK((out["yParity"] == 0 || out["yParity"] == 1));
  CHECK(out["r"].get<std::string>().size() == 66);
  CHECK(out["s"].get<std::string>().size() == 66);
}

TEST_CASE("cli: Ethereum commands name the bad field; usage errors exit 2") {
  const auto bad_td = run({"sign-typed-data", "-"}, zoo_env(),
                          R"({"types":{"EIP712Domain":[],"T":[{"name":"a","type":"uint8"}]},"primaryType":"T","domain":{},"message":{"a":256}})");
  CHECK(bad_td.exit_code == 1);
  CHECK(bad_td.err.find("message.a: integer out of range") != std::string::npos);
  const auto no_domain = run({"sign-typed-data", "-"}, zoo_env(), R"({"types":{"T":[]},"primaryType":"T","domain":{},"message":{}})");
  CHECK(no_domain.exit_code == 1);
  CHECK(no_domain.err.find("types.EIP712Domain: missing field") != std::string::npos);
  const auto bad_tx = run({"sign-tx", "-"}, zoo_env(), R"({"type":2,"chainId":1,"nonce":0,"gas":1,"maxFeePerGas":1,"maxPriorityFeePerGas":1,"gasPrice":1})");
  CHECK(bad_tx.exit_code == 1);
  CHECK(bad_tx.err.find("gasPrice: unknown field") != std::string::npos);
  const auto wrong_from = run({"sign-tx", "-"}, zoo_env(), R"({"nonce":0,"gas":1,"gasPrice":1,"from":"0x0000000000000000000000000000000000000001"})");
  CHECK(wrong_from.exit_code == 1);
  CHECK(wrong_from.err.find("from: not the address of the signing key") != std::string::npos);
  const auto bad_raw = run({"recover-tx", "0x02c0"}, env_with({}));
  CHECK(bad_raw.exit_code == 1);
  CHECK(run({"sign-tx", "/nonexistent/file.json"}, zoo_env()).exit_code == 2);
  CHECK(run({"sign-authorization", "--chain-id", "1", "--address", "0x00000000000000000000000000000000deadbeef"}, zoo_env()).exit_code == 2);
  CHECK(run({"recover-tx"}, env_with({})).exit_code == 2);
}

TEST_CASE("cli: request answers the example tenant's JSON requests (single, batch, errors)") {
  const auto single = run({"request", "-"}, zoo_env(), R"({"op":"address"})");
  CHECK(single.exit_code == 0);
  CHECK(trim(single.out) == R"({"address":")" + zoo_address + R"("})");

  // A batch: one answer per item, a bad item as {"error"}; each path derived on its own.
  const std::string auth = R"({"op":"sign-authorization","chainId":1,"address":"0x00000000000000000000000000000000deadbeef","nonce":7})";
  const auto batch = run({"request", "-"}, zoo_env(),
                         "[" + auth + R"(,{"op":"address","path":"m/44'/60'/0'/0/1"},{"op":"fly"},{"op":"address"}])");
  REQUIRE(batch.exit_code == 0);
  const json items = json::parse(batch.out);
  REQUIRE(items.size() == 4);
  const auto command = run({"sign-authorization", "--chain-id", "1", "--address", "0x00000000000000000000000000000000deadbeef",
                            "--nonce", "7"}, zoo_env());
  CHECK(items[0] == json::parse(command.out));
  CHECK(items[1]["address"] != zoo_address);
  CHECK(items[2]["error"].get<std::string>().starts_with("op: unknown operation"));
  CHECK(items[3]["address"] == zoo_address);

  // Errors name the field under the request member; exit 1.
  const auto bad_tx = run({"request", "-"}, zoo_env(), R"({"op":"sign-tx","tx":{"nonce":"x","gas":1,"gasPrice":1}})");
  CHECK(bad_tx.exit_code == 1);
  CHECK(bad_tx.err.find("tx.nonce: not an integer") != std::string::npos);
  const auto bad_path = run({"request", "-"}, zoo_env(), R"({"op":"address","path":"m/44'/x"})");
  CHECK(bad_path.exit_code == 1);
  CHECK(bad_path.err.find("path: invalid derivation path") != std::string::npos);
  const auto not_json = run({"request", "-"}, zoo_env(), "sign this");
  CHECK(not_json.exit_code == 1);
  CHECK(not_json.err.find("invalid JSON") != std::string::npos);

  // FILE and the mnemonic from stdin's first line.
  const std::string file = temp_file("request.json", R"({"op":"address"})");
  const auto from_file = run({"request", file}, env_with({}), zoo_mnemonic + "\n");
  CHECK(from_file.exit_code == 0);
  CHECK(trim(from_file.out) == R"({"address":")" + zoo_address + R"("})");
  std::filesystem::remove(file);
}

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  doctest::Context ctx(argc, argv);
  return ctx.run();
}
