#pragma once
// Imports: a typed C++ callable for an imported component function. At
// namespace scope:
//
//   ISOLATED_CRYPTO_WIT_IMPORT(sign, "mrnerdhair:isolated-crypto/secp256k1@0.14.0", "[method]ecdsa-key.sign",
//       std::tuple<signature, recovery_id>(wit::borrow<ecdsa_key>, digest_algorithm256,
//                                          std::span<const std::uint8_t>, std::optional<std::uint32_t>))
//
// declares the core import (module, name; core signature computed from the C++
// signature) and defines `sign`, a constexpr object called like the function.
//
// Arguments are lowered without copies where possible (strings and lists of
// bitwise elements point into the caller's memory; the callee copies them).
// An own<R> argument is transferred. Results are lifted into owned values
// (their buffers were allocated by our cabi_realloc and now belong to the result).
// Results of more than one flat value come back through a caller-owned return area.
#include <cstddef>
#include <tuple>
#include <type_traits>

#include "realloc.hpp"
#include "signature.hpp"

namespace isolated_crypto::wit {

namespace detail {
template <class Sig>
struct import_sig;
template <class R, class... A>
struct import_sig<R(A...)> {
  using type = core_sig<false, R, std::remove_cvref_t<A>...>;
};
/// Core function type of an import with C++ signature Sig.
template <class Sig>
using import_core_t = core_fn_t<typename import_sig<Sig>::type>;
}  // namespace detail

template <class Sig, auto Core>
struct import_fn;

template <class R, class... A, auto Core>
struct import_fn<R(A...), Core> {
  using sig = typename detail::import_sig<R(A...)>::type;

  R operator()(A... a) const noexcept {
    lower_ctx cx;
    std::uint64_t slots[sig::core_params.size() + 1] = {};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      if constexpr (sig::spill_params) {
        const addr_t t = cx.temp(sig::params_tuple.whole.size, sig::params_tuple.whole.align);
        (abi<std::remove_cvref_t<A>>::store(cx, a, t + sig::params_tuple.offsets[I]), ...);
        slots[0] = t;
      } else {
        (abi<std::remove_cvref_t<A>>::lower(cx, a, slots + sig::flat_offsets[I]), ...);
      }
    }(std::index_sequence_for<A...>());

    if constexpr (sig::spill_results) {
#ifdef __wasm__
      alignas(8) std::byte area[abi<R>::mem.size];
      const addr_t ret = detail::addr(area);
#else
      const addr_t ret = cx.temp(abi<R>::mem.size, 8);
#endif
      slots[sig::core_params.size() - 1] = ret;
      call_core(slots);
      return abi<R>::load(ret);
    } else if constexpr (std::is_void_v<R>) {
      call_core(slots);
    } else {
      const std::uint64_t r = detail::to_slot(call_core(slots));
      return abi<R>::lift(&r);
    }
  }

 private:
  static auto call_core(const std::uint64_t* s) noexcept {
    return [&]<class... C, std::size_t... I>(detail::type_list<C...>, std::index_sequence<I...>) {
      return Core(detail::from_slot<C>(s[I])...);
    }(detail::core_types_t<sig::core_params>{}, std::make_index_sequence<sig::core_params.size()>());
  }
};

}  // namespace isolated_crypto::wit

/// Declares import NAME of module MODULE (string literals) with C++ signature
/// given as a function type (the variadic part), callable as ID(...).
#define ISOLATED_CRYPTO_WIT_IMPORT(ID, MODULE, NAME, ...)                                                      \
  namespace isolated_crypto_wit_core_ {                                                                        \
  ISOLATED_CRYPTO_WIT_IMPORT_ATTR(MODULE, NAME)::isolated_crypto::wit::detail::import_core_t<__VA_ARGS__> ID; \
  }                                                                                                            \
  inline constexpr ::isolated_crypto::wit::import_fn<__VA_ARGS__, &isolated_crypto_wit_core_::ID> ID{};
