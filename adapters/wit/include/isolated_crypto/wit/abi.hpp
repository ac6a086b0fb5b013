#pragma once
// Canonical ABI building blocks: core value types, flattening (with the variant
// `join`), sizes, alignments and record/variant layout. Pure constexpr; the
// per-type rules that use them are in lift_lower.hpp.
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace isolated_crypto::wit {

inline constexpr std::size_t max_flat_params = 16;
inline constexpr std::size_t max_flat_results = 1;

/// Core wasm value types used by the canonical ABI.
enum class core : std::uint8_t { i32, i64, f32, f64 };

/// A flattened type: the core values that carry it.
template <std::size_t N>
using flat_list = std::array<core, N>;

/// Size and alignment in linear memory.
struct layout {
  std::uint32_t size;
  std::uint32_t align;
};

namespace detail {

template <class... T>
struct type_list {};

template <core C>
struct core_cpp;
template <>
struct core_cpp<core::i32> { using type = std::int32_t; };
template <>
struct core_cpp<core::i64> { using type = std::int64_t; };
template <>
struct core_cpp<core::f32> { using type = float; };
template <>
struct core_cpp<core::f64> { using type = double; };
/// The C++ type of a core value in a function signature.
template <core C>
using core_cpp_t = typename core_cpp<C>::type;

template <auto Flat, class = std::make_index_sequence<Flat.size()>>
struct core_types;
template <auto Flat, std::size_t... I>
struct core_types<Flat, std::index_sequence<I...>> {
  using type = type_list<core_cpp_t<Flat[I]>...>;
};
/// type_list<int32_t, ...> for a flat_list constant.
template <auto Flat>
using core_types_t = typename core_types<Flat>::type;

// A "slot" holds any core value as its raw bits: i32 and f32 zero-extended, so
// a payload coerced into a joined (wider) slot reads back by taking low bits.
inline std::uint64_t to_slot(std::int32_t v) noexcept { return static_cast<std::uint32_t>(v); }
inline std::uint64_t to_slot(std::int64_t v) noexcept { return static_cast<std::uint64_t>(v); }
inline std::uint64_t to_slot(float v) noexcept { return std::bit_cast<std::uint32_t>(v); }
inline std::uint64_t to_slot(double v) noexcept { return std::bit_cast<std::uint64_t>(v); }
template <class C>
C from_slot(std::uint64_t s) noexcept {
  if constexpr (std::is_same_v<C, std::int32_t>) return static_cast<std::int32_t>(static_cast<std::uint32_t>(s));
  else if constexpr (std::is_same_v<C, std::int64_t>) return static_cast<std::int64_t>(s);
  else if constexpr (std::is_same_v<C, float>) return std::bit_cast<float>(static_cast<std::uint32_t>(s));
  else return std::bit_cast<double>(s);
}

/// The canonical ABI `join` of two core types sharing a variant slot.
constexpr core join(core a, core b) noexcept {
  if (a == b) return a;
  if ((a == core::i32 && b == core::f32) || (a == core::f32 && b == core::i32)) return core::i32;
  return core::i64;
}

template <std::size_t... N>
constexpr flat_list<(std::size_t{0} + ... + N)> concat(const flat_list<N>&... parts) noexcept {
  flat_list<(std::size_t{0} + ... + N)> out{};
  std::size_t k = 0;
  ((void)[&] {
     for (core c : parts) out[k++] = c;
   }(),
   ...);
  (void)k;
  return out;
}

template <std::size_t... N>
constexpr std::size_t max_of() noexcept {
  std::size_t m = 0;
  ((m = N > m ? N : m), ...);
  return m;
}

/// flatten_variant: the i32 discriminant, then the payloads' flat lists joined slot by slot.
template <std::size_t... N>
constexpr flat_list<1 + max_of<N...>()> flatten_variant(const flat_list<N>&... cases) noexcept {
  flat_list<1 + max_of<N...>()> out{};
  out[0] = core::i32;
  std::size_t filled = 0;
  ((void)[&] {
     for (std::size_t i = 0; i < cases.size(); ++i) {
       if (i < filled) out[1 + i] = join(out[1 + i], cases[i]);
       else out[1 + i] = cases[i], ++filled;
     }
   }(),
   ...);
  return out;
}

constexpr std::uint32_t align_to(std::uint32_t p, std::uint32_t a) noexcept { return (p + a - 1) / a * a; }

/// Byte size of a variant discriminant for `cases` cases (u8, u16 or u32).
constexpr std::uint32_t discriminant_size(std::size_t cases) noexcept {
  return cases <= 256 ? 1 : cases <= 65536 ? 2 : 4;
}

template <std::size_t N>
struct record_layout_t {
  layout whole;
  std::array<std::uint32_t, N> offsets;
};
/// Record (and tuple) layout: fields in order, each aligned; size padded to the alignment.
template <std::size_t N>
constexpr record_layout_t<N> record_layout(const std::array<layout, N>& f) noexcept {
  record_layout_t<N> r{{0, 1}, {}};
  std::uint32_t s = 0;
  for (std::size_t i = 0; i < N; ++i) {
    s = align_to(s, f[i].align);
    r.offsets[i] = s;
    s += f[i].size;
    if (f[i].align > r.whole.align) r.whole.align = f[i].align;
  }
  r.whole.size = align_to(s, r.whole.align);
  return r;
}

struct variant_layout_t {
  layout whole;
  std::uint32_t disc_size;
  std::uint32_t payload_offset;
};
/// Variant layout: discriminant, then the payload at the largest case alignment.
/// Cases without payload are passed as layout {0, 1}.
template <std::size_t N>
constexpr variant_layout_t variant_layout(const std::array<layout, N>& cases) noexcept {
  std::uint32_t max_size = 0, max_align = 1;
  for (const layout& c : cases) {
    if (c.size > max_size) max_size = c.size;
    if (c.align > max_align) max_align = c.align;
  }
  const std::uint32_t d = discriminant_size(N);
  const std::uint32_t align = d > max_align ? d : max_align;
  const std::uint32_t off = align_to(d, max_align);
  return {{align_to(off + max_size, align), align}, d, off};
}

/// Flags: 0, 1, 2 or 4*ceil(n/32) bytes.
constexpr layout flags_layout(std::uint32_t n) noexcept {
  if (n == 0) return {0, 1};
  if (n <= 8) return {1, 1};
  if (n <= 16) return {2, 2};
  return {4 * ((n + 31) / 32), 4};
}

}  // namespace detail
}  // namespace isolated_crypto::wit
