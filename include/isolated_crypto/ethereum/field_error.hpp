// Errors of the Ethereum parsers: a stable code plus the field it is about.
// `field` is a path into the input ("message.to.wallet", "types.Mail[1].type",
// "accessList[0].storageKeys[2]", "nonce"); `detail` says what was wanted. Both are
// built from the input's structure and public field names, never from secret data.
#pragma once

#include <string>
#include <utility>

#include "../error.hpp"

namespace isolated_crypto::ethereum {

struct field_error {
  errc code = errc::ok;
  std::string field;   ///< where: a path into the input; empty = the whole input
  std::string detail;  ///< what was wanted, e.g. "want 32 bytes, got 31"; may be empty
};

/// "message.to.wallet: missing field" / "nonce: integer out of range (want at most 2^64-1)".
inline std::string describe(const field_error& e) {
  std::string s = e.field.empty() ? std::string() : e.field + ": ";
  s += name(e.code);
  if (!e.detail.empty()) s += " (" + e.detail + ")";
  return s;
}

/// A T or a field_error (the result<T> shape, with a richer error). Checked access aborts.
template <class T>
class [[nodiscard]] field_result : public ::isolated_crypto::detail::value_or_error<T, field_error> {
  using base = ::isolated_crypto::detail::value_or_error<T, field_error>;

 public:
  using base::base;

  /// The error (code ok and empty field when a value is held).
  [[nodiscard]] const field_error& err() const noexcept { return this->stored_error(); }
  [[nodiscard]] errc code() const noexcept { return this->stored_error().code; }
};

/// A field_error at `field` from a plain error code.
inline field_error at(std::string field, errc code, std::string detail = {}) {
  return field_error{code, std::move(field), std::move(detail)};
}

/// Path helpers: join("message", "to") = "message.to"; index("list", 2) = "list[2]".
inline std::string join(const std::string& parent, const std::string& child) {
  return parent.empty() ? child : parent + "." + child;
}
inline std::string index(const std::string& parent, std::size_t i) {
  return parent + "[" + std::to_string(i) + "]";
}

}  // namespace isolated_crypto::ethereum
