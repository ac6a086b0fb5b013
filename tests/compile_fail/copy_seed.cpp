// Copying a seed handle must not compile (move-only; clone() is explicit where offered).
// expect: use of deleted function 'isolated_crypto::seed<
#include <isolated_crypto/seed.hpp>

#include "common.hpp"

void misuse(const cf::ic::seed<cf::E>& h) {
  cf::ic::seed<cf::E> copy = h;
  (void)copy;
}
