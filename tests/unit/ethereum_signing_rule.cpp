// The Ethereum signing rule (ethereum/signature.hpp): every helper passes the whole
// preimage to key.sign(keccak256, ...), and a signature with recid.x_reduced (v would be
// 29/30, which Ethereum cannot express) is replaced by one made with the next RFC 6979
// counter. A real x_reduced signature has probability ~2^-128, so a wrapper key forces it.
#include <vector>

#include <doctest/doctest.h>

#include <isolated_crypto/isolated_crypto.hpp>

#include "../support/engines.hpp"
#include "../support/test_access.hpp"
#include "../support/vectors.hpp"

using namespace isolated_crypto;
namespace eth = isolated_crypto::ethereum;

namespace {

using E = ic_test::default_engine;
using inner_key = decltype(ic_test::key_from_bytes<E>(std::declval<std::span<const std::byte, 32>>()));

/// A signing_key that reports x_reduced for the first `forced` calls and records every call.
struct x_reduced_key {
  const inner_key* inner;
  int forced;
  mutable std::vector<sign_counter> counters;
  mutable std::vector<std::vector<std::byte>> messages;
  mutable int raw_calls = 0;

  [[nodiscard]] compressed_point public_key() const { return inner->public_key(); }
  [[nodiscard]] result<recoverable_signature> sign(digest_algorithm alg, std::span<const std::byte> m,
                                                   sign_counter c) const {
    CHECK(alg == digest_algorithm::keccak256);
    counters.push_back(c);
    messages.emplace_back(m.begin(), m.end());
    auto rs = inner->sign(alg, m, c);
    if (rs && static_cast<int>(counters.size()) <= forced) rs->recid.x_reduced = true;
    return rs;
  }
  [[nodiscard]] result<recoverable_signature> sign_raw(const u256be& d, sign_counter c) const {
    ++raw_calls;
    return inner->sign_raw(d, c);
  }
};
static_assert(signing_key<x_reduced_key>);

std::array<std::byte, 32> sk_bytes() {
  return ic_test::unhex_fixed<32>("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
}

}  // namespace

TEST_CASE("ethereum signing rule: an x_reduced signature is re-signed with counter 0, never emitted as v = 29/30") {
  const auto key = ic_test::key_from_bytes<E>(sk_bytes());
  const std::string text = "hello";
  const auto msg = ic_test::bytes_of(text);
  x_reduced_key k{&key, 1, {}, {}, 0};
  auto sig = eth::personal_sign<E>(k, msg);
  REQUIRE(sig.has_value());
  const int v = static_cast<int>((*sig)[64]);
  CHECK((v == 27 || v == 28));
  REQUIRE(k.counters.size() == 2);
  CHECK(!k.counters[0].has_value());
  CHECK(k.counters[1] == sign_counter{0});
  CHECK(k.raw_calls == 0);  // the whole preimage went through sign()
  CHECK(k.messages[0] == eth::personal_message_preimage(msg));
  // The emitted signature is the counter-0 one and recovers to the key.
  auto expect = key.sign(digest_algorithm::keccak256, eth::personal_message_preimage(msg), 0U);
  REQUIRE(expect.has_value());
  CHECK(eth::to_rsv(*expect) == *sig);
  CHECK(*eth::recover_personal_signer<E>(msg, *sig) == *eth::address_of_key<E>(key));
}

TEST_CASE("ethereum signing rule: transactions, typed data and authorizations re-sign too; endless x_reduced fails") {
  const auto key = ic_test::key_from_bytes<E>(sk_bytes());
  eth::transaction tx;
  tx.chain_id = 1;
  tx.gas_limit = 21000;
  x_reduced_key k{&key, 3, {}, {}, 0};
  auto st = eth::sign_transaction<E>(k, tx);
  REQUIRE(st.has_value());
  CHECK(k.counters.size() == 4);
  CHECK(k.counters.back() == sign_counter{2});
  CHECK(!st->signature.recid.x_reduced);
  CHECK(k.messages[0] == eth::unsigned_payload(tx));
  CHECK(eth::parse_signed_transaction<E>(st->raw)->from == *eth::address_of_key<E>(key));

  x_reduced_key k2{&key, 1, {}, {}, 0};
  auto sa = eth::sign_authorization(k2, eth::authorization{1, {}, 0});
  REQUIRE(sa.has_value());
  CHECK(k2.counters.size() == 2);
  CHECK(k2.messages[0][0] == std::byte{0x05});

  x_reduced_key k3{&key, 1, {}, {}, 0};
  auto td = eth::eip712::sign_typed_data<E>(k3, R"({"types":{"EIP712Domain":[]},"primaryType":"EIP712Domain","domain":{},"message":{}})");
  REQUIRE(td.has_value());
  CHECK(k3.counters.size() == 2);
  CHECK(static_cast<int>(td->rsv[64]) <= 28);
  CHECK(k3.messages[0].size() == 34);
  CHECK(k3.raw_calls == 0);

  x_reduced_key forever{&key, 1000, {}, {}, 0};
  auto none = eth::personal_sign<E>(forever, ic_test::bytes_of("x"));
  CHECK(none.code() == errc::signing_failed);
  CHECK(forever.counters.size() == eth::max_resign_attempts + 1);
}
