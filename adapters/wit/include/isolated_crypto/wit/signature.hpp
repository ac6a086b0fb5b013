#pragma once
// From a C++ function signature to its canonical ABI core signature.
//
// Parameters are "wire" types (what abi<T> lifts/lowers); param<P> maps a C++
// parameter type of an EXPORT to its wire type and back:
//   std::string_view       <- wit::string        (freed after the call)
//   std::span<const T[,N]> <- wit::list<T>       (freed after the call; N checked, trap)
//   R& / const R&          <- the rep of a resource this component defines
//   wit::borrow<R>         <- a lent handle of an imported resource (dropped after the call)
//   anything else          <- itself (moved into the function)
#include <cstddef>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "abi.hpp"
#include "lift_lower.hpp"
#include "resource.hpp"

namespace isolated_crypto::wit::detail {

template <class P>
struct param {
  using wire = std::remove_cvref_t<P>;
  static P get(wire& w) noexcept { return static_cast<P>(std::move(w)); }
};
template <>
struct param<std::string_view> {
  using wire = string;
  static std::string_view get(wire& w) noexcept { return w.view(); }
};
template <class T, std::size_t N>
struct param<std::span<const T, N>> {
  using wire = list<T>;
  static std::span<const T, N> get(wire& w) noexcept {
    if constexpr (N != std::dynamic_extent) trap_if(w.size() != N);
    return std::span<const T, N>(w.data(), w.size());
  }
};
template <class R>
  requires defined_resource<std::remove_const_t<R>>
struct param<R&> {
  using wire = rep_ref<std::remove_const_t<R>>;
  static R& get(wire& w) noexcept { return *w.p; }
};
template <class R>
struct param<borrow<R>> {
  static_assert(imported_resource<R>, "a borrow of a resource this component defines is received as R&");
  using wire = lent_handle<R>;
  static borrow<R> get(wire& w) noexcept { return borrow<R>(w.h_); }
};

/// Parts of a function pointer type (free function or member function).
template <class F>
struct fn_parts;
template <class R, class... A>
struct fn_parts<R (*)(A...)> {
  using ret = R;
  using self = void;
  using args = type_list<A...>;
};
template <class R, class... A>
struct fn_parts<R (*)(A...) noexcept> : fn_parts<R (*)(A...)> {};
template <class R, class C, class... A>
struct fn_parts<R (C::*)(A...)> {
  using ret = R;
  using self = C;
  using args = type_list<A...>;
};
template <class R, class C, class... A>
struct fn_parts<R (C::*)(A...) const> {
  using ret = R;
  using self = const C;
  using args = type_list<A...>;
};
template <class R, class C, class... A>
struct fn_parts<R (C::*)(A...) noexcept> : fn_parts<R (C::*)(A...)> {};
template <class R, class C, class... A>
struct fn_parts<R (C::*)(A...) const noexcept> : fn_parts<R (C::*)(A...) const> {};

/// Flat list of a function result (empty for void).
template <class R>
constexpr auto result_flat() noexcept {
  if constexpr (std::is_void_v<R>) return flat_list<0>{};
  else return abi<R>::flat;
}

/// Core signature of a function whose parameters have wire types W... and whose result is R.
/// lift = true: an export (results > 1 flat: return an i32 pointer to a callee-owned area);
/// lift = false: an import (results > 1 flat: an extra i32 out-pointer parameter, no result).
template <bool Lift, class R, class... W>
struct core_sig {
  static constexpr auto flat_params = concat(abi<W>::flat...);
  static constexpr bool spill_params = flat_params.size() > max_flat_params;
  static constexpr auto flat_results = result_flat<R>();
  static constexpr bool spill_results = flat_results.size() > max_flat_results;
  /// Parameters and results are stored as one tuple in memory when spilled.
  static constexpr record_layout_t<sizeof...(W)> params_tuple = record_layout(std::array<layout, sizeof...(W)>{abi<W>::mem...});
  static constexpr std::array<std::size_t, sizeof...(W)> flat_offsets = [] {
    std::array<std::size_t, sizeof...(W)> o{};
    std::size_t k = 0, i = 0;
    ((o[i++] = k, k += abi<W>::flat.size()), ...);
    return o;
  }();

  static constexpr auto core_params = [] {
    constexpr auto p = [] {
      if constexpr (spill_params) return flat_list<1>{core::i32};
      else return flat_params;
    }();
    if constexpr (!Lift && spill_results) return concat(p, flat_list<1>{core::i32});
    else return p;
  }();
  static constexpr auto core_results = [] {
    if constexpr (spill_results && Lift) return flat_list<1>{core::i32};
    else if constexpr (spill_results) return flat_list<0>{};
    else return flat_results;
  }();
};

template <class R, class L>
struct make_fn;
template <class R, class... P>
struct make_fn<R, type_list<P...>> {
  using type = R(P...);
};

template <auto Results>
constexpr auto core_ret_type() noexcept {
  if constexpr (Results.size() == 0) return std::type_identity<void>{};
  else return std::type_identity<core_cpp_t<Results[0]>>{};
}
/// Core function type (e.g. std::int32_t(std::int32_t, std::int64_t)) of a core_sig.
template <class Sig>
using core_fn_t = typename make_fn<typename decltype(core_ret_type<Sig::core_results>())::type, core_types_t<Sig::core_params>>::type;

}  // namespace isolated_crypto::wit::detail
