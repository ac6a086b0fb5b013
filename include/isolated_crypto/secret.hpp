// Zeroizing, move-only secret storage. No ==, no printing, no implicit copies.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <utility>

#if defined(ISOLATED_CRYPTO_CTIME_TEST)
#include <valgrind/memcheck.h>
#endif

namespace isolated_crypto {

/// Overwrites [p, p+n) with zeros in a way the optimiser may not remove.
inline void secure_wipe(void* p, std::size_t n) noexcept {
  if (n == 0) return;
  std::memset(p, 0, n);
  // The asm barrier tells the compiler the zeroed memory is observed.
  __asm__ __volatile__("" : : "r"(p) : "memory");
}

/// Zeroes `Bytes` of stack below the caller's frame, where the frames of functions it just
/// called (and their secret locals) were. For libraries whose own clears the optimiser
/// may drop (libsecp256k1 0.2.0's and 0.5.0's secp256k1_scalar_clear is plain stores).
template <std::size_t Bytes = 8192>
[[gnu::noinline]] void scrub_stack() noexcept {
  volatile unsigned char area[Bytes];
  secure_wipe(const_cast<unsigned char*>(area), Bytes);
}

namespace detail {
/// Marks a value computed from secrets as public by design (a validity bit, a public key).
/// A no-op, except in the valgrind constant-time test (tests/ctime), where it tells
/// memcheck that branching on the value is allowed.
inline void declassify([[maybe_unused]] const void* p, [[maybe_unused]] std::size_t n) noexcept {
#if defined(ISOLATED_CRYPTO_CTIME_TEST)
  VALGRIND_MAKE_MEM_DEFINED(p, n);
#endif
}

/// Access token for secret bytes. Its name says what it is: code that names it
/// (engines, the SDK's own internals) reads secrets; nothing else should.
struct secret_access {
  explicit constexpr secret_access() = default;
};
}  // namespace detail

/// Fixed-size secret (a private key, a chain code, an HMAC state).
/// Move leaves the source zeroed; destruction wipes.
template <std::size_t N>
class secret_array {
 public:
  static constexpr std::size_t size = N;

  constexpr secret_array() noexcept : bytes_{} {}
  secret_array(const secret_array&) = delete;
  secret_array& operator=(const secret_array&) = delete;
  secret_array(secret_array&& o) noexcept : bytes_(o.bytes_) { o.wipe(); }
  secret_array& operator=(secret_array&& o) noexcept {
    if (this != &o) {
      bytes_ = o.bytes_;
      o.wipe();
    }
    return *this;
  }
  ~secret_array() { wipe(); }

  /// Explicit copy, for the rare places a secret must be duplicated (node clone).
  [[nodiscard]] secret_array clone() const noexcept {
    secret_array c;
    c.bytes_ = bytes_;
    return c;
  }
  void wipe() noexcept { secure_wipe(bytes_.data(), N); }

  std::span<std::byte, N> bytes(detail::secret_access) noexcept { return bytes_; }
  std::span<const std::byte, N> bytes(detail::secret_access) const noexcept { return bytes_; }
  std::uint8_t* u8(detail::secret_access) noexcept { return reinterpret_cast<std::uint8_t*>(bytes_.data()); }
  const std::uint8_t* u8(detail::secret_access) const noexcept {
    return reinterpret_cast<const std::uint8_t*>(bytes_.data());
  }

 private:
  std::array<std::byte, N> bytes_;
};

/// Growable secret byte string (a normalised mnemonic or passphrase).
/// Growth copies into a new buffer and wipes the old one; destruction wipes.
class secret_string {
 public:
  secret_string() noexcept = default;
  explicit secret_string(std::size_t capacity) { reserve(capacity); }
  secret_string(const secret_string&) = delete;
  secret_string& operator=(const secret_string&) = delete;
  secret_string(secret_string&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)), cap_(std::exchange(o.cap_, 0)) {}
  secret_string& operator=(secret_string&& o) noexcept {
    if (this != &o) {
      release();
      data_ = std::exchange(o.data_, nullptr);
      size_ = std::exchange(o.size_, 0);
      cap_ = std::exchange(o.cap_, 0);
    }
    return *this;
  }
  ~secret_string() { release(); }

  void reserve(std::size_t n) {
    if (n <= cap_) return;
    auto* fresh = new char[n];
    if (size_ != 0) std::memcpy(fresh, data_, size_);
    release_buffer_only();
    data_ = fresh;
    cap_ = n;
  }
  void push_back(char c) {
    if (size_ == cap_) reserve(cap_ < 32 ? 64 : cap_ * 2);
    data_[size_++] = c;
  }
  void append(std::string_view s) {
    if (size_ + s.size() > cap_) reserve(std::max(size_ + s.size(), cap_ * 2));
    if (!s.empty()) std::memcpy(data_ + size_, s.data(), s.size());
    size_ += s.size();
  }
  void clear() noexcept {
    if (data_ != nullptr) secure_wipe(data_, cap_);
    size_ = 0;
  }
  [[nodiscard]] secret_string clone() const {
    secret_string c(size_);
    c.append(view(detail::secret_access{}));
    return c;
  }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

  std::string_view view(detail::secret_access) const noexcept { return {data_ == nullptr ? "" : data_, size_}; }

 private:
  void release_buffer_only() noexcept {
    if (data_ != nullptr) {
      secure_wipe(data_, cap_);
      delete[] data_;
      data_ = nullptr;
    }
  }
  void release() noexcept {
    release_buffer_only();
    size_ = cap_ = 0;
  }
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t cap_ = 0;
};

/// Wipes a trivially-copyable local (array of words, HMAC state) when it leaves scope.
template <class T>
class scoped_wipe {
 public:
  explicit scoped_wipe(T& v) noexcept : v_(v) {}
  scoped_wipe(const scoped_wipe&) = delete;
  scoped_wipe& operator=(const scoped_wipe&) = delete;
  ~scoped_wipe() { secure_wipe(&v_, sizeof(T)); }

 private:
  T& v_;
};

}  // namespace isolated_crypto
