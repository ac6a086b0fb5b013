// Copying a mnemonic handle must not compile (move-only; clone() is explicit where offered).
// expect: use of deleted function 'isolated_crypto::mnemonic<
#include <isolated_crypto/mnemonic.hpp>

#include "common.hpp"

void misuse(const cf::ic::mnemonic<cf::E>& h) {
  cf::ic::mnemonic<cf::E> copy = h;
  (void)copy;
}
