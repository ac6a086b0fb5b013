#pragma once
// wit::abi<T>: the canonical ABI of one C++ type. Scalars, strings and lists
// are here; options, results, variants, tuples, records, enums, flags and
// handles are in lift_lower_compound.hpp.
//
// Every specialisation has
//   static constexpr layout mem;      size and alignment in linear memory
//   static constexpr flat_list<N> flat;
//   static void store(lower_ctx&, const T&, addr_t);          write at an address
//   static void lower(lower_ctx&, const T&, std::uint64_t*);  write flat.size() slots
// and, if T can be received (owned types, not views):
//   static T load(addr_t);                                     read from an address
//   static T lift(const std::uint64_t*);                       read flat slots
//
// Ownership: lowering BORROWS buffers (the value must outlive the use of its
// image) and records buffers it had to build (re-laid-out lists) in the
// lower_ctx, which frees them. Lowering an own<R> transfers the handle.
// Lifting and loading ADOPT every buffer they meet (the receiver owns them) and
// free the ones they copy out of. Strings are not UTF-8 checked here: the
// component runtime validates strings when it lifts them.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "abi.hpp"
#include "memory.hpp"
#include "types.hpp"

namespace isolated_crypto::wit {

/// Buffers built while lowering one call's values; freed by release() or the destructor.
class lower_ctx {
 public:
  lower_ctx() = default;
  lower_ctx(const lower_ctx&) = delete;
  lower_ctx& operator=(const lower_ctx&) = delete;
  ~lower_ctx() { release(); }

  /// `size` bytes aligned to `align` (<= 16), valid until release().
  addr_t temp(std::size_t size, std::size_t align) noexcept {
    if (size == 0) return static_cast<addr_t>(align);
    auto* block = static_cast<std::byte*>(detail::alloc(size + header, 16));
    std::memcpy(block, &head_, sizeof head_);
    head_ = block;
    return detail::addr(block + header);
  }
  void release() noexcept {
    while (head_ != nullptr) {
      std::byte* next;
      std::memcpy(&next, head_, sizeof next);
      detail::dealloc(head_);
      head_ = next;
    }
  }

