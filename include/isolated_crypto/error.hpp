// Stable error codes and result<T>: no exception crosses the public API.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace isolated_crypto {

/// Stable error codes. Values never change once released; new codes are appended.
enum class errc : std::uint16_t {
  ok = 0,
  // BIP39
  invalid_utf8 = 1,              ///< text is not valid UTF-8
  invalid_word_count = 2,        ///< mnemonic has not 12, 15, 18, 21 or 24 words
  unknown_word = 3,              ///< a word is in no wordlist (position given, never the word)
  invalid_checksum = 4,          ///< all words known, checksum bits wrong
  mixed_languages = 5,           ///< words known, but no single wordlist holds all of them
  mnemonic_too_long = 6,         ///< text longer than bip39::max_mnemonic_bytes (checked first)
  // BIP32
  invalid_path = 10,             ///< path does not start with "m" or has a bad character
  empty_path_component = 11,     ///< "m//0", "m/0/" ...
  path_index_overflow = 12,      ///< index ≥ 2^31 (or ≥ 2^32 with the hardened marker)
  invalid_master_key = 13,       ///< HMAC output IL is 0 or ≥ n (BIP32: seed unusable)
  derivation_exhausted = 14,     ///< no valid child at or after the index within its range
  depth_overflow = 15,           ///< xpub of a node deeper than 255 levels (depth is one byte)
  // encodings and lengths
  invalid_hex = 20,              ///< odd length or a non-hex character
  invalid_length = 21,           ///< a byte string of the wrong length
  invalid_public_key = 22,       ///< not a valid SEC1 encoding of a curve point
  invalid_signature = 23,        ///< r or s is 0 or ≥ n
  recovery_failed = 24,          ///< no public key recovers from this signature
  invalid_base58 = 25,           ///< bad base58 character or checksum
  invalid_address_checksum = 26, ///< mixed-case Ethereum address whose EIP-55 checksum is wrong
  // signing
  signing_failed = 30,           ///< the backend could not produce a signature
  // Ethereum formats (RLP, JSON, EIP-712, transactions); ethereum::field_error names the field
  invalid_rlp = 40,              ///< truncated RLP, a length past the end, trailing bytes, too deep
  non_canonical_rlp = 41,        ///< RLP that is valid but not minimal (long form for short data, leading zeros)
  invalid_json = 42,             ///< JSON syntax error, duplicate key, bad escape, or nesting too deep
  missing_field = 43,            ///< a required field is absent
  unknown_field = 44,            ///< a field that the type or schema does not define
  wrong_field_type = 45,         ///< a field of the wrong kind (e.g. a number where a string is needed)
  integer_out_of_range = 46,     ///< an integer outside its type's range (uintN/intN, u64 fields, 2^256)
  invalid_integer = 47,          ///< a number that is not an integer literal (fraction, exponent, bad digits)
  unknown_type = 48,             ///< an EIP-712 type that is neither atomic nor defined in `types`
  recursive_type = 49,           ///< an EIP-712 type that contains itself without an array (no finite value)
  invalid_type_definition = 50,  ///< an EIP-712 type or field name that is empty, malformed or repeated
  unsupported_transaction = 51,  ///< a transaction type this SDK does not handle, or a field it forbids
};

/// One error: a code plus, where it helps, a position (word number from 1, or path offset).
/// Never carries input text, so it can be logged even when the input was secret.
struct error {
  errc code = errc::ok;
  std::uint32_t position = 0;  ///< 1-based word number or path character offset; 0 = none
};

/// Human-readable, stable name of a code.
constexpr std::string_view name(errc c) noexcept {
  switch (c) {
    case errc::ok: return "ok";
    case errc::invalid_utf8: return "invalid UTF-8";
    case errc::invalid_word_count: return "mnemonic must have 12, 15, 18, 21 or 24 words";
    case errc::unknown_word: return "unknown mnemonic word";
    case errc::invalid_checksum: return "invalid mnemonic checksum";
    case errc::mixed_languages: return "mnemonic words come from different wordlists";
    case errc::mnemonic_too_long: return "mnemonic text too long (more than 4096 bytes)";
    case errc::invalid_path: return "invalid derivation path";
    case errc::empty_path_component: return "empty derivation path component";
    case errc::path_index_overflow: return "derivation path index out of range";
    case errc::invalid_master_key: return "seed gives an invalid BIP32 master key";
    case errc::derivation_exhausted: return "no valid BIP32 child in the index range";
    case errc::depth_overflow: return "BIP32 depth exceeds 255 (no xpub encoding)";
    case errc::invalid_hex: return "invalid hex string";
    case errc::invalid_length: return "wrong length";
    case errc::invalid_public_key: return "invalid public key";
    case errc::invalid_signature: return "invalid signature";
    case errc::recovery_failed: return "public key recovery failed";
    case errc::invalid_base58: return "invalid base58check string";
    case errc::invalid_address_checksum: return "invalid EIP-55 address checksum";
    case errc::signing_failed: return "signing failed";
    case errc::invalid_rlp: return "invalid RLP";
    case errc::non_canonical_rlp: return "non-canonical RLP";
    case errc::invalid_json: return "invalid JSON";
    case errc::missing_field: return "missing field";
    case errc::unknown_field: return "unknown field";
    case errc::wrong_field_type: return "wrong field type";
    case errc::integer_out_of_range: return "integer out of range";
    case errc::invalid_integer: return "not an integer";
    case errc::unknown_type: return "unknown type";
    case errc::recursive_type: return "recursive type without a base case";
    case errc::invalid_type_definition: return "invalid type definition";
    case errc::unsupported_transaction: return "unsupported transaction";
  }
  return "unknown error";
}

