// Native example: sign an EIP-1559 transaction, an EIP-712 Permit (ERC-2612) and an
// EIP-7702 authorization with a key derived from a mnemonic, then check each one by
// recovering its signer. The key never leaves its handle; the same helpers run in a
// component over the WIT-imported key.
#include <cstdio>
#include <string>

#include <isolated_crypto/engine/libsecp256k1.hpp>
#include <isolated_crypto/isolated_crypto.hpp>

namespace ic = isolated_crypto;
namespace eth = isolated_crypto::ethereum;
using E = ic::engines::libsecp256k1;

namespace {

std::string hex0x(std::span<const std::byte> b) { return "0x" + ic::hex::encode(b); }

constexpr const char* permit_json = R"({
  "types": {
    "EIP712Domain": [{"name": "name", "type": "string"}, {"name": "version", "type": "string"},
                     {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}],
    "Permit": [{"name": "owner", "type": "address"}, {"name": "spender", "type": "address"},
               {"name": "value", "type": "uint256"}, {"name": "nonce", "type": "uint256"},
               {"name": "deadline", "type": "uint256"}]
  },
  "primaryType": "Permit",
  "domain": {"name": "USD Coin", "version": "2", "chainId": 1,
             "verifyingContract": "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"},
  "message": {"owner": "0x1959f5f4979c5Cd87D5CB75c678c770515cb5E0E",
              "spender": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
              "value": "1000000", "nonce": 0, "deadline": "0xffffffffffffffff"}
})";

}  // namespace

int main() {
  auto m = ic::mnemonic<E>::parse("zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo "
                                  "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote");
  if (!m) return std::puts(ic::describe(m.err()).c_str()), 1;
  auto node = m->to_seed("")->to_master_key()->derive_path("m/44'/60'/0'/0/0");
  if (!node) return std::puts(ic::describe(node.err()).c_str()), 1;
  const auto key = std::move(*node).into_ecdsa_key();
  const eth::address me = *eth::address_of_key<E>(key);
  std::printf("address        %s\n", eth::to_checksum_address<E>(me).c_str());

  // 1. EIP-1559 transaction from eth_signTransaction-shaped JSON.
  auto tx = eth::transaction_from_json<E>(R"({"type": 2, "chainId": 1, "nonce": 0, "gas": 21000,
      "maxFeePerGas": "30000000000", "maxPriorityFeePerGas": "0x3b9aca00",
      "to": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "value": "1000000000000000000"})");
  if (!tx) return std::printf("transaction: %s\n", eth::describe(tx.err()).c_str()), 1;
  auto signed_tx = eth::sign_transaction<E>(key, tx->tx);
  if (!signed_tx) return std::printf("signing: %s\n", eth::describe(signed_tx.err()).c_str()), 1;
  auto back = eth::parse_signed_transaction<E>(signed_tx->raw);
  const bool tx_ok = back && back->from == me;
  std::printf("tx hash        %s\ntx raw         %s\n", hex0x(signed_tx->hash).c_str(), hex0x(signed_tx->raw).c_str());

  // 2. EIP-712 Permit (eth_signTypedData_v4).
  auto permit = eth::eip712::sign_typed_data<E>(key, permit_json);
  if (!permit) return std::printf("permit: %s\n", eth::describe(permit.err()).c_str()), 1;
  auto signer = ic::secp256k1::recover<E>(permit->hashes.digest, permit->signature);
  const bool permit_ok = signer && eth::address_of<E>(*signer) == me;
  std::printf("permit digest  %s\npermit sig     %s\n", hex0x(permit->hashes.digest).c_str(), hex0x(permit->rsv).c_str());
  std::printf("permit 2098    %s\n", hex0x(eth::to_compact(permit->signature)).c_str());

  // 3. EIP-7702 authorization: delegate this account's code to a contract on chain 1.
  const eth::authorization auth{1, *eth::parse_address<E>("0x00000000000000000000000000000000DeaDBeef"), 1};
  auto sa = eth::sign_authorization(key, auth);
  if (!sa) return std::printf("authorization: %s\n", ic::describe(sa.err()).c_str()), 1;
  auto authority = eth::recover_authority<E>(*sa);
  const bool auth_ok = authority && *authority == me;
  std::printf("authorization  yParity %u r %s s %s\n", static_cast<unsigned>(sa->y_parity), hex0x(sa->r).c_str(),
              hex0x(sa->s).c_str());

  std::printf("signers recovered: %s\n", tx_ok && permit_ok && auth_ok ? "ok" : "MISMATCH");
  return tx_ok && permit_ok && auth_ok ? 0 : 1;
}
