#pragma once
// cabi_realloc: the allocator the component runtime uses to pass arguments into
// this module (and results of imports). Defined once per module by this header
// (an inline function, merged by the linker).
//
// Growing or shrinking a block copies it and zeroes the old one before freeing
// it, so no stale copy of an argument (it may be a secret) is left behind. Shrinking
// to size 0 zeroes and frees the old block and returns the empty-list dummy `align`.
#include <cstdint>
#include <cstring>

#include "memory.hpp"
#include "resource.hpp"

namespace isolated_crypto::wit::detail {
inline addr_t realloc_impl(addr_t old, std::uint32_t old_size, std::uint32_t align, std::uint32_t new_size) noexcept {
  if (new_size == 0) {  // empty lists/strings: an aligned dummy, never freed
    if (old_size != 0) {
      wipe(ptr(old), old_size);
      dealloc(ptr(old));
    }
    return align;
  }
  void* p = alloc(new_size, align);
  if (old_size != 0) {
    std::memcpy(p, ptr(old), old_size < new_size ? old_size : new_size);
    wipe(ptr(old), old_size);
    dealloc(ptr(old));
  }
  return addr(p);
}
}  // namespace isolated_crypto::wit::detail

extern "C" ISOLATED_CRYPTO_WIT_EXPORT_ATTR("cabi_realloc") [[gnu::used]] inline std::uint32_t cabi_realloc(
    std::uint32_t old, std::uint32_t old_size, std::uint32_t align, std::uint32_t new_size) noexcept {
  return ::isolated_crypto::wit::detail::realloc_impl(old, old_size, align, new_size);
}
