// Copying a ecdsa_key handle must not compile (move-only; clone() is explicit where offered).
// expect: use of deleted function 'isolated_crypto::ecdsa_key<
#include <isolated_crypto/ecdsa_key.hpp>

#include "common.hpp"

void misuse(const cf::ic::ecdsa_key<cf::E>& h) {
  cf::ic::ecdsa_key<cf::E> copy = h;
  (void)copy;
}
