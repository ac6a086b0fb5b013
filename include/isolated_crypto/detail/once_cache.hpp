// once_cache<T>: a value computed on first use from a const method, safe to share.
//
// The engines' states cache public keys that const operations (public_key, derive)
// compute on demand. Two threads calling const methods of one handle may both ask at
// once: the first to finish publishes its value, the others wait for it (a few stores)
// and return the published one. Every thread computes the same value, so which one
// wins does not matter. Reads after publication are one acquire load.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <type_traits>

namespace isolated_crypto::detail {

template <class T>
class once_cache {
  static_assert(std::is_trivially_copyable_v<T>, "published by a plain copy");

 public:
  once_cache() noexcept = default;
  /// Copies a published value; a value still being published is not copied (empty).
  once_cache(const once_cache& o) noexcept { copy_from(o); }
  once_cache(once_cache&& o) noexcept { copy_from(o); }
  once_cache& operator=(const once_cache& o) noexcept {
    if (this != &o) copy_from(o);
    return *this;
  }
  once_cache& operator=(once_cache&& o) noexcept { return *this = o; }
  ~once_cache() = default;

  /// Returns: the cached value, computing it with `compute()` on first use.
  /// Thread-safe: concurrent callers on one object all return the one published value.
  template <class F>
  const T& get(F&& compute) const noexcept {
    if (state_.load(std::memory_order_acquire) == ready) return value_;
    const T v = compute();
    std::uint8_t expected = empty;
    if (state_.compare_exchange_strong(expected, writing, std::memory_order_acq_rel, std::memory_order_acquire)) {
      value_ = v;
      state_.store(ready, std::memory_order_release);
    } else {
      while (state_.load(std::memory_order_acquire) != ready) {
        // another caller is storing the same value: a bounded wait
      }
    }
    return value_;
  }

  /// Returns: the value if it was published.
  [[nodiscard]] std::optional<T> peek() const noexcept {
    if (state_.load(std::memory_order_acquire) != ready) return std::nullopt;
    return value_;
  }
  [[nodiscard]] bool has_value() const noexcept { return state_.load(std::memory_order_acquire) == ready; }

  /// Publishes `v` (the caller owns the object exclusively: not for shared objects).
  void set(const T& v) noexcept {
    value_ = v;
    state_.store(ready, std::memory_order_release);
  }
  /// Forgets the value (exclusive owner only; tests use it to force a recomputation).
  void reset() noexcept { state_.store(empty, std::memory_order_release); }

 private:
  static constexpr std::uint8_t empty = 0;
  static constexpr std::uint8_t writing = 1;
  static constexpr std::uint8_t ready = 2;

  void copy_from(const once_cache& o) noexcept {
    if (auto v = o.peek()) {
      set(*v);
    } else {
      reset();
    }
  }

  mutable std::atomic<std::uint8_t> state_{empty};
  mutable T value_{};
};

}  // namespace isolated_crypto::detail
