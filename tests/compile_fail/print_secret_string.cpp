// A secret_string has no stream output.
// expect: no match for 'operator<<'
// expect: secret_string
#include <iostream>

#include <isolated_crypto/secret.hpp>

namespace cf {
namespace ic = isolated_crypto;
}  // namespace cf

void misuse(const cf::ic::secret_string& s) { std::cout << s; }
