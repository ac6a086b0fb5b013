// A handle's engine state (where the key lives) is not reachable from outside.
// expect: is protected within this context
#include <isolated_crypto/node.hpp>

#include "common.hpp"

void misuse(const cf::ic::node<cf::E>& n) { (void)n.state(); }
