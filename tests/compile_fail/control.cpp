// Control: correct use of everything the other files misuse. Must compile, so a broken
// include path or setup cannot make every compile-fail test "pass".
#include <array>
#include <iostream>
#include <utility>

#include <isolated_crypto/isolated_crypto.hpp>

#include "common.hpp"

void use(const cf::ic::mnemonic<cf::E>& m, const cf::ic::seed<cf::E>& s, const cf::ic::node<cf::E>& n,
         cf::ic::node<cf::E>&& owned, const cf::ic::secret_array<32>& a, const cf::ic::secret_string& str) {
  auto seed2 = m.to_seed("");                   // new handles come from operations ...
  auto master = s.to_master_key();
  cf::ic::node<cf::E> copy = n.clone();          // ... or from an explicit clone()
  cf::ic::node<cf::E> moved = std::move(copy);   // moves are fine
  cf::ic::ecdsa_key<cf::E> key = std::move(owned).into_ecdsa_key();
  cf::ic::ecdsa_key<cf::E> key2 = std::move(key);
  const cf::ic::u256be digest{};                 // exactly 32 bytes
  auto sig = key2.sign_raw(digest);
  std::cout << cf::ic::hex::encode(moved.public_key().to_sec1()) << sig.has_value() << seed2.has_value()
            << master.has_value() << a.size << str.size() << '\n';
  const std::array<std::byte, 32> raw{};
  auto from_raw = key2.sign_raw(raw);
  (void)from_raw;
}
