// Secret bytes need the detail::secret_access token, which cannot be made by `{}`.
// expect: would use explicit constructor
// expect: secret_access
#include <isolated_crypto/secret.hpp>

namespace cf {
namespace ic = isolated_crypto;
}  // namespace cf

void misuse(const cf::ic::secret_array<32>& a) { (void)a.bytes({}); }
