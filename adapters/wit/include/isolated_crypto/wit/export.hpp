#pragma once
// Exports: a C++ function (or member function = method) becomes a component
// export named by its WIT name. At global or namespace scope:
//
//   ISOLATED_CRYPTO_WIT_EXPORT("mrnerdhair:isolated-crypto/bip32@0.14.0#[method]node.derive", &node_impl::derive)
//
// defines the core function with export name "<NAME>" and the core signature
// computed from the C++ signature, plus "cabi_post_<NAME>". For a member
// function the object is the WIT `self` (borrow<node>, received as the rep).
//
// Call sequence: the thunk lifts the core arguments (adopting their buffers),
// calls the function, then
//   0 flat results: returns nothing;
//   1 flat result:  returns it (own<R> handles are transferred);
//   more:           keeps the C++ result alive in static storage, stores its
//                   canonical image in a static return area, returns its address.
// cabi_post_<NAME> (called by the runtime once the result is read) destroys the
// kept result and frees what lowering allocated. Argument buffers are freed
// (secret_string: wiped, then freed) when the function returns.
#include <optional>
#include <tuple>
#include <type_traits>

#include "realloc.hpp"
#include "signature.hpp"

#ifdef __wasm__
extern "C" char __stack_low;  // wasm-ld: lowest address of the shadow stack (it grows down)
#endif

namespace isolated_crypto::wit {

namespace detail {
/// Zeroes the dead part of the shadow stack: everything below this function's frame.
/// Called by every export thunk after the export's body has returned, so secrets that
/// callees left in their stack frames (e.g. libsecp256k1 0.5.0's secp256k1_scalar_clear,
/// whose plain stores the optimiser removes as dead) do not outlive the call.
[[gnu::noinline]] inline void scrub_dead_stack() noexcept {
#ifdef __wasm__
  volatile char marker = 0;  // address taken: lives in this frame, on the shadow stack
  // The 16 KiB below this frame. Measured deepest export of the engine: mnemonic.new,
  // 3.5 KiB (signing 2.1 KiB, derive 2.6 KiB; no recursion): over 4x margin. The hygiene
  // test checks that no export writes below the scrubbed area (wit.hygiene).
  constexpr std::size_t depth = 16 * 1024;
  char* const top = const_cast<char*>(&marker);
  char* const low = top - &__stack_low > static_cast<std::ptrdiff_t>(depth) ? top - depth : &__stack_low;
  if (top > low) __builtin_memset(low, 0, static_cast<std::size_t>(top - low));
  __asm__ volatile("" : : "r"(low) : "memory");
#endif
}

template <class Self, class Args>
struct export_wires;
template <class Self, class... A>
struct export_wires<Self, type_list<A...>> {
  using self_wire = std::conditional_t<std::is_void_v<Self>, type_list<>, type_list<rep_ref<std::remove_const_t<Self>>>>;
};
template <class Parts, class SelfWires, class ArgList>
struct export_sig;
template <class Parts, class... S, class... A>
struct export_sig<Parts, type_list<S...>, type_list<A...>> {
  using type = core_sig<true, typename Parts::ret, S..., typename param<A>::wire...>;
  using wires = std::tuple<S..., typename param<A>::wire...>;
  using args = type_list<A...>;
};
}  // namespace detail

/// The export thunk of function (or member function) pointer F.
template <auto F>
struct export_fn {
  using parts = detail::fn_parts<decltype(F)>;
  using ret = typename parts::ret;
  static constexpr bool is_method = !std::is_void_v<typename parts::self>;
  using sig_info = detail::export_sig<parts, typename detail::export_wires<typename parts::self, typename parts::args>::self_wire,
                                      typename parts::args>;
  using sig = typename sig_info::type;
  using wires = typename sig_info::wires;
  using core_fn = detail::core_fn_t<sig>;
  using core_fn_ptr = core_fn*;
  using core_ret = typename decltype(detail::core_ret_type<sig::core_results>())::type;
  using post_fn_ptr = typename detail::make_fn<void, detail::core_types_t<sig::core_results>>::type*;

  /// The export: the body (not inlined here, so its frames are all below this one),
  /// then the dead stack is zeroed.
  template <class... C>
  static core_ret entry(C... c) noexcept {
    if constexpr (std::is_void_v<core_ret>) {
      call(c...);
      detail::scrub_dead_stack();
    } else {
      const core_ret r = call(c...);
      detail::scrub_dead_stack();
      return r;
    }
  }

