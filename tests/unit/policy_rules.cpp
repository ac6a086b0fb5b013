// Tenant policy (include/isolated_crypto/policy/): the allow/deny matrix — every rule with
// at least one request it lets through and one it denies, and the evaluation order when a
// request breaks several rules — then the hostile requests of issue 12 at the preimage
// level, each denied and audited. Preimages come from the core's encoders (unsigned_payload,
// eip712::hash_typed_data, authorization_preimage, personal_message_preimage).
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "../support/policy.hpp"

using namespace ic_test::pol;
using ic::digest_algorithm;
using policy::decision;

namespace {

constexpr std::uint32_t H = 0x80000000U;
const std::string to_ok = "0x1111111111111111111111111111111111111111";
const std::string to_other = "0x2222222222222222222222222222222222222222";
const std::string delegate_ok = "0x3333333333333333333333333333333333333333";
const std::string delegate_other = "0x4444444444444444444444444444444444444444";
constexpr std::uint32_t transfer = 0xa9059cbb;  // ERC-20 transfer(address,uint256)
constexpr std::uint32_t approve = 0x095ea7b3;   // ERC-20 approve(address,uint256)
const eth::uint256 cap = 1'000'000'000'000'000'000ULL;  // 1 ether

/// The policy most matrix rows run against: every operation on, keccak256 only, each
/// signing kind with an allow-list of one or two entries, rate limits.
std::string full_policy_json() {
  const std::string domain = hex0x(mail_hashes(1).domain_separator);
  return R"({"operations":{"derive":true,"get-chain-code":true,"sign":true,"sign-raw":true},)"
         R"("digests":["keccak256"],)"
         R"("derivation":{"paths":["44'/60'/0'/0/*","1'/*'"],"max-depth":5},)"
         R"("sign":{"personal-message":{"prefix":"login:","max-length":64},)"
         R"("typed-data":{"domains":[")" + domain + R"("]},)"
         R"("transactions":{"types":[0,2,4],"chain-ids":[1,"10"],"to":[")" + to_ok + R"("],"create":false,)"
         R"("max-value":"1000000000000000000","selectors":["0xa9059cbb","0x"]},)"
         R"("authorizations":{"delegates":[")" + delegate_ok + R"("],"chain-ids":[1],"chain-id-0":false},)"
         R"("unclassified":false},)"
         R"("rate":{"per-task":3,"window":{"seconds":60,"max":5}}})";
}

/// Counts the matrix: every row names the rule it exercises and what must come out.
class matrix {
 public:
  void row(const std::string& exercises, const decision& d, bool allowed, const std::string& rule) {
    const bool ok = d.allowed == allowed && d.rule == rule;
    const std::string want = allowed ? "allow" : "deny";
    const std::string got = d.allowed ? "allow" : "deny";
    INFO("row for " << exercises << ": want " << want << " by " << rule << ", got " << got << " by " << d.rule << " ("
                    << d.what << ")");
    IC_CHECK_COUNTED("policy matrix", ok);
    if (!ok) ++wrong_;
    else if (allowed) ++allowed_;
    else ++denied_;
    (allowed ? allowed_rules_ : denied_rules_).insert(exercises);
    CHECK_FALSE(d.what.empty());
  }
  void order(const decision& d, const std::string& first_rule) {
    INFO("evaluation order: want " << first_rule << " first, got " << d.rule << " (" << d.what << ")");
    const bool ok = !d.allowed && d.rule == first_rule;
    IC_CHECK_COUNTED("policy evaluation order", ok);
    if (!ok) ++wrong_;
    else ++denied_;
  }
  /// Every rule must have been seen allowing and denying.
  void check_coverage(const std::vector<std::string>& all_rules) const {
    for (const auto& r : all_rules) {
      INFO("rule " << r);
      CHECK(allowed_rules_.count(r) == 1);
      CHECK(denied_rules_.count(r) == 1);
    }
    std::printf("policy matrix: %d allowed, %d denied, %d wrong (%zu rules, each allowed and denied)\n", allowed_,
                denied_, wrong_, all_rules.size());
  }

 private:
  int allowed_ = 0, denied_ = 0, wrong_ = 0;
  std::set<std::string> allowed_rules_, denied_rules_;
};

decision sign(const policy::tenant_policy& p, std::span<const std::byte> preimage,
              digest_algorithm alg = digest_algorithm::keccak256) {
  policy::classification c;
  return p.check_sign(alg, preimage, c);
}

decision sign_raw(const policy::tenant_policy& p, std::span<const std::byte> digest) {
  policy::classification c;
  return p.check_sign_raw(digest, c);
}

bytes tx2(std::uint64_t chain, std::optional<std::string> to, eth::uint256 value, bytes data) {
  std::optional<eth::address> a;
  if (to) a = address_from(*to);
  return tx_preimage(make_tx(eth::tx_type::dynamic_fee, chain, a, value, std::move(data)));
}

}  // namespace

TEST_CASE("policy: allow/deny matrix, every rule both ways, and the evaluation order") {
  const auto full = must_parse(full_policy_json());
  const auto none = must_parse("{}");
  const auto sha = must_parse(R"({"operations":{"sign":true},"digests":["sha256"],"sign":{"unclassified":true}})");
  const auto no_sign_op = must_parse(R"({"digests":["keccak256"],"sign":{"personal-message":{}}})");
  const auto no_sections = must_parse(R"({"operations":{"sign":true},"digests":["keccak256"]})");
  const auto depth = must_parse(R"({"operations":{"derive":true},"derivation":{"paths":["*/*/*"],"max-depth":2}})");
  const auto hardened = must_parse(R"({"operations":{"derive":true},"derivation":{"paths":["*/*"],"hardened-only":true}})");
  const auto create = must_parse(R"({"operations":{"sign":true},"digests":["keccak256"],)"
                                 R"("sign":{"transactions":{"types":[2],"chain-ids":[1],"create":true,"max-value":0}}})");
  const auto auth0 = must_parse(R"({"operations":{"sign":true},"digests":["keccak256"],)"
                                R"("sign":{"authorizations":{"delegates":[")" + delegate_ok + R"("],"chain-id-0":true}}})");
  const auto open = must_parse(R"({"operations":{"sign":true},"digests":["keccak256"],"sign":{"unclassified":true}})");
  const auto no_empty_calldata = must_parse(
      R"({"operations":{"sign":true},"digests":["keccak256"],"sign":{"transactions":{"types":[2],"chain-ids":[1],)"
      R"("to":[")" + to_ok + R"("],"max-value":0,"selectors":["0xa9059cbb"]}}})");
  matrix m;

