// secret_array has no == (a comparison would be a timing oracle on the secret).
// expect: no match for 'operator=='
// expect: secret_array<32>
#include <isolated_crypto/secret.hpp>

namespace cf {
namespace ic = isolated_crypto;
}  // namespace cf

bool misuse(const cf::ic::secret_array<32>& a, const cf::ic::secret_array<32>& b) { return a == b; }
