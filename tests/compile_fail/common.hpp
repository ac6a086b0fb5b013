// Shared setup for the compile-fail tests on handles: the default engine plus the handle
// headers. Each test file is this (or <isolated_crypto/secret.hpp> alone, for the secret-type
// tests) plus ONE misuse line, so a file can only fail to compile for the reason its
// "// expect:" lines name; control.cpp uses the same setup correctly and must compile.
// Each file includes only what it needs (the umbrella header costs ~1 s per test).
#pragma once

#include <isolated_crypto/engine/libsecp256k1.hpp>

namespace cf {
namespace ic = isolated_crypto;
using E = ic::engines::libsecp256k1;
}  // namespace cf