  // operations
  m.row("operations.derive", full.check_derive(std::vector<std::uint32_t>{44 | H}), true, "derivation.paths");
  m.row("operations.derive", none.check_derive(std::vector<std::uint32_t>{44 | H}), false, "operations.derive");
  m.row("operations.get-chain-code", full.check_get_chain_code({}), true, "operations.get-chain-code");
  m.row("operations.get-chain-code", none.check_get_chain_code({}), false, "operations.get-chain-code");
  m.row("operations.sign", sign(full, personal_preimage("login:a")), true, "sign.personal-message");
  m.row("operations.sign", sign(no_sign_op, personal_preimage("login:a")), false, "operations.sign");
  const auto digest = keccak(tx2(1, to_ok, 0, calldata(transfer)));
  m.row("operations.sign-raw", sign_raw(full, digest), true, "operations.sign-raw");
  m.row("operations.sign-raw", sign_raw(none, digest), false, "operations.sign-raw");
  m.row("operations.sign-raw", sign_raw(full, std::span(digest).first(31)), false, "operations.sign-raw");

  // digests
  m.row("digests", sign(sha, ic_test::bytes_of("any bytes"), digest_algorithm::sha256), true, "sign.unclassified");
  m.row("digests", sign(sha, ic_test::bytes_of("any bytes"), digest_algorithm::keccak256), false, "digests");
  m.row("digests", sign(full, personal_preimage("login:a"), digest_algorithm::sha256), false, "digests");

