// Unicode backend over the SDK's own NFKD tables (unicode/nfkd.hpp, generated from
// utf8proc and checked against it for every code point): no third-party code, the default
// for every engine. utf8proc_unicode.hpp is the same contract over utf8proc itself.
#pragma once

#include <string_view>

#include "../error.hpp"
#include "../secret.hpp"
#include "../unicode/nfkd.hpp"

namespace isolated_crypto::engines {

struct builtin_unicode {
  /// NFKD of `in` appended to `out`. Errors: invalid_utf8. Temporaries are wiped.
  /// Constant-time: no (table lookups per code point).
  static errc nfkd(std::string_view in, secret_string& out) { return unicode::nfkd(in, out); }
};

}  // namespace isolated_crypto::engines