 private:
  static constexpr std::size_t header = 16;
  std::byte* head_ = nullptr;
};

template <class T>
struct abi;  // specialised below and in lift_lower_compound.hpp

namespace detail {

template <class T>
concept char_type = std::is_same_v<T, char> || std::is_same_v<T, wchar_t> || std::is_same_v<T, char8_t> ||
                    std::is_same_v<T, char16_t> || std::is_same_v<T, char32_t>;
template <class T>
concept wit_integer = std::is_integral_v<T> && !std::is_same_v<T, bool> && !char_type<T>;
/// Types whose C++ object representation is their canonical representation,
/// so lists of them are passed without conversion.
template <class T>
concept bitwise = wit_integer<T> || std::is_same_v<T, float> || std::is_same_v<T, double> ||
                  std::is_same_v<T, std::byte>;

/// Address of `n` bytes at `p` as seen by the callee: `p` itself when it lies in
/// linear memory, else a temporary copy (only on a native host).
inline addr_t borrow_bytes(lower_ctx& cx, const void* p, std::size_t n, std::size_t align) noexcept {
  if (n == 0) return static_cast<addr_t>(align);
  if (addressable(p)) return addr(p);
  addr_t a = cx.temp(n, align);
  std::memcpy(ptr(a), p, n);
  return a;
}

template <class T>
concept liftable = requires(addr_t a, const std::uint64_t* s) {
  { abi<T>::load(a) } -> std::same_as<T>;
  { abi<T>::lift(s) } -> std::same_as<T>;
};

// ---- scalars -------------------------------------------------------------

/// Scalars share store/lower/lift through their 32- or 64-bit slot image.
template <class T, core Flat>
struct scalar_abi {
  static constexpr layout mem{sizeof(T), sizeof(T)};
  static constexpr flat_list<1> flat{Flat};
  static void store(lower_ctx&, const T& v, addr_t a) noexcept { store_int(a, v); }
  static T load(addr_t a) noexcept { return load_int<T>(a); }
};

}  // namespace detail

template <>
struct abi<bool> {
  static constexpr layout mem{1, 1};
  static constexpr flat_list<1> flat{core::i32};
  static void store(lower_ctx&, const bool& v, addr_t a) noexcept { detail::store_int<std::uint8_t>(a, v ? 1 : 0); }
  static bool load(addr_t a) noexcept { return detail::load_int<std::uint8_t>(a) != 0; }
  static void lower(lower_ctx&, const bool& v, std::uint64_t* out) noexcept { out[0] = v ? 1 : 0; }
  static bool lift(const std::uint64_t* in) noexcept { return static_cast<std::uint32_t>(in[0]) != 0; }
};

/// u8..u64, s8..s64 (by size and signedness of the C++ type).
template <class T>
  requires detail::wit_integer<T>
struct abi<T> : detail::scalar_abi<T, sizeof(T) == 8 ? core::i64 : core::i32> {
  static void lower(lower_ctx&, const T& v, std::uint64_t* out) noexcept {
    if constexpr (sizeof(T) == 8) out[0] = static_cast<std::uint64_t>(v);
    else if constexpr (std::is_signed_v<T>) out[0] = static_cast<std::uint32_t>(static_cast<std::int32_t>(v));
    else out[0] = static_cast<std::uint32_t>(v);
  }
  static T lift(const std::uint64_t* in) noexcept {
    if constexpr (sizeof(T) == 8) return static_cast<T>(in[0]);
    else return static_cast<T>(static_cast<std::uint32_t>(in[0]));  // high bits ignored
  }
};

/// std::byte is u8.
template <>
struct abi<std::byte> : detail::scalar_abi<std::byte, core::i32> {
  static void lower(lower_ctx&, const std::byte& v, std::uint64_t* out) noexcept { out[0] = static_cast<std::uint8_t>(v); }
  static std::byte lift(const std::uint64_t* in) noexcept { return static_cast<std::byte>(in[0]); }
};

/// f32 / f64: bits passed unchanged (no NaN canonicalisation).
template <>
struct abi<float> : detail::scalar_abi<float, core::f32> {
  static void lower(lower_ctx&, const float& v, std::uint64_t* out) noexcept { out[0] = detail::to_slot(v); }
  static float lift(const std::uint64_t* in) noexcept { return detail::from_slot<float>(in[0]); }
};
template <>
struct abi<double> : detail::scalar_abi<double, core::f64> {
  static void lower(lower_ctx&, const double& v, std::uint64_t* out) noexcept { out[0] = detail::to_slot(v); }
  static double lift(const std::uint64_t* in) noexcept { return detail::from_slot<double>(in[0]); }
};

/// char: a Unicode scalar value; lifting traps on surrogates and values > 0x10FFFF.
template <>
struct abi<char32_t> {
  static constexpr layout mem{4, 4};
  static constexpr flat_list<1> flat{core::i32};
  static char32_t checked(std::uint32_t c) noexcept {
    trap_if(c >= 0x110000 || (c >= 0xD800 && c <= 0xDFFF));
    return static_cast<char32_t>(c);
  }
  static void store(lower_ctx&, const char32_t& v, addr_t a) noexcept { detail::store_int<std::uint32_t>(a, v); }
  static char32_t load(addr_t a) noexcept { return checked(detail::load_int<std::uint32_t>(a)); }
  static void lower(lower_ctx&, const char32_t& v, std::uint64_t* out) noexcept { out[0] = static_cast<std::uint32_t>(v); }
  static char32_t lift(const std::uint64_t* in) noexcept { return checked(static_cast<std::uint32_t>(in[0])); }
};

// ---- strings and lists: (pointer, length) ----------------------------------

namespace detail {

/// The shared part of every string and list: layout {8, 4}, flat (i32, i32).
template <class Derived>
struct buffer_abi {
  static constexpr layout mem{8, 4};
  static constexpr flat_list<2> flat{core::i32, core::i32};
  template <class T>
  static void store(lower_ctx& cx, const T& v, addr_t a) noexcept {
    auto [p, n] = Derived::lower_buffer(cx, v);
    store_int<std::uint32_t>(a, p);
    store_int<std::uint32_t>(a + 4, n);
  }
  template <class T>
  static void lower(lower_ctx& cx, const T& v, std::uint64_t* out) noexcept {
    auto [p, n] = Derived::lower_buffer(cx, v);
    out[0] = p;
    out[1] = n;
  }
};
struct ptr_len {
  addr_t p;
  std::uint32_t n;
};

struct string_abi_base : buffer_abi<string_abi_base> {
  static ptr_len lower_buffer(lower_ctx& cx, std::string_view s) noexcept {
    return {borrow_bytes(cx, s.data(), s.size(), 1), static_cast<std::uint32_t>(s.size())};
  }
};

/// Lowers `n` elements at `p`: bitwise elements in place, others into a temporary canonical array.
template <class T>
ptr_len lower_elements(lower_ctx& cx, const T* p, std::size_t n) noexcept {
  constexpr layout e = abi<T>::mem;
  if constexpr (bitwise<T>) {
    return {borrow_bytes(cx, p, n * sizeof(T), alignof(T)), static_cast<std::uint32_t>(n)};
  } else {
    addr_t a = cx.temp(n * e.size, e.align);
    for (std::size_t i = 0; i < n; ++i) abi<T>::store(cx, p[i], a + static_cast<addr_t>(i * e.size));
    return {a, static_cast<std::uint32_t>(n)};
  }
}

/// Lifts a canonical array of `n` T at `a` into a new wit::list<T>; the canonical
/// array is adopted (bitwise T) or freed after its elements were loaded.
/// Canonical ABI: a lifted array must be aligned and lie inside linear memory, else trap.
inline void check_array(addr_t a, std::uint32_t n, std::uint32_t size, std::uint32_t align) noexcept {
  trap_if(align != 0 && a % align != 0);
  trap_if(std::uint64_t{a} + std::uint64_t{n} * size > memory_bytes());
}

/// Bytes of `n` native T (sizeof(T) may exceed the canonical size: own<R>, variants).
/// Traps unless they are fewer than linear memory holds; checked by division, so the
/// product can wrap neither in 32-bit (wasm32 size_t) nor in 64-bit arithmetic.
template <class T>
std::size_t native_array_bytes(std::uint32_t n) noexcept {
  trap_if(n != 0 && sizeof(T) >= memory_bytes() / n);
  return static_cast<std::size_t>(std::uint64_t{n} * sizeof(T));
}

template <class T>
list<T> lift_elements(addr_t a, std::uint32_t n) noexcept {
  constexpr layout e = abi<T>::mem;
  check_array(a, n, e.size, e.align);
  if constexpr (bitwise<T>) {
    return list<T>::adopt(reinterpret_cast<T*>(ptr(a)), n);
  } else {
    auto* out = static_cast<T*>(alloc_or_dummy(native_array_bytes<T>(n), alignof(T)));
    for (std::uint32_t i = 0; i < n; ++i) new (out + i) T(abi<T>::load(a + i * e.size));
    dealloc_sized(ptr(a), std::size_t{n} * e.size);
    return list<T>::adopt(out, n);
  }
}

template <class T>
struct list_abi_base : buffer_abi<list_abi_base<T>> {
  static ptr_len lower_buffer(lower_ctx& cx, std::span<const T> s) noexcept { return lower_elements(cx, s.data(), s.size()); }
};

}  // namespace detail

/// string, owned (wit::string / wit::secret_string).
template <bool Wipe>
struct abi<basic_string<Wipe>> : detail::string_abi_base {
  static basic_string<Wipe> load(addr_t a) noexcept {
    return from(detail::load_int<std::uint32_t>(a), detail::load_int<std::uint32_t>(a + 4));
  }
  static basic_string<Wipe> lift(const std::uint64_t* in) noexcept {
    return from(static_cast<addr_t>(in[0]), static_cast<std::uint32_t>(in[1]));
  }
  static basic_string<Wipe> from(addr_t p, std::uint32_t n) noexcept {
    detail::check_array(p, n, 1, 1);
    return basic_string<Wipe>::adopt(reinterpret_cast<char*>(detail::ptr(p)), n);
  }
};
/// string, borrowed view (arguments only).
template <>
struct abi<std::string_view> : detail::string_abi_base {};
/// string as std::string (received strings are copied, then the buffer is freed).
template <>
struct abi<std::string> : detail::string_abi_base {
  static std::string load(addr_t a) noexcept { return std::string(abi<string>::load(a).view()); }
  static std::string lift(const std::uint64_t* in) noexcept { return std::string(abi<string>::lift(in).view()); }
};

/// list<T>, owned.
template <class T>
struct abi<list<T>> : detail::list_abi_base<T> {
  static list<T> load(addr_t a) noexcept {
    return detail::lift_elements<T>(detail::load_int<std::uint32_t>(a), detail::load_int<std::uint32_t>(a + 4));
  }
  static list<T> lift(const std::uint64_t* in) noexcept {
    return detail::lift_elements<T>(static_cast<addr_t>(in[0]), static_cast<std::uint32_t>(in[1]));
  }
};
/// list<T> as std::vector<T> (received lists are moved element-wise out of a wit::list).
template <class T>
struct abi<std::vector<T>> : detail::list_abi_base<T> {
  static std::vector<T> from(list<T>&& l) {
    std::vector<T> v;
    v.reserve(l.size());
    for (T& e : l) v.push_back(std::move(e));
    return v;
  }
  static std::vector<T> load(addr_t a) noexcept { return from(abi<list<T>>::load(a)); }
  static std::vector<T> lift(const std::uint64_t* in) noexcept { return from(abi<list<T>>::lift(in)); }
};
/// list<T> of exactly N elements as std::array<T, N>; receiving another length traps.
template <class T, std::size_t N>
struct abi<std::array<T, N>> : detail::list_abi_base<T> {
  static std::array<T, N> from(list<T>&& l) noexcept {
    trap_if(l.size() != N);
    return [&]<std::size_t... I>(std::index_sequence<I...>) { return std::array<T, N>{std::move(l[I])...}; }(std::make_index_sequence<N>());
  }
  static std::array<T, N> load(addr_t a) noexcept { return from(abi<list<T>>::load(a)); }
  static std::array<T, N> lift(const std::uint64_t* in) noexcept { return from(abi<list<T>>::lift(in)); }
};
/// list<T>, borrowed view (arguments only).
template <class T, std::size_t N>
struct abi<std::span<const T, N>> : detail::list_abi_base<T> {};

}  // namespace isolated_crypto::wit

#include "lift_lower_compound.hpp"