  // derivation
  m.row("derivation.max-depth", depth.check_derive(std::vector<std::uint32_t>{1, 2}), true, "derivation.paths");
  m.row("derivation.max-depth", depth.check_derive(std::vector<std::uint32_t>{1, 2, 3}), false, "derivation.max-depth");
  m.row("derivation.hardened-only", hardened.check_derive(std::vector<std::uint32_t>{1 | H, 2 | H}), true, "derivation.paths");
  m.row("derivation.hardened-only", hardened.check_derive(std::vector<std::uint32_t>{1 | H, 2}), false, "derivation.hardened-only");
  m.row("derivation.paths", full.check_derive(std::vector<std::uint32_t>{44 | H, 60 | H, 0 | H, 0, 7}), true, "derivation.paths");
  m.row("derivation.paths", full.check_derive(std::vector<std::uint32_t>{44 | H, 60 | H, 0 | H, 0, 7 | H}), true, "derivation.paths");
  m.row("derivation.paths", full.check_derive(std::vector<std::uint32_t>{1 | H, 9 | H}), true, "derivation.paths");
  m.row("derivation.paths", full.check_derive(std::vector<std::uint32_t>{1 | H, 9}), false, "derivation.paths");
  m.row("derivation.paths", full.check_derive(std::vector<std::uint32_t>{44 | H, 60 | H, 1 | H}), false, "derivation.paths");
  m.row("derivation.paths", full.check_derive(std::vector<std::uint32_t>{1 | H, 9 | H, 0 | H}), false, "derivation.paths");
  m.row("derivation.paths", full.check_derive(std::vector<std::uint32_t>{}), false, "derivation.paths");
  m.row("derivation.paths", full.check_get_chain_code(std::vector<std::uint32_t>{44 | H, 60 | H}), true, "operations.get-chain-code");
  m.row("derivation.paths", full.check_get_chain_code(std::vector<std::uint32_t>{45 | H}), false, "derivation.paths");

  // personal messages
  m.row("sign.personal-message", sign(full, personal_preimage("login:nonce 42")), true, "sign.personal-message");
  m.row("sign.personal-message", sign(no_sections, personal_preimage("login:nonce 42")), false, "sign.personal-message");
  m.row("sign.personal-message.prefix", sign(full, personal_preimage("login:")), true, "sign.personal-message");
  m.row("sign.personal-message.prefix", sign(full, personal_preimage("hello")), false, "sign.personal-message.prefix");
  m.row("sign.personal-message.prefix", sign(full, personal_preimage("login")), false, "sign.personal-message.prefix");
  m.row("sign.personal-message.max-length", sign(full, personal_preimage("login:" + std::string(58, 'x'))), true,
        "sign.personal-message");
  m.row("sign.personal-message.max-length", sign(full, personal_preimage("login:" + std::string(59, 'x'))), false,
        "sign.personal-message.max-length");

  // typed data
  const auto mail1 = mail_hashes(1);
  const auto mail5 = mail_hashes(5);
  m.row("sign.typed-data", sign(full, mail1.preimage), true, "sign.typed-data.domains");
  m.row("sign.typed-data", sign(no_sections, mail1.preimage), false, "sign.typed-data");
  m.row("sign.typed-data.domains", sign(full, eth::eip712::signing_preimage(mail1.domain_separator, std::nullopt)), true,
        "sign.typed-data.domains");
  m.row("sign.typed-data.domains", sign(full, mail5.preimage), false, "sign.typed-data.domains");

