// Test-only access point. Declared here, defined only by the test suite
// (tests/support/test_access.hpp); the SDK never defines it, so no shipped code can use it.
// Handles that name it as a friend (seed<E>) let the vector tests feed raw seed bytes
// (BIP32 test vectors give a seed, not a mnemonic).
#pragma once

namespace isolated_crypto::detail {
struct test_access;
}  // namespace isolated_crypto::detail
