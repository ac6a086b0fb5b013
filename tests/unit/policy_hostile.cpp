// Tenant policy against hostile tenants (issue 12, "Tests"): requests built to get around
// the policy at the preimage level — sign-raw of a transaction hash, EIP-712 with an
// unlisted domain, transactions with non-canonical RLP or trailing bytes, EIP-7702
// authorizations to unlisted delegates, bursts past the rate limits, derivation outside
// the allowed paths. Each is denied by the rule named here, and its audit line says so
// (and carries no calldata beyond the selector).
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
const std::string contract = "0x5555555555555555555555555555555555555555";
const std::string delegate_ok = "0x3333333333333333333333333333333333333333";
constexpr std::uint32_t deposit = 0xd0e30db0;

/// A bot: derive the first account, sign EIP-1559 calls of one selector on one contract on
/// chain 1 under a value cap, typed data of one domain, one 7702 delegate; rate limits.
/// Unclassified preimages are allowed too, so that a malformed preimage is seen denied
/// for being malformed, not for being unknown.
std::string bot_policy() {
  return R"({"operations":{"derive":true,"get-chain-code":true,"sign":true},"digests":["keccak256"],)"
         R"("derivation":{"paths":["44'/60'/0'/0/0"]},)"
         R"("sign":{"transactions":{"types":[0,2],"chain-ids":[1],"to":[")" + contract + R"("],)"
         R"("max-value":"100000000000000000","selectors":["0xd0e30db0"]},)"
         R"("typed-data":{"domains":[")" + hex0x(mail_hashes(1).domain_separator) + R"("]},)"
         R"("authorizations":{"delegates":[")" + delegate_ok + R"("],"chain-ids":[1]},)"
         R"("unclassified":true},)"
         R"("rate":{"per-task":3,"window":{"seconds":3600,"max":5}}})";
}

/// What a guard does per call: decide, then write the audit line.
struct guard {
  const policy::tenant_policy& p;
  std::vector<std::string> audit;

  void log(const char* op, const policy::classification& what, const std::string& digest, const decision& d) {
    audit.push_back(policy::audit_line({1'764'633'600'000ULL, "hostile", op,
                                        "0x0339a36013301597daef41fbe593a02cc513d0b55527ec2df1050e2e8ff49c85c2",
                                        "0x9858effd232b4033e47d90003d41ec34ecaeda94", what, digest, d}));
  }
  decision sign(std::span<const std::byte> preimage, digest_algorithm alg = digest_algorithm::keccak256) {
    policy::classification c;
    auto d = p.check_sign(alg, preimage, c);
    log("sign", c, hex0x(E0::hash(alg, preimage)), d);
    return d;
  }
  decision sign_raw(std::span<const std::byte> digest) {
    policy::classification c;
    auto d = p.check_sign_raw(digest, c);
    log("sign-raw", c, hex0x(digest), d);
    return d;
  }
  decision derive(std::vector<std::uint32_t> path) {
    auto d = p.check_derive(path);
    log("derive", {"", "{}"}, "", d);
    return d;
  }
};

/// The request was denied by `rule`, and the last audit line records exactly that.
void denied(guard& g, const decision& d, const std::string& rule, const std::string& kind) {
  const std::string verdict = d.allowed ? "allow" : "deny";
  INFO("want deny by " << rule << ", got " << verdict << " by " << d.rule << " (" << d.what << ")");
  REQUIRE_FALSE(g.audit.empty());
  const auto line = nlohmann::json::parse(g.audit.back());
  INFO("audit: " << g.audit.back());
  const std::set<std::string> keys{"time_ms", "tenant", "operation", "public_key", "address", "kind",
                                   "detail",  "digest", "decision",  "rule",       "what"};
  std::set<std::string> got;
  for (const auto& [k, v] : line.items()) got.insert(k);
  const bool ok = !d.allowed && d.rule == rule && line["decision"] == "deny" && line["rule"] == rule &&
                  line["kind"] == kind && line["detail"].is_object() && got == keys &&
                  g.audit.back().find("abababababababab") == std::string::npos;
  IC_CHECK_COUNTED("policy hostile", ok);
}

void allowed(const decision& d) {
  INFO("control request: want allow, got deny by " << d.rule << " (" << d.what << ")");
  IC_CHECK_COUNTED("policy hostile controls", d.allowed);
}

/// The RLP items of an EIP-1559 transaction's fields, each encoded on its own, so that a
/// test can swap one for a non-canonical encoding of the same value.
std::vector<bytes> fields_1559(const eth::transaction& tx) {
  std::vector<bytes> f(9);
  eth::rlp::append_uint(f[0], *tx.chain_id);
  eth::rlp::append_uint(f[1], tx.nonce);
  eth::rlp::append_uint(f[2], tx.max_priority_fee_per_gas);
  eth::rlp::append_uint(f[3], tx.max_fee_per_gas);
  eth::rlp::append_uint(f[4], tx.gas_limit);
  eth::rlp::append_bytes(f[5], *tx.to);
  eth::rlp::append_uint(f[6], tx.value);
  eth::rlp::append_bytes(f[7], tx.data);
  eth::rlp::append_list(f[8], {});
  return f;
}

