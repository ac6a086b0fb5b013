// A 31-byte digest where a u256be (32 bytes) is required must not compile.
// expect: cannot convert 'const std::array<std::byte, 31>' to 'const isolated_crypto::u256be&'
#include <array>

#include <isolated_crypto/ecdsa_key.hpp>

#include "common.hpp"

void misuse(const cf::ic::ecdsa_key<cf::E>& key) {
  const std::array<std::byte, 31> short_digest{};
  auto sig = key.sign_raw(short_digest);
  (void)sig;
}
