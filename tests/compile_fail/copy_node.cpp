// Copying a node handle must not compile (move-only; clone() is explicit where offered).
// expect: use of deleted function 'isolated_crypto::node<
#include <isolated_crypto/node.hpp>

#include "common.hpp"

void misuse(const cf::ic::node<cf::E>& h) {
  cf::ic::node<cf::E> copy = h;
  (void)copy;
}