bytes assemble(std::byte type, const std::vector<bytes>& items) {
  bytes payload;
  for (const auto& i : items) payload.insert(payload.end(), i.begin(), i.end());
  bytes out{type};
  eth::rlp::append_list(out, payload);
  return out;
}

/// The same list with a non-minimal length header (long form for a short payload, or a
/// leading zero byte in a long-form length).
bytes long_form(std::byte type, const std::vector<bytes>& items) {
  bytes payload;
  for (const auto& i : items) payload.insert(payload.end(), i.begin(), i.end());
  REQUIRE(payload.size() < 256);
  bytes out{type};
  if (payload.size() <= 55) {
    out.push_back(std::byte{0xf8});
  } else {
    out.push_back(std::byte{0xf9});
    out.push_back(std::byte{0x00});
  }
  out.push_back(static_cast<std::byte>(payload.size()));
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

}  // namespace

TEST_CASE("policy: hostile tenant requests are denied and audited") {
  const auto p = must_parse(bot_policy());
  guard g{p, {}};
  const auto to = address_from(contract);
  const auto call = make_tx(eth::tx_type::dynamic_fee, 1, to, 1000, calldata(deposit, 96));
  const auto call_preimage = tx_preimage(call);
  allowed(g.sign(call_preimage));  // the control: the canonical preimage passes

  SUBCASE("sign-raw of the transaction's hash, sign-raw off") {
    denied(g, g.sign_raw(keccak(call_preimage)), "operations.sign-raw", "raw-digest");
  }
  SUBCASE("sha256 of the transaction preimage, sha256 not listed") {
    denied(g, g.sign(call_preimage, digest_algorithm::sha256), "digests", "unclassified");
  }
  SUBCASE("EIP-712 with an unlisted domain") {
    allowed(g.sign(mail_hashes(1).preimage));
    denied(g, g.sign(mail_hashes(5).preimage), "sign.typed-data.domains", "typed-data");
    denied(g, g.sign(eth::eip712::signing_preimage(mail_hashes(5).domain_separator, std::nullopt)), "sign.typed-data.domains",
           "typed-data");
    bytes cut = mail_hashes(1).preimage;
    cut.pop_back();  // 65 bytes: not an EIP-712 preimage, though it starts like one
    denied(g, g.sign(cut), "sign.malformed", "malformed");
  }
  SUBCASE("transactions with non-canonical RLP or trailing bytes") {
    const auto items = fields_1559(call);
    REQUIRE(assemble(std::byte{2}, items) == call_preimage);  // the builder matches the core's encoder
    bytes trailing = call_preimage;
    trailing.push_back(std::byte{0x00});
    denied(g, g.sign(trailing), "sign.malformed", "malformed");
    bytes truncated = call_preimage;
    truncated.pop_back();
    denied(g, g.sign(truncated), "sign.malformed", "malformed");
    denied(g, g.sign(long_form(std::byte{2}, items)), "sign.malformed", "malformed");
    auto zero_nonce = items;  // nonce 7 as the two bytes 00 07
    zero_nonce[1] = {std::byte{0x82}, std::byte{0x00}, std::byte{0x07}};
    denied(g, g.sign(assemble(std::byte{2}, zero_nonce)), "sign.malformed", "malformed");
    auto long_byte = items;  // chain id 1 as 81 01 (a byte < 0x80 must encode as itself)
    long_byte[0] = {std::byte{0x81}, std::byte{0x01}};
    denied(g, g.sign(assemble(std::byte{2}, long_byte)), "sign.malformed", "malformed");
    auto extra = items;  // a tenth field
    extra.push_back({std::byte{0x80}});
    denied(g, g.sign(assemble(std::byte{2}, extra)), "sign.malformed", "malformed");
    // EIP-155 legacy preimage whose trailing [chainId, 0, 0] is [1, 0, 1]
    auto legacy = tx_preimage(make_tx(eth::tx_type::legacy, 1, to, 1000, calldata(deposit, 0)));
    allowed(g.sign(legacy));
    auto lit = eth::rlp::decode(legacy);
    REQUIRE(lit.has_value());
    std::vector<bytes> litems;
    for (const auto& it : lit->items) {
      bytes e;
      eth::rlp::append_item(e, it);
      litems.push_back(e);
    }
    litems.back() = {std::byte{0x01}};
    bytes payload;
    for (const auto& i : litems) payload.insert(payload.end(), i.begin(), i.end());
    denied(g, g.sign(eth::rlp::list(payload)), "sign.malformed", "malformed");
  }
  SUBCASE("EIP-7702 authorization to an unlisted delegate, or on every chain") {
    allowed(g.sign(authorization_preimage(1, address_from(delegate_ok))));
    denied(g, g.sign(authorization_preimage(1, to)), "sign.authorization.delegates", "authorization");
    denied(g, g.sign(authorization_preimage(0, address_from(delegate_ok))), "sign.authorization.chain-id-0", "authorization");
    bytes noncanon = authorization_preimage(1, address_from(delegate_ok), 5);
    noncanon.push_back(std::byte{0x00});
    denied(g, g.sign(noncanon), "sign.malformed", "malformed");
  }
  SUBCASE("transactions outside the bot's allowance") {
    denied(g, g.sign(tx_preimage(make_tx(eth::tx_type::dynamic_fee, 1, to, 1000, calldata(0xa9059cbb, 96)))),
           "sign.tx.selectors", "transaction");
    denied(g, g.sign(tx_preimage(make_tx(eth::tx_type::dynamic_fee, 1, to, eth::uint256(200'000'000'000'000'000ULL),
                                         calldata(deposit, 96)))),
           "sign.tx.value", "transaction");
    denied(g, g.sign(tx_preimage(make_tx(eth::tx_type::dynamic_fee, 137, to, 1000, calldata(deposit, 96)))),
           "sign.tx.chain-ids", "transaction");
    denied(g, g.sign(tx_preimage(make_tx(eth::tx_type::legacy, std::nullopt, to, 1000, calldata(deposit, 96)))),
           "sign.tx.chain-ids", "transaction");
    // An EIP-191 prefix whose decimal length is not the text's (6 for 7 bytes) is no personal message.
    denied(g, g.sign(ic_test::bytes_of(std::string("\x19" "Ethereum Signed Message:\n") + "6" + "hello!!")), "sign.malformed",
           "malformed");
    // A personal message is classified as one whatever its text holds: here a transaction.
    denied(g, g.sign(eth::personal_message_preimage(call_preimage)), "sign.personal-message", "personal-message");
  }
  SUBCASE("derivation outside the allowed paths") {
    allowed(g.derive({44 | H}));
    allowed(g.derive({44 | H, 60 | H, 0 | H, 0, 0}));
    denied(g, g.derive({44 | H, 0 | H}), "derivation.paths", "");
    denied(g, g.derive({44 | H, 60 | H, 1 | H}), "derivation.paths", "");
    denied(g, g.derive({44 | H, 60 | H, 0 | H, 0, 1}), "derivation.paths", "");
    denied(g, g.derive({44 | H, 60 | H, 0 | H, 0, 0, 0}), "derivation.paths", "");
    denied(g, g.derive({44, 60, 0, 0, 0}), "derivation.paths", "");
  }
}

TEST_CASE("policy: bursts past the rate limits (3 per task, 5 per window)") {
  const auto p = must_parse(bot_policy());
  // The host's state: signatures allowed in the current window; the guard's: in this task.
  std::uint64_t in_window = 0;
  std::string trace;
  auto task = [&](int attempts) {
    std::uint64_t in_task = 0;
    for (int i = 0; i < attempts; ++i) {
      const auto d = p.check_rate(in_task + 1, in_window + 1);
      trace += d.allowed ? "A" : (d.rule == "rate.per-task" ? "t" : (d.rule == "rate.window" ? "w" : "?"));
      if (d.allowed) {
        ++in_task;
        ++in_window;
      }
    }
    trace += "|";
  };
  task(5);         // 3 allowed, then the per-task limit
  task(4);         // 2 allowed (window 4, 5), then the window limit
  task(2);         // the window is full
  in_window = 0;   // the host starts a new window
  task(1);
  CHECK(trace == "AAAtt|AAww|ww|A|");
  IC_CHECK_COUNTED("policy hostile", trace == "AAAtt|AAww|ww|A|");
}

TEST_CASE("policy: an audit line is one JSON object, strings escaped, no newline") {
  const auto p = must_parse(bot_policy());
  policy::classification c;
  const auto d = p.check_sign(digest_algorithm::keccak256, personal_preimage("line one\nline \"two\""), c);
  const std::string tenant = "tenant \"A\"\n{\"decision\":\"allow\"}";
  const std::string line = policy::audit_line({42, tenant, "sign", "", "", c, "", d});
  CHECK(line.find('\n') == std::string::npos);
  const auto j = nlohmann::json::parse(line);
  CHECK(j["tenant"] == tenant);
  CHECK(j["decision"] == "deny");
  CHECK(j["time_ms"] == 42);
  CHECK(j["detail"]["length"] == 19);
  CHECK(j["detail"]["head"] == hex0x(ic_test::bytes_of("line one\nline \"two\"")));
  const auto empty = nlohmann::json::parse(policy::audit_line({}));
  CHECK(empty["detail"].is_object());
  CHECK(empty["decision"] == "deny");
}
