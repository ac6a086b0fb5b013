#pragma once
// wit::abi<T> for compound types: unit, variant, option, result, enum, flags,
// tuple, record, own/borrow handles. Included by lift_lower.hpp.
#include <optional>
#include <tuple>
#include <utility>
#include <variant>

#include "resource.hpp"

namespace isolated_crypto::wit {

/// The empty payload of a variant case.
template <>
struct abi<unit> {
  static constexpr layout mem{0, 1};
  static constexpr flat_list<0> flat{};
  static void store(lower_ctx&, const unit&, addr_t) noexcept {}
  static unit load(addr_t) noexcept { return {}; }
  static void lower(lower_ctx&, const unit&, std::uint64_t*) noexcept {}
  static unit lift(const std::uint64_t*) noexcept { return {}; }
};

namespace detail {

inline void store_disc(addr_t a, std::uint32_t size, std::uint32_t v) noexcept {
  if (size == 1) store_int<std::uint8_t>(a, static_cast<std::uint8_t>(v));
  else if (size == 2) store_int<std::uint16_t>(a, static_cast<std::uint16_t>(v));
  else store_int<std::uint32_t>(a, v);
}
/// Loads a discriminant and traps unless it is < cases.
inline std::uint32_t load_disc(addr_t a, std::uint32_t size, std::size_t cases) noexcept {
  std::uint32_t v = size == 1 ? load_int<std::uint8_t>(a) : size == 2 ? load_int<std::uint16_t>(a) : load_int<std::uint32_t>(a);
  trap_if(v >= cases);
  return v;
}
inline std::uint32_t lift_disc(const std::uint64_t* in, std::size_t cases) noexcept {
  auto v = static_cast<std::uint32_t>(in[0]);
  trap_if(v >= cases);
  return v;
}

/// Calls f(std::integral_constant<std::size_t, I>) for I == i (i < N).
template <std::size_t N, class F>
decltype(auto) with_index(std::size_t i, F&& f) {
  using R = decltype(f(std::integral_constant<std::size_t, 0>{}));
  if constexpr (std::is_void_v<R>) {
    [&]<std::size_t... I>(std::index_sequence<I...>) { ((i == I ? f(std::integral_constant<std::size_t, I>{}) : void()), ...); }(std::make_index_sequence<N>());
  } else {
    std::optional<R> out;
    [&]<std::size_t... I>(std::index_sequence<I...>) { ((i == I ? (void)out.emplace(f(std::integral_constant<std::size_t, I>{})) : void()), ...); }(std::make_index_sequence<N>());
    return R(std::move(*out));
  }
}

/// A variant whose case I has payload type Case<I> (wit::unit for none). V is the
/// C++ type; Access gives index(v), get<I>(v) and make<I>(payload).
template <class V, class Access, class... Cases>
struct variant_abi {
  static constexpr std::size_t n = sizeof...(Cases);
  static constexpr variant_layout_t vl = variant_layout(std::array<layout, n>{abi<Cases>::mem...});
  static constexpr layout mem = vl.whole;
  static constexpr auto flat = flatten_variant(abi<Cases>::flat...);
  template <std::size_t I>
  using case_t = std::tuple_element_t<I, std::tuple<Cases...>>;

