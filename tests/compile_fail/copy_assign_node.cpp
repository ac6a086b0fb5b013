// Copy-assigning a node handle must not compile.
// expect: use of deleted function 'isolated_crypto::node<
// expect: >::operator=(const isolated_crypto::node<
#include <isolated_crypto/node.hpp>

#include "common.hpp"

void misuse(cf::ic::node<cf::E>& a, const cf::ic::node<cf::E>& b) { a = b; }
