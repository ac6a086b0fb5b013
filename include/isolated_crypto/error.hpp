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

/// std::expected-like holder of a T or an error. Checked access aborts on misuse.
template <class T>
class [[nodiscard]] result {
 public:
  result(T value) noexcept(std::is_nothrow_move_constructible_v<T>) : has_(true) {  // NOLINT: implicit
    ::new (&value_) T(std::move(value));
  }
  result(error e) noexcept : err_(e), has_(false) {}  // NOLINT: implicit
  result(errc c) noexcept : err_{c, 0}, has_(false) {}  // NOLINT: implicit

  result(result&& o) noexcept(std::is_nothrow_move_constructible_v<T>) : err_(o.err_), has_(o.has_) {
    if (has_) ::new (&value_) T(std::move(o.value_));
  }
  result& operator=(result&&) = delete;
  result(const result&) = delete;
  result& operator=(const result&) = delete;
  ~result() {
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

  /// The error; errc::ok when a value is held.
  [[nodiscard]] error err() const noexcept { return has_ ? error{} : err_; }
  [[nodiscard]] errc code() const noexcept { return err().code; }

 private:
  void check() const noexcept {
    if (!has_) detail::contract_violation("result: value() on an error");
  }
  union {
    T value_;
  };
  error err_{};
  bool has_;
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
