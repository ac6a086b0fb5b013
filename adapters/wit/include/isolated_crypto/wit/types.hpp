#pragma once
// C++ value types for WIT values, and how to describe your own types.
//
//   WIT                     C++
//   bool, u8..u64, s8..s64  bool, std::uint8_t..std::uint64_t, std::int8_t..std::int64_t
//   f32, f64, char          float, double, char32_t
//   string                  wit::string (owned), wit::secret_string (owned, wiped),
//                           std::string_view (argument only)
//   list<T>                 wit::list<T> (owned), std::array<T, N> (length N or trap),
//                           std::span<const T> / std::span<const T, N> (argument only)
//   option<T>               std::optional<T>
//   result<T, E>            wit::result<T, E>   (wit::unit for a missing T or E)
//   tuple<A, B, ...>        std::tuple<A, B, ...>, std::pair<A, B>
//   variant { a(T), b }     std::variant<T, wit::unit>   (cases in WIT order)
//   record                  a struct + wit::record<S> : wit::fields<&S::a, &S::b> {}
//   enum                    a C++ enum (values 0..n-1) + wit::enum_traits<E>::count
//   flags                   a C++ enum or unsigned integer bitmask (bit i = label i)
//                           + wit::flags_traits<F>::count
//   own<R>, borrow<R>       wit::own<R>, wit::borrow<R>, or R& for a borrow of a
//                           resource this component defines (see resource.hpp)
//
// Owned buffers live in linear memory (malloc) so they can be handed across the
// boundary without copies. Every owned type is move-only.
#include <cstddef>
#include <cstdint>
#include <new>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "memory.hpp"

namespace isolated_crypto::wit {

/// A variant or result case without payload.
struct unit {
  friend bool operator==(unit, unit) = default;
};

/// Owned UTF-8 string in linear memory. `Wipe` zeroes the bytes before freeing.
template <bool Wipe>
class basic_string {
 public:
  basic_string() = default;
  basic_string(basic_string&& o) noexcept : p_(std::exchange(o.p_, nullptr)), n_(std::exchange(o.n_, 0)) {}
  basic_string& operator=(basic_string&& o) noexcept {
    if (this != &o) {
      reset();
      p_ = std::exchange(o.p_, nullptr);
      n_ = std::exchange(o.n_, 0);
    }
    return *this;
  }
  ~basic_string() { reset(); }

  /// Takes ownership of `n` bytes at `p` (allocated by cabi_realloc/malloc; any
  /// pointer if n == 0).
  static basic_string adopt(char* p, std::size_t n) noexcept {
    basic_string s;
    s.p_ = p;
    s.n_ = n;
    return s;
  }
  /// A copy of `s` in a new buffer.
  static basic_string copy_of(std::string_view s) noexcept {
    auto* p = static_cast<char*>(detail::alloc_or_dummy(s.size(), 1));
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    return adopt(p, s.size());
  }

  const char* data() const noexcept { return p_; }
  std::size_t size() const noexcept { return n_; }
  bool empty() const noexcept { return n_ == 0; }
  std::string_view view() const noexcept { return {p_, n_}; }
  operator std::string_view() const noexcept { return view(); }

  /// Gives up ownership; the caller must free the bytes (if size() != 0).
  char* release() noexcept {
    n_ = 0;
    return std::exchange(p_, nullptr);
  }

 private:
  void reset() noexcept {
    if (n_ != 0) {
      if constexpr (Wipe) wipe(p_, n_);
      detail::dealloc(p_);
    }
    p_ = nullptr;
    n_ = 0;
  }
  char* p_ = nullptr;
  std::size_t n_ = 0;
};

/// Owned string; freed without wiping.
using string = basic_string<false>;
/// Owned string that carried a secret (mnemonic, passphrase): zeroed, then freed.
/// Use it as the parameter type of an export; the arguments' buffer is wiped
/// when the call returns.
using secret_string = basic_string<true>;

/// Owned array of T in linear memory.
template <class T>
class list {
 public:
  list() = default;
  list(list&& o) noexcept : p_(std::exchange(o.p_, nullptr)), n_(std::exchange(o.n_, 0)) {}
  list& operator=(list&& o) noexcept {
    if (this != &o) {
      reset();
      p_ = std::exchange(o.p_, nullptr);
      n_ = std::exchange(o.n_, 0);
    }
    return *this;
  }
  ~list() { reset(); }

