// Smoke component: hand-written canonical-ABI glue for world `smoke` (tests/smoke/wit).
// Only proves the toolchain: Crypto++ (hashes and ECP) and libsecp256k1 built for wasm,
// exports, memory. Not an example of secret handling beyond the wipe of input keys.
// Each export takes (ptr, len) of a list<u8> allocated by our cabi_realloc (we own it) and
// returns a pointer to a return area {ptr, len}; cabi_post_<export> frees the result list.
#include <cryptopp/eccrypto.h>
#include <cryptopp/keccak.h>
#include <cryptopp/oids.h>
#include <secp256k1.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

#define SMOKE_EXPORT(name) extern "C" __attribute__((export_name(name)))

namespace {
alignas(4) std::uint32_t ret_area[2];  // {ptr, len} of the last result

// Empty lists arrive as the alignment value from cabi_realloc(0, 0, align, 0): never freed.
void free_list(void* ptr, std::size_t len) {
  if (len != 0) std::free(ptr);
}

std::uint32_t* return_list(std::uint8_t* ptr, std::size_t len) {
  ret_area[0] = static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(ptr));
  ret_area[1] = static_cast<std::uint32_t>(len);
  return ret_area;
}
}  // namespace

SMOKE_EXPORT("cabi_realloc")
void* cabi_realloc(void* old, std::size_t old_size, std::size_t align, std::size_t new_size) {
  if (new_size == 0) {
    if (old_size != 0) std::free(old);
    return reinterpret_cast<void*>(align);
  }
  void* p = std::realloc(old_size != 0 ? old : nullptr, new_size);
  if (p == nullptr) __builtin_trap();
  return p;
}

SMOKE_EXPORT("hash")
std::uint32_t* smoke_hash(std::uint8_t* data, std::size_t len) {
  auto* out = static_cast<std::uint8_t*>(std::malloc(32));
  CryptoPP::Keccak_256 h;
  h.CalculateDigest(out, data, len);
  free_list(data, len);
  return return_list(out, 32);
}

SMOKE_EXPORT("pubkey")
std::uint32_t* smoke_pubkey(std::uint8_t* seckey, std::size_t len) {
  static secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  secp256k1_pubkey pk;
  std::uint8_t* out = nullptr;
  std::size_t out_len = 0;
  if (len == 32 && secp256k1_ec_pubkey_create(ctx, &pk, seckey) == 1) {
    out = static_cast<std::uint8_t*>(std::malloc(33));
    out_len = 33;
    secp256k1_ec_pubkey_serialize(ctx, out, &out_len, &pk, SECP256K1_EC_COMPRESSED);
  }
  if (len != 0) std::memset(seckey, 0, len);  // a secret key: wipe before freeing
  free_list(seckey, len);
  return return_list(out != nullptr ? out : reinterpret_cast<std::uint8_t*>(1), out_len);
}

SMOKE_EXPORT("ecp-pubkey")
std::uint32_t* smoke_ecp_pubkey(std::uint8_t* seckey, std::size_t len) {
  using namespace CryptoPP;
  static const DL_GroupParameters_EC<ECP> group(ASN1::secp256k1());
  std::uint8_t* out = nullptr;
  std::size_t out_len = 0;
  if (len == 32) {
    const Integer k(seckey, len);
    if (k.NotZero() && k < group.GetSubgroupOrder()) {
      const ECP::Point p = group.GetCurve().ScalarMultiply(group.GetSubgroupGenerator(), k);
      out_len = group.GetCurve().EncodedPointSize(true);
      out = static_cast<std::uint8_t*>(std::malloc(out_len));
      group.GetCurve().EncodePoint(out, p, true);
    }
  }
  if (len != 0) std::memset(seckey, 0, len);
  free_list(seckey, len);
  return return_list(out != nullptr ? out : reinterpret_cast<std::uint8_t*>(1), out_len);
}

SMOKE_EXPORT("cabi_post_hash")
void smoke_post_hash(std::uint32_t* ret) {
  free_list(reinterpret_cast<void*>(ret[0]), ret[1]);
}

SMOKE_EXPORT("cabi_post_pubkey")
void smoke_post_pubkey(std::uint32_t* ret) {
  free_list(reinterpret_cast<void*>(ret[0]), ret[1]);
}

SMOKE_EXPORT("cabi_post_ecp-pubkey")
void smoke_post_ecp_pubkey(std::uint32_t* ret) {
  free_list(reinterpret_cast<void*>(ret[0]), ret[1]);
}