  template <class... C>
  [[gnu::noinline]] static core_ret call(C... c) noexcept {
    std::uint64_t in[sizeof...(C) + 1] = {detail::to_slot(c)...};
    wires w = lift_args(in);
    if constexpr (std::is_void_v<ret>) {
      invoke(w);
    } else if constexpr (!sig::spill_results) {
      ret r = invoke(w);
      if constexpr (sig::flat_results.size() == 1) {
        lower_ctx cx;
        std::uint64_t out[1];
        abi<ret>::lower(cx, r, out);
        return detail::from_slot<core_ret>(out[0]);
      }
    } else {
      held().emplace(invoke(w));
      abi<ret>::store(results_ctx(), *held(), ret_area());
      return static_cast<core_ret>(ret_area());
    }
  }

  template <class... C>
  static void post(C...) noexcept {
    if constexpr (sig::spill_results) {
      held().reset();
      results_ctx().release();
    }
  }

 private:
  static wires lift_args(const std::uint64_t* in) noexcept {
    constexpr std::size_t n = std::tuple_size_v<wires>;
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      if constexpr (sig::spill_params) {
        // One tuple in memory, allocated by the caller with our cabi_realloc: ours to free.
        const addr_t a = static_cast<addr_t>(in[0]);
        wires w{abi<std::tuple_element_t<I, wires>>::load(a + sig::params_tuple.offsets[I])...};
        detail::dealloc_sized(detail::ptr(a), sig::params_tuple.whole.size);
        return w;
      } else {
        return wires{abi<std::tuple_element_t<I, wires>>::lift(in + sig::flat_offsets[I])...};
      }
    }(std::make_index_sequence<n>());
  }

  template <class... A>
  static ret invoke_with(wires& w, detail::type_list<A...>) noexcept {
    constexpr std::size_t skip = is_method ? 1 : 0;
    return [&]<std::size_t... I>(std::index_sequence<I...>) -> ret {
      if constexpr (is_method) return (std::get<0>(w).p->*F)(detail::param<A>::get(std::get<I + skip>(w))...);
      else return F(detail::param<A>::get(std::get<I>(w))...);
    }(std::index_sequence_for<A...>());
  }
  static ret invoke(wires& w) noexcept { return invoke_with(w, typename sig_info::args{}); }

  // Result kept alive between the call and cabi_post (the runtime never
  // re-enters the instance in between).
  static auto& held() noexcept {
    static std::optional<std::conditional_t<std::is_void_v<ret>, int, ret>> r;
    return r;
  }
  static lower_ctx& results_ctx() noexcept {
    static lower_ctx cx;
    return cx;
  }
  static addr_t ret_area() noexcept {
    static const addr_t a = detail::addr(detail::alloc(sig::flat_results.size() > 1 ? abi<ret>::mem.size : 1, 8));
    return a;
  }
};

}  // namespace isolated_crypto::wit

/// Exports function pointer FN (the variadic part) under WIT name NAME (a string literal).
#define ISOLATED_CRYPTO_WIT_EXPORT(NAME, ...) \
  ISOLATED_CRYPTO_WIT_EXPORT_(ISOLATED_CRYPTO_WIT_CAT(isolated_crypto_wit_export_, __COUNTER__), NAME, __VA_ARGS__)

// The exported functions are templates so that their parameter lists can come
// from export_fn<FN>::core_fn; taking their address with that pointer type
// deduces the parameters and instantiates them. The WIT name as a template
// argument makes the symbol unique in the whole program.
#define ISOLATED_CRYPTO_WIT_EXPORT_(ID, NAME, ...)                                                                     \
  template <::isolated_crypto::wit::detail::fixed_string Name_, class... P_>                                          \
  ISOLATED_CRYPTO_WIT_EXPORT_ATTR(NAME)                                                                               \
  typename ::isolated_crypto::wit::export_fn<__VA_ARGS__>::core_ret ID(P_... p) {                                     \
    return ::isolated_crypto::wit::export_fn<__VA_ARGS__>::entry(p...);                                               \
  }                                                                                                                   \
  template <::isolated_crypto::wit::detail::fixed_string Name_, class... P_>                                          \
  ISOLATED_CRYPTO_WIT_EXPORT_ATTR("cabi_post_" NAME)                                                                  \
  void ISOLATED_CRYPTO_WIT_CAT(ID, _post)(P_... p) {                                                                  \
    ::isolated_crypto::wit::export_fn<__VA_ARGS__>::post(p...);                                                       \
  }                                                                                                                   \
  [[gnu::used]] static constexpr typename ::isolated_crypto::wit::export_fn<__VA_ARGS__>::core_fn_ptr                 \
      ISOLATED_CRYPTO_WIT_CAT(ID, _ptr) = &ID<NAME>;                                                                  \
  [[gnu::used]] static constexpr typename ::isolated_crypto::wit::export_fn<__VA_ARGS__>::post_fn_ptr                 \
      ISOLATED_CRYPTO_WIT_CAT(ID, _post_ptr) = &ISOLATED_CRYPTO_WIT_CAT(ID, _post)<NAME>;
