// A secret_array has no stream output.
// expect: no match for 'operator<<'
// expect: secret_array<32>
#include <iostream>

#include <isolated_crypto/secret.hpp>

namespace cf {
namespace ic = isolated_crypto;
}  // namespace cf

void misuse(const cf::ic::secret_array<32>& a) { std::cout << a; }
