// Test tenant (world `probe-tenant`, tests/components/tenant/wit): gets the operator's
// mnemonic handle from the mnemonic provider, derives m/44'/60'/0'/0/0 in the engine and
// returns its compressed public key (hex) and whether MNEMONIC is visible in its own
// environment: "<66 hex>;mnemonic-env=empty" or "...=set", or "error: <message>".
#include <isolated_crypto/wit/bindings/isolated_crypto_imports.hpp>

#include <cstdlib>
#include <string>
#include <utility>

namespace wit = isolated_crypto::wit;
namespace ic = isolated_crypto::wit::ic;

namespace {
wit::string probe() {
  const char* env = std::getenv("MNEMONIC");
  const bool env_empty = env == nullptr || *env == '\0';
  auto m = ic::get_mnemonic();
  if (!m) return wit::string::copy_of("error: " + std::string(m.error().view()));
  wit::own<ic::bip32::node> node;
  {
    wit::own<ic::bip32::seed> seed = ic::bip39::mnemonic_to_seed(m.value().borrow(), "");
    node = ic::bip32::seed_to_master_key(seed.borrow(), std::nullopt);
  }
  constexpr std::uint32_t h = 0x80000000U;
  for (std::uint32_t i : {44U | h, 60U | h, 0U | h, 0U, 0U}) node = ic::bip32::node_derive(node.borrow(), i);
  auto key = ic::bip32::node_into_secp256k1_ecdsa_key(node.borrow());
  const ic::compressed_point p = ic::secp256k1::ecdsa_key_get_public_key(key.borrow());
  static constexpr char digits[] = "0123456789abcdef";
  std::string out = p.is_y_odd ? "03" : "02";
  for (std::uint8_t b : p.x) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  out += env_empty ? ";mnemonic-env=empty" : ";mnemonic-env=set";
  return wit::string::copy_of(out);
}
}  // namespace

ISOLATED_CRYPTO_WIT_EXPORT("probe", &probe)
