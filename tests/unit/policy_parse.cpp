// Tenant policy parsing: every schema violation is an error naming its field (and none
// carries more than the policy's own public text); every example policy in
// examples/policies/ parses, and the two documented ones decide as their names say.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "../support/policy.hpp"

#ifndef IC_POLICY_EXAMPLES_DIR
#error "IC_POLICY_EXAMPLES_DIR must point at examples/policies"
#endif

using namespace ic_test::pol;
using ic::errc;

namespace {

struct bad_policy {
  const char* json;
  const char* field;
  errc code;
};

const std::string a1 = "0x1111111111111111111111111111111111111111";

// One row per check of the parser (field "" = the whole document).
const bad_policy bad_policies[] = {
    {"[]", "", errc::wrong_field_type},
    {"{", "", errc::invalid_json},
    {R"({"operations":{},"operations":{}})", "operations", errc::invalid_json},
    {R"({"operation":{}})", "operation", errc::unknown_field},
    {R"({"operations":[]})", "operations", errc::wrong_field_type},
    {R"({"operations":{"sign":1}})", "operations.sign", errc::wrong_field_type},
    {R"({"operations":{"sign":"true"}})", "operations.sign", errc::wrong_field_type},
    {R"({"operations":{"sign_raw":true}})", "operations.sign_raw", errc::unknown_field},
    {R"({"digests":"keccak256"})", "digests", errc::wrong_field_type},
    {R"({"digests":["keccak256","sha3"]})", "digests[1]", errc::unknown_field},
    {R"({"digests":["keccak256",1]})", "digests[1]", errc::wrong_field_type},
    {R"({"digests":["keccak256","keccak256"]})", "digests[1]", errc::invalid_json},
    {R"({"derivation":{"path":[]}})", "derivation.path", errc::unknown_field},
    {R"({"derivation":{"paths":"0/*"}})", "derivation.paths", errc::wrong_field_type},
    {R"({"derivation":{"paths":["m/44'/60'"]}})", "derivation.paths[0]", errc::invalid_path},
    {R"({"derivation":{"paths":["0/*",""]}})", "derivation.paths[1]", errc::invalid_path},
    {R"({"derivation":{"paths":["44'//0"]}})", "derivation.paths[0]", errc::invalid_path},
    {R"({"derivation":{"paths":["44'/0/"]}})", "derivation.paths[0]", errc::invalid_path},
    {R"({"derivation":{"paths":["44'/x"]}})", "derivation.paths[0]", errc::invalid_path},
    {R"({"derivation":{"paths":["01"]}})", "derivation.paths[0]", errc::invalid_path},
    {R"({"derivation":{"paths":["*''"]}})", "derivation.paths[0]", errc::invalid_path},
    {R"({"derivation":{"paths":["2147483648"]}})", "derivation.paths[0]", errc::path_index_overflow},
    {R"({"derivation":{"paths":["0h/1","0'/1"]}})", "derivation.paths[1]", errc::invalid_json},
    {R"({"derivation":{"paths":[5]}})", "derivation.paths[0]", errc::wrong_field_type},
    {R"({"derivation":{"max-depth":256}})", "derivation.max-depth", errc::integer_out_of_range},
    {R"({"derivation":{"max-depth":-1}})", "derivation.max-depth", errc::integer_out_of_range},
    {R"({"derivation":{"max-depth":1.5}})", "derivation.max-depth", errc::invalid_integer},
    {R"({"derivation":{"hardened-only":"yes"}})", "derivation.hardened-only", errc::wrong_field_type},
    {R"({"sign":[]})", "sign", errc::wrong_field_type},
    {R"({"sign":{"personal":{}}})", "sign.personal", errc::unknown_field},
    {R"({"sign":{"personal-message":true}})", "sign.personal-message", errc::wrong_field_type},
    {R"({"sign":{"personal-message":{"prefix":5}}})", "sign.personal-message.prefix", errc::wrong_field_type},
    {R"({"sign":{"personal-message":{"pattern":"x"}}})", "sign.personal-message.pattern", errc::unknown_field},
    {R"({"sign":{"personal-message":{"max-length":"ten"}}})", "sign.personal-message.max-length", errc::invalid_integer},
    {R"({"sign":{"personal-message":{"max-length":-1}}})", "sign.personal-message.max-length", errc::integer_out_of_range},
    {R"({"sign":{"personal-message":{"max-length":true}}})", "sign.personal-message.max-length", errc::wrong_field_type},
    {R"({"sign":{"typed-data":{"domains":["0x1234"]}}})", "sign.typed-data.domains[0]", errc::invalid_length},
    {R"({"sign":{"typed-data":{"domains":["1234"]}}})", "sign.typed-data.domains[0]", errc::invalid_hex},
    {R"({"sign":{"typed-data":{"domains":["0x)" "zz" R"(00000000000000000000000000000000000000000000000000000000000000"]}}})",
     "sign.typed-data.domains[0]", errc::invalid_hex},
    {R"({"sign":{"typed-data":{"domains":["0x1111111111111111111111111111111111111111111111111111111111111111",)"
     R"("0x1111111111111111111111111111111111111111111111111111111111111111"]}}})",
     "sign.typed-data.domains[1]", errc::invalid_json},
    {R"({"sign":{"transactions":{"types":[2,5]}}})", "sign.transactions.types[1]", errc::integer_out_of_range},
    {R"({"sign":{"transactions":{"types":[2,2]}}})", "sign.transactions.types[1]", errc::invalid_json},
    {R"({"sign":{"transactions":{"types":["two"]}}})", "sign.transactions.types[0]", errc::invalid_integer},
    {R"({"sign":{"transactions":{"chain-ids":[0]}}})", "sign.transactions.chain-ids[0]", errc::integer_out_of_range},
    {R"({"sign":{"transactions":{"chain-ids":[1,"18446744073709551616"]}}})", "sign.transactions.chain-ids[1]",
     errc::integer_out_of_range},
    {R"({"sign":{"transactions":{"chain-ids":[1,"0x1"]}}})", "sign.transactions.chain-ids[1]", errc::invalid_json},
    {R"({"sign":{"transactions":{"chain-ids":[true]}}})", "sign.transactions.chain-ids[0]", errc::wrong_field_type},
    {R"({"sign":{"transactions":{"to":["0x1111111111111111111111111111111111111111",)"
     R"("0x2222222222222222222222222222222222222222","0xc02aaa39b223FE8D0A0e5C4F27eAD9083C756Cc2"]}}})",
     "sign.transactions.to[2]", errc::invalid_address_checksum},
    {R"({"sign":{"transactions":{"to":["0x111111111111111111111111111111111111111"]}}})", "sign.transactions.to[0]",
     errc::invalid_length},
    {R"({"sign":{"transactions":{"to":["1111111111111111111111111111111111111111"]}}})", "sign.transactions.to[0]",
     errc::invalid_length},
    {R"({"sign":{"transactions":{"to":["0x111111111111111111111111111111111111111g"]}}})", "sign.transactions.to[0]",
     errc::invalid_hex},
    {R"({"sign":{"transactions":{"to":["0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2",)"
     R"("0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2"]}}})",
     "sign.transactions.to[1]", errc::invalid_json},
    {R"({"sign":{"transactions":{"to":"0x1111111111111111111111111111111111111111"}}})", "sign.transactions.to",
     errc::wrong_field_type},
    {R"({"sign":{"transactions":{"create":"no"}}})", "sign.transactions.create", errc::wrong_field_type},
    {R"({"sign":{"transactions":{"max-value":"-1"}}})", "sign.transactions.max-value", errc::integer_out_of_range},
    {R"({"sign":{"transactions":{"max-value":"1e18"}}})", "sign.transactions.max-value", errc::invalid_integer},
    {R"({"sign":{"transactions":{"max-value":1e18}}})", "sign.transactions.max-value", errc::invalid_integer},
    {R"({"sign":{"transactions":{"max-value":)"
     R"("115792089237316195423570985008687907853269984665640564039457584007913129639936"}}})",
     "sign.transactions.max-value", errc::integer_out_of_range},
    {R"({"sign":{"transactions":{"selectors":["0xa9059c"]}}})", "sign.transactions.selectors[0]", errc::invalid_length},
    {R"({"sign":{"transactions":{"selectors":["0xa9059cbb00"]}}})", "sign.transactions.selectors[0]", errc::invalid_length},
    {R"({"sign":{"transactions":{"selectors":["a9059cbb"]}}})", "sign.transactions.selectors[0]", errc::invalid_hex},
    {R"({"sign":{"transactions":{"selectors":["0x","0x"]}}})", "sign.transactions.selectors[1]", errc::invalid_json},
    {R"({"sign":{"transactions":{"selectors":["0xa9059cbb","0xA9059CBB"]}}})", "sign.transactions.selectors[1]",
     errc::invalid_json},
    {R"({"sign":{"transactions":{"gas-limit":1}}})", "sign.transactions.gas-limit", errc::unknown_field},
    {R"({"sign":{"authorizations":{"delegates":["0x12"]}}})", "sign.authorizations.delegates[0]", errc::invalid_length},
    {R"({"sign":{"authorizations":{"chain-ids":[0]}}})", "sign.authorizations.chain-ids[0]", errc::integer_out_of_range},
    {R"({"sign":{"authorizations":{"chain-id-0":"true"}}})", "sign.authorizations.chain-id-0", errc::wrong_field_type},
    {R"({"sign":{"authorizations":{"delegate":[]}}})", "sign.authorizations.delegate", errc::unknown_field},
    {R"({"sign":{"unclassified":null}})", "sign.unclassified", errc::wrong_field_type},
    {R"({"rate":{"per-task":-1}})", "rate.per-task", errc::integer_out_of_range},
    {R"({"rate":{"per_task":1}})", "rate.per_task", errc::unknown_field},
    {R"({"rate":{"window":{"seconds":0,"max":1}}})", "rate.window.seconds", errc::integer_out_of_range},
    {R"({"rate":{"window":{"seconds":60}}})", "rate.window.max", errc::missing_field},
    {R"({"rate":{"window":{"max":60}}})", "rate.window.seconds", errc::missing_field},
    {R"({"rate":{"window":{"seconds":60,"max":1,"burst":2}}})", "rate.window.burst", errc::unknown_field},
    {R"({"rate":{"window":3600}})", "rate.window", errc::wrong_field_type},
};

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open " << p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("policy: parse errors name their field") {
  for (const auto& b : bad_policies) {
    CAPTURE(b.json);
    auto p = policy::tenant_policy::parse<E0>(b.json);
    const bool ok = !p.has_value() && p.err().field == b.field && p.code() == b.code;
    INFO("got " << (p.has_value() ? std::string("a policy") : eth::describe(p.err())));
    IC_CHECK_COUNTED("policy parse errors", ok);
  }
}

TEST_CASE("policy: the schema's accepted forms") {
  // Integers as JSON numbers, decimal or 0x strings; checksummed, lower- and upper-case
  // addresses; every key at once.
  const auto p = must_parse(R"({"operations":{"derive":true,"get-chain-code":true,"sign":true,"sign-raw":true},)"
                            R"("digests":["keccak256","sha256"],)"
                            R"("derivation":{"paths":["44'/60'/0'/0/*","0h/*'","7"],"max-depth":"5","hardened-only":false},)"
                            R"("sign":{"personal-message":{"prefix":"x"},"typed-data":{"domains":[]},)"
                            R"("transactions":{"types":[0,1,2,3,4],"chain-ids":[1,"137","0x2105"],)"
                            R"("to":["0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2","0x1111111111111111111111111111111111111111",)"
                            R"("0xABCDEFABCDEFABCDEFABCDEFABCDEFABCDEFABCD"],)"
                            R"("create":true,"max-value":"0xde0b6b3a7640000","selectors":["0x","0xa9059cbb"]},)"
                            R"("authorizations":{"delegates":[],"chain-ids":["1"],"chain-id-0":true},"unclassified":true},)"
                            R"("rate":{"per-task":0,"window":{"seconds":1,"max":0}}})");
  const auto& r = p.rules();
  CHECK(r.derivation.paths.size() == 3);
  CHECK(policy::format_path_pattern(r.derivation.paths[1]) == "0'/*'");
  CHECK(r.derivation.max_depth == 5U);
  CHECK(r.sign.transactions->chain_ids == std::set<std::uint64_t>{1, 137, 8453});
  CHECK(r.sign.transactions->to.size() == 3);
  CHECK(r.sign.transactions->max_value == eth::uint256(1'000'000'000'000'000'000ULL));
  CHECK(r.sign.transactions->empty_calldata);
  CHECK(r.sign.transactions->selectors.size() == 1);
  CHECK(r.rate.per_task == 0U);
  CHECK_FALSE(p.check_rate(1, 0).allowed);
  // `{}`: everything denied, nothing enabled.
  const auto none = must_parse("{}");
  policy::classification c;
  CHECK_FALSE(none.check_derive(std::vector<std::uint32_t>{0}).allowed);
  CHECK_FALSE(none.check_get_chain_code({}).allowed);
  CHECK_FALSE(none.check_sign(ic::digest_algorithm::keccak256, personal_preimage("hi"), c).allowed);
  CHECK(c.kind == "personal-message");
  CHECK_FALSE(none.check_sign_raw(keccak(personal_preimage("hi")), c).allowed);
  CHECK(c.kind == "raw-digest");
}

TEST_CASE("policy: every example policy in examples/policies parses") {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(IC_POLICY_EXAMPLES_DIR)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 2);
  for (const auto& f : files) {
    CAPTURE(f.filename().string());
    auto p = policy::tenant_policy::parse<E0>(read_file(f));
    INFO((p.has_value() ? std::string("ok") : eth::describe(p.err())));
    IC_CHECK_COUNTED("policy examples parse", p.has_value());
  }
}

TEST_CASE("policy: the example policies decide as documented") {
  const std::string dir = IC_POLICY_EXAMPLES_DIR;
  constexpr std::uint32_t H = 0x80000000U;
  policy::classification c;
  const auto weth = address_from("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2");
  const auto deposit = calldata(0xd0e30db0, 0);
  const auto one_deposit = tx_preimage(make_tx(eth::tx_type::dynamic_fee, 1, weth, 50'000'000'000'000'000ULL, deposit));

  const auto personal = must_parse(read_file(dir + "/personal-sign-only.json"));
  auto check = [&](bool got, bool want) { IC_CHECK_COUNTED("policy examples decide", got == want); };
  check(personal.check_derive(std::vector<std::uint32_t>{44 | H, 60 | H, 0 | H, 0, 0}).allowed, true);
  check(personal.check_derive(std::vector<std::uint32_t>{44 | H, 60 | H, 1 | H}).allowed, false);
  check(personal.check_sign(ic::digest_algorithm::keccak256, personal_preimage("isolated-crypto demo"), c).allowed, true);
  check(personal.check_sign(ic::digest_algorithm::keccak256, one_deposit, c).allowed, false);
  check(personal.check_sign(ic::digest_algorithm::keccak256, mail_hashes(1).preimage, c).allowed, false);
  check(personal.check_sign(ic::digest_algorithm::sha256, personal_preimage("x"), c).allowed, false);
  check(personal.check_sign_raw(keccak(personal_preimage("x")), c).allowed, false);
  check(personal.check_get_chain_code({}).allowed, false);

  const auto bot = must_parse(read_file(dir + "/bot-one-contract.json"));
  check(bot.check_derive(std::vector<std::uint32_t>{44 | H, 60 | H, 0 | H, 0, 0}).allowed, true);
  check(bot.check_derive(std::vector<std::uint32_t>{44 | H, 60 | H, 0 | H, 0, 1}).allowed, false);
  check(bot.check_sign(ic::digest_algorithm::keccak256, one_deposit, c).allowed, true);
  check(c.kind == "transaction", true);
  check(bot.check_sign(ic::digest_algorithm::keccak256,
                       tx_preimage(make_tx(eth::tx_type::legacy, 1, weth, 50'000'000'000'000'000ULL, deposit)), c)
            .allowed,
        false);
  check(bot.check_sign(ic::digest_algorithm::keccak256,
                       tx_preimage(make_tx(eth::tx_type::dynamic_fee, 1, weth, 500'000'000'000'000'000ULL, deposit)), c)
            .allowed,
        false);
  check(bot.check_sign(ic::digest_algorithm::keccak256,
                       tx_preimage(make_tx(eth::tx_type::dynamic_fee, 1, weth, 0, calldata(0x2e1a7d4d))), c)
            .allowed,
        false);
  check(bot.check_sign(ic::digest_algorithm::keccak256, personal_preimage("x"), c).allowed, false);
  check(bot.check_rate(1, 1).allowed, true);
  check(bot.check_rate(2, 2).allowed, false);
}