  /// Takes ownership of `n` constructed elements at `p` (from alloc; any pointer if n == 0).
  static list adopt(T* p, std::size_t n) noexcept {
    list l;
    l.p_ = p;
    l.n_ = n;
    return l;
  }
  /// `n` value-initialised elements.
  static list with_size(std::size_t n) noexcept {
    auto* p = static_cast<T*>(detail::alloc_or_dummy(n * sizeof(T), alignof(T)));
    for (std::size_t i = 0; i < n; ++i) new (p + i) T();
    return adopt(p, n);
  }
  /// Copies of the elements of `s`.
  static list copy_of(std::span<const T> s) noexcept
    requires std::is_copy_constructible_v<T>
  {
    auto* p = static_cast<T*>(detail::alloc_or_dummy(s.size() * sizeof(T), alignof(T)));
    for (std::size_t i = 0; i < s.size(); ++i) new (p + i) T(s[i]);
    return adopt(p, s.size());
  }

  T* data() noexcept { return p_; }
  const T* data() const noexcept { return p_; }
  std::size_t size() const noexcept { return n_; }
  bool empty() const noexcept { return n_ == 0; }
  T* begin() noexcept { return p_; }
  T* end() noexcept { return p_ + n_; }
  const T* begin() const noexcept { return p_; }
  const T* end() const noexcept { return p_ + n_; }
  T& operator[](std::size_t i) noexcept { return p_[i]; }
  const T& operator[](std::size_t i) const noexcept { return p_[i]; }
  std::span<const T> span() const noexcept { return {p_, n_}; }
  operator std::span<const T>() const noexcept { return span(); }

  /// Gives up ownership of the buffer (elements stay constructed).
  T* release() noexcept {
    n_ = 0;
    return std::exchange(p_, nullptr);
  }

 private:
  void reset() noexcept {
    if (n_ != 0) {
      for (std::size_t i = 0; i < n_; ++i) p_[i].~T();
      detail::dealloc(p_);
    }
    p_ = nullptr;
    n_ = 0;
  }
  T* p_ = nullptr;
  std::size_t n_ = 0;
};

template <class T>
struct ok_value {
  T value;
};
template <class E>
struct err_value {
  E value;
};
/// `return wit::ok(v);` / `return wit::err(e);` build any compatible wit::result.
template <class T>
ok_value<std::decay_t<T>> ok(T&& v) {
  return {std::forward<T>(v)};
}
inline ok_value<unit> ok() { return {}; }
template <class E>
err_value<std::decay_t<E>> err(E&& e) {
  return {std::forward<E>(e)};
}

/// WIT result<T, E>: exactly one of value() (case ok, 0) or error() (case error, 1).
template <class T, class E>
class result {
 public:
  template <class U>
  result(ok_value<U>&& v) : v_(std::in_place_index<0>, std::move(v.value)) {}
  template <class U>
  result(err_value<U>&& e) : v_(std::in_place_index<1>, std::move(e.value)) {}
  template <std::size_t I, class... A>
  explicit result(std::in_place_index_t<I> i, A&&... a) : v_(i, std::forward<A>(a)...) {}

  bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }
  T& value() noexcept { return *std::get_if<0>(&v_); }
  const T& value() const noexcept { return *std::get_if<0>(&v_); }
  E& error() noexcept { return *std::get_if<1>(&v_); }
  const E& error() const noexcept { return *std::get_if<1>(&v_); }

  /// The same value as a two-case variant (used by the ABI code).
  std::variant<T, E>& as_variant() noexcept { return v_; }
  const std::variant<T, E>& as_variant() const noexcept { return v_; }

 private:
  std::variant<T, E> v_;
};

/// Members of a record, in WIT field order.
template <auto... Members>
struct fields {
  static constexpr bool is_wit_record = true;
};
/// Specialise: `template <> struct wit::record<S> : wit::fields<&S::x, &S::y> {};`
template <class T>
struct record {};

/// Specialise for a C++ enum used as a WIT enum: `static constexpr std::uint32_t count`.
/// The enumerators must be 0 .. count-1 in WIT order.
template <class E>
struct enum_traits {};

/// Specialise for a bitmask type used as WIT flags: `static constexpr std::uint32_t count`
/// (at most 32). Bit i is the i-th label.
template <class F>
struct flags_traits {};

}  // namespace isolated_crypto::wit
