#pragma once
// Linear memory: addresses, allocation, wiping, traps.
//
// In a wasm32 module an address is a real pointer. On a native host (unit
// tests) linear memory is simulated by a fixed arena, so the same load/store
// code runs on both and the tests can count live allocations.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

static_assert(std::endian::native == std::endian::little, "the canonical ABI is little-endian");

namespace isolated_crypto::wit {

/// An offset in linear memory (a core i32).
using addr_t = std::uint32_t;

/// Aborts the component instance (wasm `unreachable`).
[[noreturn]] inline void trap() noexcept { __builtin_trap(); }
inline void trap_if(bool condition) noexcept {
  if (condition) trap();
}

/// Zeroes `n` bytes at `p`; the stores are not optimised away.
inline void wipe(void* p, std::size_t n) noexcept {
  auto* v = static_cast<volatile unsigned char*>(p);
  for (std::size_t i = 0; i < n; ++i) v[i] = 0;
}

namespace detail {

#ifdef __wasm__

inline std::byte* ptr(addr_t a) noexcept { return reinterpret_cast<std::byte*>(static_cast<std::uintptr_t>(a)); }
inline addr_t addr(const void* p) noexcept { return static_cast<addr_t>(reinterpret_cast<std::uintptr_t>(p)); }
/// True if `p` lies in linear memory (always, in wasm).
inline bool addressable(const void*) noexcept { return true; }

/// Allocates `size` > 0 bytes aligned to `align` (<= 16); traps when out of memory.
inline void* alloc(std::size_t size, std::size_t align) noexcept {
  void* p = align <= alignof(std::max_align_t) ? std::malloc(size) : std::aligned_alloc(align, (size + align - 1) / align * align);
  trap_if(p == nullptr);
  return p;
}
inline void dealloc(void* p) noexcept { std::free(p); }
/// Bytes of linear memory now.
inline std::uint64_t memory_bytes() noexcept { return std::uint64_t{__builtin_wasm_memory_size(0)} * 65536U; }

#else  // native host: a simulated 32-bit linear memory

struct host_memory {
  static constexpr std::size_t capacity = std::size_t{1} << 24;
  static constexpr std::size_t header = 16;  // [size:8][magic:8] before each block
  static constexpr std::uint64_t magic = 0x1150'1a7e'd0c0'ffeeULL;
  alignas(16) static inline std::byte bytes[capacity];
  static inline std::size_t top = 64;  // addresses below 64 are never allocated
  static inline std::size_t live = 0;  // allocations not yet freed
};

inline std::byte* ptr(addr_t a) noexcept { return host_memory::bytes + a; }
/// Bytes of (simulated) linear memory.
inline std::uint64_t memory_bytes() noexcept { return host_memory::capacity; }
inline addr_t addr(const void* p) noexcept {
  auto* b = static_cast<const std::byte*>(p);
  trap_if(b < host_memory::bytes || b > host_memory::bytes + host_memory::capacity);
  return static_cast<addr_t>(b - host_memory::bytes);
}
inline bool addressable(const void* p) noexcept {
  auto* b = static_cast<const std::byte*>(p);
  return b >= host_memory::bytes && b <= host_memory::bytes + host_memory::capacity;
}
inline void* alloc(std::size_t size, std::size_t align) noexcept {
  trap_if(align > 16 || size == 0);
  std::size_t at = (host_memory::top + host_memory::header + 15) / 16 * 16;
  trap_if(at + size > host_memory::capacity);
  std::uint64_t meta[2] = {size, host_memory::magic};
  std::memcpy(host_memory::bytes + at - host_memory::header, meta, sizeof meta);
  host_memory::top = at + size;
  ++host_memory::live;
  return host_memory::bytes + at;
}
inline void dealloc(void* p) noexcept {
  if (p == nullptr) return;
  auto* h = static_cast<std::byte*>(p) - host_memory::header;
  std::uint64_t meta[2];
  std::memcpy(meta, h, sizeof meta);
  trap_if(meta[1] != host_memory::magic);  // double free or foreign pointer
  meta[1] = 0;
  std::memcpy(h, meta, sizeof meta);
  --host_memory::live;
}

#endif

/// Allocation for canonical buffers: byte size 0 yields the dummy address
/// `align` (what cabi_realloc returns for empty lists); it is never freed.
inline void* alloc_or_dummy(std::size_t size, std::size_t align) noexcept {
  if (size == 0) return ptr(static_cast<addr_t>(align));
  return alloc(size, align);
}
/// Frees a buffer of byte size `size`; size 0 means "dummy, not allocated".
inline void dealloc_sized(void* p, std::size_t size) noexcept {
  if (size != 0) dealloc(p);
}

template <class T>
T load_int(addr_t a) noexcept {
  T v;
  std::memcpy(&v, ptr(a), sizeof v);
  return v;
}
template <class T>
void store_int(addr_t a, T v) noexcept {
  std::memcpy(ptr(a), &v, sizeof v);
}

}  // namespace detail
}  // namespace isolated_crypto::wit