  // transactions
  const auto good = tx2(1, to_ok, cap, calldata(transfer));
  m.row("sign.tx", sign(full, good), true, "sign.tx");
  m.row("sign.tx", sign(no_sections, good), false, "sign.tx");
  const auto to_a = address_from(to_ok);
  m.row("sign.tx.types", sign(full, tx_preimage(make_tx(eth::tx_type::legacy, 1, to_a, 0, calldata(transfer)))), true, "sign.tx");
  m.row("sign.tx.types", sign(full, tx_preimage(make_tx(eth::tx_type::set_code, 1, to_a, 0, calldata(transfer)))), true, "sign.tx");
  m.row("sign.tx.types", sign(full, tx_preimage(make_tx(eth::tx_type::access_list, 1, to_a, 0, calldata(transfer)))), false, "sign.tx.types");
  m.row("sign.tx.types", sign(full, tx_preimage(make_tx(eth::tx_type::blob, 1, to_a, 0, calldata(transfer)))), false, "sign.tx.types");
  m.row("sign.tx.chain-ids", sign(full, tx2(10, to_ok, 0, calldata(transfer))), true, "sign.tx");
  m.row("sign.tx.chain-ids", sign(full, tx2(5, to_ok, 0, calldata(transfer))), false, "sign.tx.chain-ids");
  m.row("sign.tx.chain-ids", sign(full, tx_preimage(make_tx(eth::tx_type::legacy, std::nullopt, to_a, 0, calldata(transfer)))), false,
        "sign.tx.chain-ids");
  m.row("sign.tx.to", sign(full, tx2(1, to_ok, 0, calldata(transfer))), true, "sign.tx");
  m.row("sign.tx.to", sign(full, tx2(1, to_other, 0, calldata(transfer))), false, "sign.tx.to");
  m.row("sign.tx.create", sign(create, tx2(1, std::nullopt, 0, calldata(0x60806040))), true, "sign.tx");
  m.row("sign.tx.create", sign(full, tx2(1, std::nullopt, 0, calldata(0x60806040))), false, "sign.tx.create");
  m.row("sign.tx.value", sign(full, tx2(1, to_ok, cap, {})), true, "sign.tx");
  eth::uint256 over = cap;
  (void)over.mul_add(1, 1);
  m.row("sign.tx.value", sign(full, tx2(1, to_ok, over, {})), false, "sign.tx.value");
  m.row("sign.tx.value", sign(create, tx2(1, std::nullopt, 1, calldata(0x60806040))), false, "sign.tx.value");
  m.row("sign.tx.selectors", sign(full, tx2(1, to_ok, 0, calldata(transfer, 0))), true, "sign.tx");
  m.row("sign.tx.selectors", sign(full, tx2(1, to_ok, 0, {})), true, "sign.tx");
  m.row("sign.tx.selectors", sign(full, tx2(1, to_ok, 0, calldata(approve))), false, "sign.tx.selectors");
  m.row("sign.tx.selectors", sign(no_empty_calldata, tx2(1, to_ok, 0, {})), false, "sign.tx.selectors");
  m.row("sign.tx.selectors", sign(full, tx2(1, to_ok, 0, {std::byte{0xa9}, std::byte{0x05}, std::byte{0x9c}})), false,
        "sign.tx.selectors");

  // EIP-7702 authorizations
  const auto del = address_from(delegate_ok);
  const auto del_other = address_from(delegate_other);
  m.row("sign.authorization", sign(full, authorization_preimage(1, del)), true, "sign.authorization");
  m.row("sign.authorization", sign(no_sections, authorization_preimage(1, del)), false, "sign.authorization");
  m.row("sign.authorization.delegates", sign(full, authorization_preimage(1, del, 9)), true, "sign.authorization");
  m.row("sign.authorization.delegates", sign(full, authorization_preimage(1, del_other)), false, "sign.authorization.delegates");
  m.row("sign.authorization.chain-id-0", sign(auth0, authorization_preimage(0, del)), true, "sign.authorization");
  m.row("sign.authorization.chain-id-0", sign(full, authorization_preimage(0, del)), false, "sign.authorization.chain-id-0");
  m.row("sign.authorization.chain-ids", sign(full, authorization_preimage(1, del)), true, "sign.authorization");
  m.row("sign.authorization.chain-ids", sign(full, authorization_preimage(5, del)), false, "sign.authorization.chain-ids");
  m.row("sign.authorization.chain-ids", sign(auth0, authorization_preimage(1, del)), false, "sign.authorization.chain-ids");

