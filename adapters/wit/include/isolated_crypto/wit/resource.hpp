#pragma once
// Resource handles.
//
// A component either DEFINES a resource (exports it; the "rep" is a pointer to
// a C++ object of type R) or IMPORTS it (R is only a tag type). Declare each
// resource once, at global scope:
//
//   ISOLATED_CRYPTO_WIT_EXPORT_RESOURCE(my_node, "mrnerdhair:isolated-crypto/bip32@0.14.0", "node")
//   ISOLATED_CRYPTO_WIT_IMPORT_RESOURCE(ecdsa_key, "mrnerdhair:isolated-crypto/secp256k1@0.14.0", "ecdsa-key")
//
// The first imports [resource-new|rep|drop]node from "[export]<iface>" and
// exports "<iface>#[dtor]node" (which deletes the object). The second imports
// [resource-drop]ecdsa-key from "<iface>".
//
//   wit::own<R>     owns a handle; its destructor drops it. Moving it into a call
//                   (argument or result) transfers ownership.
//                   Defined resources: wit::own<R>::make(args...) creates the object
//                   and its handle; get() returns the object.
//   wit::borrow<R>  a handle lent for one call (imported resources).
//   R& / const R&   a borrow of a resource this component defines: the callee gets
//                   the object itself (the canonical ABI passes the rep).
#include <cstddef>
#include <cstdint>
#include <utility>

#include "memory.hpp"

namespace isolated_crypto::wit {

/// Specialised by the ISOLATED_CRYPTO_WIT_*_RESOURCE macros.
template <class R>
struct resource_traits {};

template <class R>
concept resource = requires { resource_traits<R>::defined_here; };
template <class R>
concept defined_resource = resource<R> && resource_traits<R>::defined_here;
template <class R>
concept imported_resource = resource<R> && !resource_traits<R>::defined_here;

template <class R>
class borrow {
 public:
  explicit borrow(std::uint32_t handle) noexcept : h_(handle) {}
  std::uint32_t handle() const noexcept { return h_; }

 private:
  std::uint32_t h_;
};

template <class R>
class own {
 public:
  own() = default;
  own(own&& o) noexcept : h_(o.h_), valid_(std::exchange(o.valid_, false)) {}
  own& operator=(own&& o) noexcept {
    if (this != &o) {
      reset();
      h_ = o.h_;
      valid_ = std::exchange(o.valid_, false);
    }
    return *this;
  }
  ~own() { reset(); }

  /// Takes ownership of a handle received from the canonical ABI.
  static own adopt(std::uint32_t handle) noexcept {
    own o;
    o.h_ = handle;
    o.valid_ = true;
    return o;
  }
  /// Creates a new R and a handle owning it (defined resources only).
  template <class... A>
  static own make(A&&... a)
    requires defined_resource<R>
  {
    R* rep = new R(std::forward<A>(a)...);
    return adopt(resource_traits<R>::resource_new(static_cast<std::int32_t>(detail::addr(rep))));
  }

  explicit operator bool() const noexcept { return valid_; }
  std::uint32_t handle() const noexcept { return h_; }
  wit::borrow<R> borrow() const noexcept { return wit::borrow<R>(h_); }
  /// The object behind the handle (defined resources only).
  R& get() const noexcept
    requires defined_resource<R>
  {
    trap_if(!valid_);
    return *reinterpret_cast<R*>(detail::ptr(static_cast<addr_t>(resource_traits<R>::resource_rep(static_cast<std::int32_t>(h_)))));
  }
  /// Gives up ownership without dropping; returns the handle.
  std::uint32_t release() noexcept {
    trap_if(!valid_);
    valid_ = false;
    return h_;
  }