  static void store(lower_ctx& cx, const V& v, addr_t a) noexcept {
    const std::size_t i = Access::index(v);
    store_disc(a, vl.disc_size, static_cast<std::uint32_t>(i));
    with_index<n>(i, [&](auto I) { abi<case_t<I>>::store(cx, Access::template get<I>(v), a + vl.payload_offset); });
  }
  static void lower(lower_ctx& cx, const V& v, std::uint64_t* out) noexcept {
    const std::size_t i = Access::index(v);
    for (std::size_t k = 0; k < flat.size(); ++k) out[k] = 0;  // unused payload slots are 0
    out[0] = i;
    with_index<n>(i, [&](auto I) { abi<case_t<I>>::lower(cx, Access::template get<I>(v), out + 1); });
  }
  static V load(addr_t a) noexcept {
    const std::uint32_t i = load_disc(a, vl.disc_size, n);
    return with_index<n>(i, [&](auto I) { return Access::template make<I>(abi<case_t<I>>::load(a + vl.payload_offset)); });
  }
  static V lift(const std::uint64_t* in) noexcept {
    const std::uint32_t i = lift_disc(in, n);
    return with_index<n>(i, [&](auto I) { return Access::template make<I>(abi<case_t<I>>::lift(in + 1)); });
  }
};

template <class V>
struct std_variant_access {
  static std::size_t index(const V& v) noexcept { return v.index(); }
  template <std::size_t I>
  static const auto& get(const V& v) noexcept { return *std::get_if<I>(&v); }
  template <std::size_t I, class P>
  static V make(P&& p) { return V(std::in_place_index<I>, std::forward<P>(p)); }
};
template <class T>
struct optional_access {
  static std::size_t index(const std::optional<T>& v) noexcept { return v.has_value() ? 1 : 0; }
  template <std::size_t I>
  static const auto& get(const std::optional<T>& v) noexcept {
    if constexpr (I == 0) return none;
    else return *v;
  }
  template <std::size_t I, class P>
  static std::optional<T> make(P&& p) {
    if constexpr (I == 0) return std::nullopt;
    else return std::optional<T>(std::forward<P>(p));
  }
  static constexpr unit none{};
};
template <class T, class E>
struct result_access {
  using R = result<T, E>;
  static std::size_t index(const R& v) noexcept { return v.as_variant().index(); }
  template <std::size_t I>
  static const auto& get(const R& v) noexcept { return *std::get_if<I>(&v.as_variant()); }
  template <std::size_t I, class P>
  static R make(P&& p) { return R(std::in_place_index<I>, std::forward<P>(p)); }
};

/// Tuples and records: fields in order (Get<I>(v) returns field I).
template <class T, class Access, class... Fields>
struct record_abi {
  static constexpr std::size_t n = sizeof...(Fields);
  static constexpr record_layout_t<n> rl = record_layout(std::array<layout, n>{abi<Fields>::mem...});
  static constexpr layout mem = rl.whole;
  static constexpr auto flat = concat(abi<Fields>::flat...);
  static constexpr std::array<std::size_t, n> flat_offsets = [] {
    std::array<std::size_t, n> o{};
    std::size_t k = 0, i = 0;
    ((o[i++] = k, k += abi<Fields>::flat.size()), ...);
    return o;
  }();
  template <std::size_t I>
  using field_t = std::tuple_element_t<I, std::tuple<Fields...>>;

  static void store(lower_ctx& cx, const T& v, addr_t a) noexcept {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (abi<field_t<I>>::store(cx, Access::template get<I>(v), a + rl.offsets[I]), ...);
    }(std::make_index_sequence<n>());
  }
  static void lower(lower_ctx& cx, const T& v, std::uint64_t* out) noexcept {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (abi<field_t<I>>::lower(cx, Access::template get<I>(v), out + flat_offsets[I]), ...);
    }(std::make_index_sequence<n>());
  }
  static T load(addr_t a) noexcept {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return Access::make(abi<field_t<I>>::load(a + rl.offsets[I])...);
    }(std::make_index_sequence<n>());
  }
  static T lift(const std::uint64_t* in) noexcept {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return Access::make(abi<field_t<I>>::lift(in + flat_offsets[I])...);
    }(std::make_index_sequence<n>());
  }
};

template <class T>
struct tuple_access {
  template <std::size_t I>
  static const auto& get(const T& v) noexcept { return std::get<I>(v); }
  template <class... A>
  static T make(A&&... a) { return T{std::forward<A>(a)...}; }  // braces: left-to-right
};

template <class T, auto... M>
struct record_access {
  template <std::size_t I>
  static const auto& get(const T& v) noexcept {
    constexpr auto members = std::tuple{M...};
    return v.*std::get<I>(members);
  }
  template <class... A>
  static T make(A&&... a) {
    T v{};
    ((v.*M = std::forward<A>(a)), ...);
    return v;
  }
};
template <class T, auto... M>
record_abi<T, record_access<T, M...>, std::remove_cvref_t<decltype(std::declval<T&>().*M)>...> record_abi_of(const fields<M...>&);

template <class T>
concept described_record = requires { record<T>::is_wit_record; };
template <class T>
concept described_enum = std::is_enum_v<T> && requires { enum_traits<T>::count; };
template <class T>
concept described_flags = std::is_enum_v<T> && requires { flags_traits<T>::count; };

}  // namespace detail

template <class... T>
struct abi<std::variant<T...>> : detail::variant_abi<std::variant<T...>, detail::std_variant_access<std::variant<T...>>, T...> {};
template <class T>
struct abi<std::optional<T>> : detail::variant_abi<std::optional<T>, detail::optional_access<T>, unit, T> {};
template <class T, class E>
struct abi<result<T, E>> : detail::variant_abi<result<T, E>, detail::result_access<T, E>, T, E> {};

template <class... T>
struct abi<std::tuple<T...>> : detail::record_abi<std::tuple<T...>, detail::tuple_access<std::tuple<T...>>, T...> {};
template <class A, class B>
struct abi<std::pair<A, B>> : detail::record_abi<std::pair<A, B>, detail::tuple_access<std::pair<A, B>>, A, B> {};

/// Records described with wit::record<T> : wit::fields<...> (T must be default-constructible).
template <class T>
  requires detail::described_record<T>
struct abi<T> : decltype(detail::record_abi_of<T>(record<T>{})) {};

/// enum: discriminant of 1, 2 or 4 bytes; receiving a value >= count traps.
template <class E>
  requires detail::described_enum<E>