  // unclassified and malformed
  const auto blob = ic_test::bytes_of("\x07 an opaque blob");
  m.row("sign.unclassified", sign(open, blob), true, "sign.unclassified");
  m.row("sign.unclassified", sign(full, blob), false, "sign.unclassified");
  bytes trailing = good;
  trailing.push_back(std::byte{0});
  m.row("sign.malformed", sign(full, good), true, "sign.tx");
  m.row("sign.malformed", sign(full, trailing), false, "sign.malformed");
  m.row("sign.malformed", sign(open, trailing), false, "sign.malformed");
  // A personal message whose decimal length is not the text's: "9" for a 10-byte text.
  const std::string lying = std::string("\x19" "Ethereum Signed Message:\n") + "9" + "login:abcd";
  m.row("sign.malformed", sign(full, ic_test::bytes_of(lying)), false, "sign.malformed");
  m.row("sign.malformed", sign(full, ic_test::bytes_of(std::string("\x19" "Ethereum Signed Message:\n") + "010login:abcd")),
        false, "sign.malformed");

  // rate limits
  m.row("rate.per-task", full.check_rate(3, 3), true, "rate");
  m.row("rate.per-task", full.check_rate(4, 4), false, "rate.per-task");
  m.row("rate.window", full.check_rate(1, 5), true, "rate");
  m.row("rate.window", full.check_rate(1, 6), false, "rate.window");
  m.row("rate.window", none.check_rate(1'000'000, 1'000'000), true, "rate");
  CHECK(full.window_seconds() == 60);
  CHECK(none.window_seconds() == 0);

  // evaluation order: a request that breaks several rules is denied by the first in order
  m.order(none.check_derive(std::vector<std::uint32_t>{1, 2, 3, 4, 5, 6, 7}), "operations.derive");
  m.order(depth.check_derive(std::vector<std::uint32_t>{1, 2, 3, 4}), "derivation.max-depth");
  const auto hard_deep = must_parse(R"({"operations":{"derive":true},"derivation":{"paths":["0'"],"max-depth":1,"hardened-only":true}})");
  m.order(hard_deep.check_derive(std::vector<std::uint32_t>{5}), "derivation.hardened-only");
  m.order(sign(none, ic_test::bytes_of("x"), digest_algorithm::sha256), "operations.sign");
  m.order(sign(no_sections, good, digest_algorithm::sha256), "digests");
  m.order(sign(full, tx_preimage(make_tx(eth::tx_type::access_list, 5, address_from(to_other), over, calldata(approve)))),
          "sign.tx.types");
  m.order(sign(full, tx2(5, to_other, over, calldata(approve))), "sign.tx.chain-ids");
  m.order(sign(full, tx2(1, to_other, over, calldata(approve))), "sign.tx.to");
  m.order(sign(full, tx2(1, std::nullopt, over, calldata(approve))), "sign.tx.create");
  m.order(sign(full, tx2(1, to_ok, over, calldata(approve))), "sign.tx.value");
  m.order(sign(full, authorization_preimage(0, del_other)), "sign.authorization.delegates");
  m.order(full.check_rate(4, 6), "rate.per-task");

  m.check_coverage({"operations.derive", "operations.get-chain-code", "operations.sign", "operations.sign-raw", "digests",
                    "derivation.max-depth", "derivation.hardened-only", "derivation.paths", "sign.personal-message",
                    "sign.personal-message.prefix", "sign.personal-message.max-length", "sign.typed-data", "sign.typed-data.domains", "sign.tx", "sign.tx.types",
                    "sign.tx.chain-ids", "sign.tx.to", "sign.tx.create", "sign.tx.value", "sign.tx.selectors",
                    "sign.authorization", "sign.authorization.delegates", "sign.authorization.chain-id-0",
                    "sign.authorization.chain-ids", "sign.unclassified", "sign.malformed", "rate.per-task", "rate.window"});
}
