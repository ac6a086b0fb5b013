// Installed-package smoke test: mnemonic -> m/44'/60'/0'/0/0 -> EIP-55 address.
#include <cstdio>

#include <isolated_crypto/engine/libsecp256k1.hpp>
#include <isolated_crypto/isolated_crypto.hpp>

int main() {
  namespace ic = isolated_crypto;
  using E = ic::engines::libsecp256k1;
  auto m = ic::mnemonic<E>::parse(
      "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote");
  if (!m) return std::fprintf(stderr, "parse: %s\n", ic::describe(m.err()).c_str()), 1;
  auto seed = m->to_seed();
  if (!seed) return 2;
  auto master = seed->to_master_key();
  if (!master) return 3;
  auto account = master->derive_path("m/44'/60'/0'/0/0");
  if (!account) return 4;
  const auto key = std::move(*account).into_ecdsa_key();
  auto address = ic::ethereum::address_of_key<E>(key);
  if (!address) return 5;
  std::printf("%s\n", ic::ethereum::to_checksum_address<E>(*address).c_str());
  return 0;
}