/// "unknown mnemonic word (word 5)". Contains no input text.
inline std::string describe(const error& e) {
  std::string s(name(e.code));
  if (e.position != 0) {
    const bool word = e.code == errc::unknown_word;
    s += word ? " (word " : " (at character ";
    s += std::to_string(e.position);
    s += ')';
  }
  return s;
}

namespace detail {
[[noreturn]] inline void contract_violation(const char* what) noexcept {
  // A contract violation is a programming error: stop without touching secrets.
  (void)what;
  std::abort();
}
}  // namespace detail

namespace detail {
/// The body shared by result<T> and ethereum::field_result<T>: a T or an error E (E{} while a
/// value is held), move-only. Checked access aborts on misuse.
template <class T, class E>
class value_or_error {
 public:
  value_or_error(T value) noexcept(std::is_nothrow_move_constructible_v<T>) : has_(true) {  // NOLINT: implicit
    ::new (&value_) T(std::move(value));
  }
  value_or_error(E e) noexcept(std::is_nothrow_move_constructible_v<E>) : err_(std::move(e)), has_(false) {}  // NOLINT: implicit
  value_or_error(value_or_error&& o) noexcept(std::is_nothrow_move_constructible_v<T> &&
                                              std::is_nothrow_move_constructible_v<E>)
      : err_(std::move(o.err_)), has_(o.has_) {
    if (has_) ::new (&value_) T(std::move(o.value_));
  }
  value_or_error& operator=(value_or_error&&) = delete;
  value_or_error(const value_or_error&) = delete;
  value_or_error& operator=(const value_or_error&) = delete;
  ~value_or_error() {
    if (has_) value_.~T();
  }

  [[nodiscard]] bool has_value() const noexcept { return has_; }
  explicit operator bool() const noexcept { return has_; }

  T& value() & noexcept { check(); return value_; }
  const T& value() const& noexcept { check(); return value_; }
  T&& value() && noexcept { check(); return std::move(value_); }
  T& operator*() & noexcept { return value(); }
  const T& operator*() const& noexcept { return value(); }
  T&& operator*() && noexcept { return std::move(*this).value(); }
  T* operator->() noexcept { return &value(); }
  const T* operator->() const noexcept { return &value(); }

 protected:
  /// The error; E{} when a value is held.
  [[nodiscard]] const E& stored_error() const noexcept { return err_; }

 private:
  void check() const noexcept {
    if (!has_) contract_violation("value() on an error");
  }
  union {
    T value_;
  };
  E err_{};
  bool has_;
};
}  // namespace detail

/// std::expected-like holder of a T or an error. Checked access aborts on misuse.
template <class T>
class [[nodiscard]] result : public detail::value_or_error<T, error> {
  using base = detail::value_or_error<T, error>;

 public:
  using base::base;
  result(errc c) noexcept : base(error{c, 0}) {}  // NOLINT: implicit

  /// The error; errc::ok when a value is held.
  [[nodiscard]] error err() const noexcept { return this->stored_error(); }
  [[nodiscard]] errc code() const noexcept { return err().code; }
};

template <>
class [[nodiscard]] result<void> {
 public:
  result() noexcept = default;
  result(error e) noexcept : err_(e) {}  // NOLINT: implicit
  result(errc c) noexcept : err_{c, 0} {}  // NOLINT: implicit
  [[nodiscard]] bool has_value() const noexcept { return err_.code == errc::ok; }
  explicit operator bool() const noexcept { return has_value(); }
  [[nodiscard]] error err() const noexcept { return err_; }
  [[nodiscard]] errc code() const noexcept { return err_.code; }

 private:
  error err_{};
};

}  // namespace isolated_crypto
