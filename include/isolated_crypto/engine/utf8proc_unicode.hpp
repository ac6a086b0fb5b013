// Unicode backend over utf8proc: NFKD into secret storage. Constant-time: no (table
// lookups per code point); the mnemonic's characters are all from public wordlists.
#pragma once

#include <cstdint>
#include <string_view>

#include <utf8proc.h>

#include "../error.hpp"
#include "../secret.hpp"

namespace isolated_crypto::engines {

struct utf8proc_unicode {
  /// NFKD of `in` appended to `out`. Errors: invalid_utf8. Temporaries are wiped.
  static errc nfkd(std::string_view in, secret_string& out) {
    const auto* src = reinterpret_cast<const utf8proc_uint8_t*>(in.data());
    const auto len = static_cast<utf8proc_ssize_t>(in.size());
    constexpr auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT);
    // First pass: count code points (also validates the UTF-8).
    const utf8proc_ssize_t n = utf8proc_decompose(src, len, nullptr, 0, options);
    if (n < 0) return errc::invalid_utf8;
    auto* cps = new utf8proc_int32_t[static_cast<std::size_t>(n) + 1];
    const utf8proc_ssize_t m = utf8proc_decompose(src, len, cps, n, options);
    errc result = errc::ok;
    if (m != n) {
      result = errc::invalid_utf8;
    } else {
      out.reserve(out.size() + static_cast<std::size_t>(n) * 4);
      for (utf8proc_ssize_t i = 0; i < n; ++i) {
        utf8proc_uint8_t buf[4];
        const utf8proc_ssize_t k = utf8proc_encode_char(cps[i], buf);
        out.append(std::string_view(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(k)));
        secure_wipe(buf, sizeof(buf));
      }
    }
    secure_wipe(cps, sizeof(utf8proc_int32_t) * (static_cast<std::size_t>(n) + 1));
    delete[] cps;
    return result;
  }
};

}  // namespace isolated_crypto::engines