struct abi<E> {
  static constexpr std::uint32_t n = enum_traits<E>::count;
  static constexpr std::uint32_t d = detail::discriminant_size(n);
  static constexpr layout mem{d, d};
  static constexpr flat_list<1> flat{core::i32};
  static std::uint32_t bits(E v) noexcept { return static_cast<std::uint32_t>(v); }
  static void store(lower_ctx&, const E& v, addr_t a) noexcept { detail::store_disc(a, d, bits(v)); }
  static E load(addr_t a) noexcept { return static_cast<E>(detail::load_disc(a, d, n)); }
  static void lower(lower_ctx&, const E& v, std::uint64_t* out) noexcept { out[0] = bits(v); }
  static E lift(const std::uint64_t* in) noexcept { return static_cast<E>(detail::lift_disc(in, n)); }
};

/// flags (1..32 labels): a bit vector of 1, 2 or 4 bytes; undefined bits are
/// dropped when received and must not be sent.
template <class F>
  requires detail::described_flags<F>
struct abi<F> {
  static constexpr std::uint32_t n = flags_traits<F>::count;
  static_assert(n >= 1 && n <= 32, "flags with 0 or more than 32 labels are not supported");
  static constexpr layout mem = detail::flags_layout(n);
  static constexpr flat_list<1> flat{core::i32};
  static constexpr std::uint32_t mask = n == 32 ? 0xFFFFFFFFu : (1u << n) - 1;
  static std::uint32_t bits(F v) noexcept { return static_cast<std::uint32_t>(v) & mask; }
  static void store(lower_ctx&, const F& v, addr_t a) noexcept { detail::store_disc(a, mem.size, bits(v)); }
  static F load(addr_t a) noexcept {
    std::uint32_t v = mem.size == 1 ? detail::load_int<std::uint8_t>(a) : mem.size == 2 ? detail::load_int<std::uint16_t>(a) : detail::load_int<std::uint32_t>(a);
    return static_cast<F>(v & mask);
  }
  static void lower(lower_ctx&, const F& v, std::uint64_t* out) noexcept { out[0] = bits(v); }
  static F lift(const std::uint64_t* in) noexcept { return static_cast<F>(static_cast<std::uint32_t>(in[0]) & mask); }
};

/// own<R>: an i32 handle. Lowering transfers ownership out of the (non-const) source object.
template <class R>
struct abi<own<R>> {
  static constexpr layout mem{4, 4};
  static constexpr flat_list<1> flat{core::i32};
  static std::uint32_t take(const own<R>& v) noexcept { return const_cast<own<R>&>(v).release(); }
  static void store(lower_ctx&, const own<R>& v, addr_t a) noexcept { detail::store_int<std::uint32_t>(a, take(v)); }
  static own<R> load(addr_t a) noexcept { return own<R>::adopt(detail::load_int<std::uint32_t>(a)); }
  static void lower(lower_ctx&, const own<R>& v, std::uint64_t* out) noexcept { out[0] = take(v); }
  static own<R> lift(const std::uint64_t* in) noexcept { return own<R>::adopt(static_cast<std::uint32_t>(in[0])); }
};
/// borrow<R>: an i32 handle (sent only; see export.hpp for received borrows).
template <class R>
struct abi<borrow<R>> {
  static constexpr layout mem{4, 4};
  static constexpr flat_list<1> flat{core::i32};
  static void store(lower_ctx&, const borrow<R>& v, addr_t a) noexcept { detail::store_int<std::uint32_t>(a, v.handle()); }
  static void lower(lower_ctx&, const borrow<R>& v, std::uint64_t* out) noexcept { out[0] = v.handle(); }
};
/// A received borrow of a defined resource: the rep, i.e. the object's address.
template <class R>
struct abi<detail::rep_ref<R>> {
  static constexpr layout mem{4, 4};
  static constexpr flat_list<1> flat{core::i32};
  static detail::rep_ref<R> load(addr_t a) noexcept { return {reinterpret_cast<R*>(detail::ptr(detail::load_int<std::uint32_t>(a)))}; }
  static detail::rep_ref<R> lift(const std::uint64_t* in) noexcept { return {reinterpret_cast<R*>(detail::ptr(static_cast<addr_t>(in[0])))}; }
};
/// A received borrow of an imported resource: a handle dropped when the call ends.
template <class R>
struct abi<detail::lent_handle<R>> {
  static constexpr layout mem{4, 4};
  static constexpr flat_list<1> flat{core::i32};
  static detail::lent_handle<R> load(addr_t a) noexcept { return detail::lent_handle<R>(detail::load_int<std::uint32_t>(a)); }
  static detail::lent_handle<R> lift(const std::uint64_t* in) noexcept { return detail::lent_handle<R>(static_cast<std::uint32_t>(in[0])); }
};

}  // namespace isolated_crypto::wit