 private:
  void reset() noexcept {
    if (valid_) resource_traits<R>::resource_drop(static_cast<std::int32_t>(h_));
    valid_ = false;
  }
  std::uint32_t h_ = 0;
  bool valid_ = false;
};

namespace detail {
/// A string usable as a template argument: makes symbol names unique per WIT name.
template <std::size_t N>
struct fixed_string {
  constexpr fixed_string(const char (&s)[N]) noexcept {
    for (std::size_t i = 0; i < N; ++i) chars[i] = s[i];
  }
  char chars[N];
};

/// Deletes the object of a defined resource (its #[dtor]). Depends on Name so the
/// body is instantiated at the end of the translation unit, when T is complete.
template <class T, auto Name>
void destroy_rep(std::int32_t rep) noexcept {
  delete reinterpret_cast<T*>(ptr(static_cast<addr_t>(rep)));
}

/// Export parameter of type R& for a defined resource: the rep (object pointer).
template <class R>
struct rep_ref {
  R* p;
};
/// Export parameter of type borrow<R> for an imported resource: the callee must
/// drop the lent handle before it returns (canonical ABI borrow accounting).
template <class R>
struct lent_handle {
  explicit lent_handle(std::uint32_t h) noexcept : h_(h) {}
  lent_handle(lent_handle&& o) noexcept : h_(o.h_), valid_(std::exchange(o.valid_, false)) {}
  lent_handle& operator=(lent_handle&&) = delete;
  ~lent_handle() {
    if (valid_) resource_traits<R>::resource_drop(static_cast<std::int32_t>(h_));
  }
  std::uint32_t h_;
  bool valid_ = true;
};
}  // namespace detail

}  // namespace isolated_crypto::wit

#ifdef __wasm__
#define ISOLATED_CRYPTO_WIT_IMPORT_ATTR(MODULE, NAME) __attribute__((import_module(MODULE), import_name(NAME)))
#define ISOLATED_CRYPTO_WIT_EXPORT_ATTR(NAME) __attribute__((export_name(NAME)))
#else
#define ISOLATED_CRYPTO_WIT_IMPORT_ATTR(MODULE, NAME)
#define ISOLATED_CRYPTO_WIT_EXPORT_ATTR(NAME)
#endif

#define ISOLATED_CRYPTO_WIT_CAT_(a, b) a##b
#define ISOLATED_CRYPTO_WIT_CAT(a, b) ISOLATED_CRYPTO_WIT_CAT_(a, b)

/// Declares that this component defines (exports) resource NAME of interface IFACE,
/// represented by C++ type T (use at global scope, once per module). T may still be
/// incomplete: declare `struct T;`, use the macro, then define T (its methods can
/// then return wit::own<T>).
#define ISOLATED_CRYPTO_WIT_EXPORT_RESOURCE(T, IFACE, NAME) \
  ISOLATED_CRYPTO_WIT_EXPORT_RESOURCE_(ISOLATED_CRYPTO_WIT_CAT(isolated_crypto_wit_dtor_, __COUNTER__), T, IFACE, NAME)
#define ISOLATED_CRYPTO_WIT_EXPORT_RESOURCE_(ID, T, IFACE, NAME)                                               \
  template <>                                                                                                  \
  struct isolated_crypto::wit::resource_traits<T> {                                                            \
    static constexpr bool defined_here = true;                                                                 \
    ISOLATED_CRYPTO_WIT_IMPORT_ATTR("[export]" IFACE, "[resource-new]" NAME) static std::int32_t resource_new( \
        std::int32_t rep);                                                                                     \
    ISOLATED_CRYPTO_WIT_IMPORT_ATTR("[export]" IFACE, "[resource-rep]" NAME) static std::int32_t resource_rep( \
        std::int32_t handle);                                                                                  \
    ISOLATED_CRYPTO_WIT_IMPORT_ATTR("[export]" IFACE, "[resource-drop]" NAME) static void resource_drop(       \
        std::int32_t handle);                                                                                  \
  };                                                                                                           \
  template <::isolated_crypto::wit::detail::fixed_string Name_>                                                \
  ISOLATED_CRYPTO_WIT_EXPORT_ATTR(IFACE "#[dtor]" NAME) void ID(std::int32_t rep) {                            \
    ::isolated_crypto::wit::detail::destroy_rep<T, Name_>(rep);                                                \
  }                                                                                                            \
  [[gnu::used]] static constexpr void (*ISOLATED_CRYPTO_WIT_CAT(ID, _ptr))(std::int32_t) = &ID<IFACE "#[dtor]" NAME>;

/// Declares that this component imports resource NAME of interface IFACE, named by
/// tag type T in C++ (use at global scope).
#define ISOLATED_CRYPTO_WIT_IMPORT_RESOURCE(T, IFACE, NAME)                                               \
  template <>                                                                                             \
  struct isolated_crypto::wit::resource_traits<T> {                                                       \
    static constexpr bool defined_here = false;                                                           \
    ISOLATED_CRYPTO_WIT_IMPORT_ATTR(IFACE, "[resource-drop]" NAME) static void resource_drop(std::int32_t); \
  };
