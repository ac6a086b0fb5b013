// Tenant policy: parsing (byte 0 odd: the rest is policy JSON) and classification of a
// signing preimage against a permissive policy (byte 0 even: the rest is the preimage).
// Properties: a classified preimage re-encodes to its input (one meaning per input); a
// malformed preimage is never allowed; the classification detail and the audit line are
// valid JSON objects (the SDK's strict reader).
#include "common.hpp"
using namespace fz;
namespace eth = ic::ethereum;
namespace policy = ic::policy;

namespace {

const policy::tenant_policy& permissive() {
  static const policy::tenant_policy p = std::move(*policy::tenant_policy::parse<E>(
      R"({"operations":{"derive":true,"get-chain-code":true,"sign":true,"sign-raw":true},"digests":["keccak256"],)"
      R"("derivation":{"paths":["*/*/*/*/*"]},"sign":{"personal-message":{},)"
      R"("transactions":{"types":[0,1,2,3,4],"chain-ids":[1],"create":true,"max-value":"1000","selectors":["0x"]},)"
      R"("authorizations":{"chain-id-0":true},"unclassified":true}})"));
  return p;
}

bool same(std::span<const std::byte> a, std::span<const std::byte> b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

bool is_json_object(const std::string& s) {
  auto v = eth::json::parse(s);
  return v.has_value() && v->is(eth::json::kind::object);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  if (n == 0 || n > 8192) return 0;
  const auto in = bytes(d + 1, n - 1);
  if ((d[0] & 1) != 0) {
    auto p = policy::tenant_policy::parse<E>(text(d + 1, n - 1));
    if (p) {
      const std::uint32_t path[] = {0x8000002C, 0x8000003C, 0x80000000, 0, 0};
      keep(p->check_derive(path).allowed);
      keep(p->check_rate(1, 1).allowed);
    } else {
      keep(eth::describe(p.err()));
    }
    return 0;
  }
  const auto facts = policy::classify_preimage(in);
  switch (facts.kind) {
    case policy::preimage_kind::personal_message:
      if (!same(eth::personal_message_preimage(facts.text), in)) __builtin_trap();
      break;
    case policy::preimage_kind::typed_data:
      if (!same(eth::eip712::signing_preimage(facts.domain, facts.struct_hash), in)) __builtin_trap();
      break;
    case policy::preimage_kind::transaction:
      if (!same(eth::unsigned_payload(facts.tx), in)) __builtin_trap();
      break;
    case policy::preimage_kind::authorization:
      if (!same(eth::authorization_preimage(facts.auth), in)) __builtin_trap();
      break;
    case policy::preimage_kind::unclassified:
    case policy::preimage_kind::malformed: break;
  }
  policy::classification c;
  const auto verdict = permissive().check_sign(ic::digest_algorithm::keccak256, in, c);
  if (facts.kind == policy::preimage_kind::malformed && (verdict.allowed || verdict.rule != "sign.malformed")) __builtin_trap();
  if (c.kind != policy::preimage_kind_name(facts.kind)) __builtin_trap();
  if (!is_json_object(c.detail_json)) __builtin_trap();
  const auto digest = E::hash(ic::digest_algorithm::keccak256, in);
  const auto line = policy::audit_line({1, "fuzz", "sign", "", "", c, "0x" + ic::hex::encode(digest), verdict});
  if (!is_json_object(line)) __builtin_trap();
  return 0;
}
