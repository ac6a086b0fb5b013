// Shared by the policy tests: parsing a policy that must parse, and real signing preimages
// built with the core's encoders (transactions, EIP-712, EIP-191, EIP-7702).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include <isolated_crypto/ethereum.hpp>
#include <isolated_crypto/policy/policy.hpp>

#include "engines.hpp"
#include "vectors.hpp"

namespace ic_test::pol {

namespace ic = isolated_crypto;
namespace eth = isolated_crypto::ethereum;
namespace policy = isolated_crypto::policy;
using E0 = ic_test::default_engine;
using bytes = std::vector<std::byte>;

inline policy::tenant_policy must_parse(std::string_view json) {
  auto p = policy::tenant_policy::parse<E0>(json);
  REQUIRE_MESSAGE(p.has_value(), "policy did not parse: " << eth::describe(p.err()) << "\n" << json);
  return std::move(*p);
}

inline eth::address address_from(const std::string& s) {
  auto a = eth::parse_address<E0>(s);
  REQUIRE(a.has_value());
  return *a;
}

inline std::string hex0x(std::span<const std::byte> b) { return "0x" + ic_test::to_hex(b); }

/// Calldata: a 4-byte selector and `args` bytes of 0xab.
inline bytes calldata(std::uint32_t selector, std::size_t args = 64) {
  bytes d(4 + args, std::byte{0xab});
  for (std::size_t i = 0; i < 4; ++i) d[i] = static_cast<std::byte>(selector >> (24 - 8 * i));
  return d;
}

/// A transaction of `type` with the given destination, value and data (other fields fixed).
inline eth::transaction make_tx(eth::tx_type type, std::optional<std::uint64_t> chain_id, std::optional<eth::address> to,
                                eth::uint256 value, bytes data) {
  eth::transaction tx;
  tx.type = type;
  tx.chain_id = chain_id;
  tx.nonce = 7;
  tx.gas_price = 20'000'000'000ULL;
  tx.max_priority_fee_per_gas = 1'000'000'000ULL;
  tx.max_fee_per_gas = 30'000'000'000ULL;
  tx.gas_limit = 100'000;
  tx.to = to;
  tx.value = value;
  tx.data = std::move(data);
  if (type == eth::tx_type::blob) {
    tx.max_fee_per_blob_gas = 1;
    tx.blob_versioned_hashes.push_back(ic_test::unhex_fixed<32>("01" + std::string(62, '0')));
  }
  return tx;
}

/// The signing preimage of a transaction (ethereum::unsigned_payload, checked first).
inline bytes tx_preimage(const eth::transaction& tx) {
  REQUIRE(eth::check_transaction(tx).has_value());
  return eth::unsigned_payload(tx);
}

inline bytes personal_preimage(std::string_view text) { return eth::personal_message_preimage(ic_test::bytes_of(text)); }

/// An EIP-712 Mail document (the EIP's example) on `chain_id`: its domain separator
/// differs per chain id.
inline std::string mail_typed_data(unsigned chain_id) {
  return R"({"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},)"
         R"({"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],)"
         R"("Person":[{"name":"name","type":"string"},{"name":"wallet","type":"address"}],)"
         R"("Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]},)"
         R"("primaryType":"Mail","domain":{"name":"Ether Mail","version":"1","chainId":)" +
         std::to_string(chain_id) +
         R"(,"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},)"
         R"("message":{"from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},)"
         R"("to":{"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},"contents":"Hello, Bob!"}})";
}

inline eth::eip712::typed_data_hashes mail_hashes(unsigned chain_id) {
  auto h = eth::eip712::hash_typed_data<E0>(mail_typed_data(chain_id));
  REQUIRE_MESSAGE(h.has_value(), eth::describe(h.err()));
  return std::move(*h);
}

inline bytes authorization_preimage(eth::uint256 chain_id, const eth::address& delegate, std::uint64_t nonce = 0) {
  return eth::authorization_preimage(eth::authorization{chain_id, delegate, nonce});
}

/// keccak256 of a preimage (what sign-raw would be given instead).
inline ic::u256be keccak(std::span<const std::byte> b) { return E0::hash(ic::digest_algorithm::keccak256, b); }

}  // namespace ic_test::pol
