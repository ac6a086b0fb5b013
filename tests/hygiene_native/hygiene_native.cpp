// Native memory hygiene, two rounds:
//  1. after a full mnemonic -> seed -> master -> m/44'/60'/0'/0/0 -> sign round and dropping
//     every handle, no copy of a secret may remain in heap memory (freed blocks included)
//     nor in the storage the handles occupied;
//  2. live handles: a provider-style session (mnemonic -> seed -> master -> m/44', every
//     handle but m/44' dropped), then the tenant derives 60'/0'/0/0 one level at a time and
//     keeps only its root (m/44') and the leaf. While both are alive, no key of an
//     ancestor or of a dropped intermediate node may be anywhere (a node holds its own
//     key only).
//
// How: every heap allocation of the process (global operator new/delete AND the malloc
// family, so libsecp256k1, OpenSSL, Crypto++ and utf8proc are covered too) comes from a
// bump arena that never reuses or clears freed memory. The handles live in a static
// buffer (placement new) so their bytes can be scanned after their destructors ran.
// The secrets to look for are computed independently (OpenSSL PBKDF2/HMAC-SHA512 +
// libsecp256k1 tweak-add) in a forked child, so computing them leaves no copy in the
// parent's arena.
//
// NOT covered: stack temporaries (locals of the SDK or of the libraries that are not
// wiped), registers, and the kernel/pipe buffers. Only the heap and the handles' storage.
// Prints "hygiene (native): scanned N KiB, 0 secrets found"; exit 1 if any is found.
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <secp256k1.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>

#include <isolated_crypto/isolated_crypto.hpp>
#include <isolated_crypto/engine/libsecp256k1.hpp>

// ---------------- arena: never reuses, never clears ----------------
namespace arena {
constexpr std::size_t capacity = std::size_t{256} << 20;
alignas(64) static unsigned char bytes[capacity];
static std::size_t top = 0;
static std::size_t allocations = 0;
struct header {
  std::size_t size;
  std::size_t pad;
};
inline void* alloc(std::size_t size, std::size_t align) noexcept {
  if (align < 16) align = 16;
  std::size_t at = (top + sizeof(header) + align - 1) / align * align;
  if (at + size > capacity) return nullptr;
  reinterpret_cast<header*>(bytes + at - sizeof(header))->size = size;
  top = at + size;
  ++allocations;
  return bytes + at;
}
inline bool owns(const void* p) noexcept {
  return p >= static_cast<const void*>(bytes) && p < static_cast<const void*>(bytes + capacity);
}
inline std::size_t size_of(const void* p) noexcept {
  return reinterpret_cast<const header*>(static_cast<const unsigned char*>(p) - sizeof(header))->size;
}
}  // namespace arena

extern "C" {
void* malloc(std::size_t n) { return arena::alloc(n == 0 ? 1 : n, 16); }
void free(void*) {}
void* calloc(std::size_t a, std::size_t b) {
  if (b != 0 && a > SIZE_MAX / b) return nullptr;
  void* p = arena::alloc(a * b == 0 ? 1 : a * b, 16);
  if (p != nullptr) std::memset(p, 0, a * b);  // fresh arena memory is zero anyway
  return p;
}
void* realloc(void* old, std::size_t n) {
  void* p = arena::alloc(n == 0 ? 1 : n, 16);
  if (p != nullptr && old != nullptr) std::memcpy(p, old, std::min(n, arena::size_of(old)));
  return p;  // the old block stays, unwiped, as with a real allocator that reuses later
}
void* aligned_alloc(std::size_t align, std::size_t n) { return arena::alloc(n == 0 ? 1 : n, align); }
void* memalign(std::size_t align, std::size_t n) { return arena::alloc(n == 0 ? 1 : n, align); }
int posix_memalign(void** out, std::size_t align, std::size_t n) {
  void* p = arena::alloc(n == 0 ? 1 : n, align);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}
std::size_t malloc_usable_size(void* p) { return p == nullptr ? 0 : arena::size_of(p); }
}

void* operator new(std::size_t n) {
  if (void* p = arena::alloc(n == 0 ? 1 : n, 16)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, std::align_val_t a) {
  if (void* p = arena::alloc(n == 0 ? 1 : n, static_cast<std::size_t>(a))) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t a) { return operator new(n, a); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return arena::alloc(n == 0 ? 1 : n, 16); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return arena::alloc(n == 0 ? 1 : n, 16); }
void operator delete(void*) noexcept {}
void operator delete[](void*) noexcept {}
void operator delete(void*, std::size_t) noexcept {}
void operator delete[](void*, std::size_t) noexcept {}
void operator delete(void*, std::align_val_t) noexcept {}
void operator delete[](void*, std::align_val_t) noexcept {}
void operator delete(void*, std::size_t, std::align_val_t) noexcept {}
void operator delete[](void*, std::size_t, std::align_val_t) noexcept {}

// ---------------- reference secrets (child process) ----------------
namespace {
namespace ic = isolated_crypto;
using E = ic::engines::libsecp256k1;

constexpr std::string_view kMnemonic =
    "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote";
constexpr std::string_view kPath = "m/44'/60'/0'/0/0";

struct secrets {
  unsigned char seed[64];
  unsigned char master_key[32];
  unsigned char leaf_key[32];
  unsigned char level_key[5][32];  ///< m/44', m/44'/60', m/44'/60'/0', m/44'/60'/0'/0, leaf
};

bool reference(secrets& out) {
  if (PKCS5_PBKDF2_HMAC(kMnemonic.data(), static_cast<int>(kMnemonic.size()),
                        reinterpret_cast<const unsigned char*>("mnemonic"), 8, 2048, EVP_sha512(), 64,
                        out.seed) != 1)
    return false;
  unsigned char i[64];
  unsigned int len = 64;
  HMAC(EVP_sha512(), "Bitcoin seed", 12, out.seed, 64, i, &len);
  std::memcpy(out.master_key, i, 32);
  unsigned char key[32], chain[32];
  std::memcpy(key, i, 32);
  std::memcpy(chain, i + 32, 32);
  secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  const std::uint32_t path[5] = {0x8000002CU, 0x8000003CU, 0x80000000U, 0, 0};
  for (std::size_t level = 0; level < 5; ++level) {
    const std::uint32_t index = path[level];
    unsigned char data[37];
    if ((index & 0x80000000U) != 0) {
      data[0] = 0;
      std::memcpy(data + 1, key, 32);
    } else {
      secp256k1_pubkey pk;
      if (secp256k1_ec_pubkey_create(ctx, &pk, key) != 1) return false;
      std::size_t n = 33;
      secp256k1_ec_pubkey_serialize(ctx, data, &n, &pk, SECP256K1_EC_COMPRESSED);
    }
    data[33] = static_cast<unsigned char>(index >> 24);
    data[34] = static_cast<unsigned char>(index >> 16);
    data[35] = static_cast<unsigned char>(index >> 8);
    data[36] = static_cast<unsigned char>(index);
    HMAC(EVP_sha512(), chain, 32, data, 37, i, &len);
    if (secp256k1_ec_seckey_tweak_add(ctx, key, i) != 1) return false;  // (2^-127: not for this mnemonic)
    std::memcpy(chain, i + 32, 32);
    std::memcpy(out.level_key[level], key, 32);
  }
  std::memcpy(out.leaf_key, key, 32);
  secp256k1_context_destroy(ctx);
  return true;
}

bool reference_in_child(secrets& out) {
  int fd[2];
  if (pipe(fd) != 0) return false;
  const pid_t pid = fork();
  if (pid == 0) {
    close(fd[0]);
    secrets s{};
    const bool ok = reference(s);
    _exit(ok && write(fd[1], &s, sizeof s) == static_cast<ssize_t>(sizeof s) ? 0 : 1);
  }
  close(fd[1]);
  std::size_t got = 0;
  while (got < sizeof out) {
    const ssize_t r = read(fd[0], reinterpret_cast<char*>(&out) + got, sizeof out - got);
    if (r <= 0) break;
    got += static_cast<std::size_t>(r);
  }
  close(fd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return got == sizeof out && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// ---------------- handles in scannable storage ----------------
template <class T>
struct slot {
  alignas(T) unsigned char storage[sizeof(T)];
  T* get() { return std::launder(reinterpret_cast<T*>(storage)); }
};
slot<ic::mnemonic<E>> s_mnemonic;
slot<ic::seed<E>> s_seed;
slot<ic::node<E>> s_master;
slot<ic::node<E>> s_leaf;
slot<ic::ecdsa_key<E>> s_key;
slot<ic::node<E>> s_tenant_root;  // round 2: m/44', alive during the scan
slot<ic::node<E>> s_tenant_leaf;  // round 2: m/44'/60'/0'/0/0, alive during the scan

struct pattern {
  const char* name;
  const unsigned char* data;
  std::size_t size;
};

std::size_t count_in(const unsigned char* hay, std::size_t n, const pattern& p, const char* where) {
  std::size_t found = 0;
  for (std::size_t i = 0; i + p.size <= n; ++i) {
    if (hay[i] == p.data[0] && std::memcmp(hay + i, p.data, p.size) == 0) {
      std::printf("hygiene (native): FOUND %s in %s at offset %zu\n", p.name, where, i);
      ++found;
    }
  }
  return found;
}

/// Informational (does not fail the test): the dead part of the main thread's stack, i.e.
/// the mapped [stack] region below the current frame, where callees' locals were. What
/// is found there is what the SDK or a library left unwiped on the stack; it is printed
/// so it can be looked at, but the stack is not a guaranteed-clean area of this test.
[[gnu::noinline]] void report_dead_stack(const pattern* ps, std::size_t n) {
  unsigned char here = 0;
  asm volatile("" : : "r"(&here) : "memory");
  std::uintptr_t lo = 0, hi = 0;
  if (FILE* f = std::fopen("/proc/self/maps", "r")) {
    char line[512];
    while (std::fgets(line, sizeof line, f) != nullptr) {
      if (std::strstr(line, "[stack]") != nullptr) std::sscanf(line, "%lx-%lx", &lo, &hi);
    }
    std::fclose(f);
  }
  const auto sp = reinterpret_cast<std::uintptr_t>(&here);
  if (lo == 0 || sp <= lo + 4096 || sp > hi) return;
  const std::size_t len = sp - 4096 - lo;  // leave this frame's own neighbourhood out
  const auto* base = reinterpret_cast<const unsigned char*>(lo);
  std::size_t found = 0;
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t i = 0; i + ps[k].size <= len; ++i) {
      if (base[i] == ps[k].data[0] && std::memcmp(base + i, ps[k].data, ps[k].size) == 0) {
        std::printf("hygiene (native): note: %s in dead stack, %zu bytes below the scan frame\n", ps[k].name,
                    sp - (lo + i));
        ++found;
      }
    }
  }
  std::printf("hygiene (native): note: dead stack (%zu KiB, best effort: frames of the scan itself overwrite the nearest 4+ KiB; informational): %zu secret copies\n",
              len / 1024, found);
}

/// Round 1: every handle, then drop them all; nothing may be left.
int round_dropped(const secrets& ref, bool selfcheck) {
  // Round 1: everything, then drop.
  {
    auto m = ic::mnemonic<E>::parse(kMnemonic);
    if (!m) return std::printf("hygiene (native): FAIL parse\n"), 1;
    new (s_mnemonic.storage) ic::mnemonic<E>(std::move(*m));
  }
  {
    auto sd = s_mnemonic.get()->to_seed();
    if (!sd) return 1;
    new (s_seed.storage) ic::seed<E>(std::move(*sd));
  }
  {
    auto mk = s_seed.get()->to_master_key();
    if (!mk) return 1;
    new (s_master.storage) ic::node<E>(std::move(*mk));
  }
  {
    auto leaf = s_master.get()->derive_path(kPath);
    if (!leaf) return 1;
    new (s_leaf.storage) ic::node<E>(std::move(*leaf));
  }
  {
    auto leaf_copy = s_leaf.get()->clone();
    new (s_key.storage) ic::ecdsa_key<E>(std::move(leaf_copy).into_ecdsa_key());
  }
  const std::array<std::byte, 5> msg{std::byte{'h'}, std::byte{'e'}, std::byte{'l'}, std::byte{'l'}, std::byte{'o'}};
  auto sig = s_key.get()->sign(ic::digest_algorithm::keccak256, msg);
  auto sig2 = s_key.get()->sign(ic::digest_algorithm::sha256, msg, 7U);
  auto pub = s_key.get()->public_key();
  if (!sig || !sig2) return std::printf("hygiene (native): FAIL sign\n"), 1;
  // The leaf's public key must match the reference key (sanity check of the reference).
  {
    secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    secp256k1_pubkey pk;
    unsigned char ser[33];
    std::size_t n = 33;
    const bool ok = secp256k1_ec_pubkey_create(ctx, &pk, ref.leaf_key) == 1 &&
                    secp256k1_ec_pubkey_serialize(ctx, ser, &n, &pk, SECP256K1_EC_COMPRESSED) == 1 &&
                    std::memcmp(ser, pub.to_sec1().data(), 33) == 0;
    secp256k1_context_destroy(ctx);
    if (!ok) return std::printf("hygiene (native): FAIL: reference leaf key does not match the SDK's\n"), 1;
  }
  s_key.get()->~ecdsa_key();
  s_leaf.get()->~node();
  s_master.get()->~node();
  s_seed.get()->~seed();
  s_mnemonic.get()->~mnemonic();
  if (selfcheck) {  // negative control: an unwiped, freed heap copy must be found
    auto* leak = new char[kMnemonic.size()];
    std::memcpy(leak, kMnemonic.data(), kMnemonic.size());
    asm volatile("" : : "r"(leak) : "memory");
    delete[] leak;
  }

  // UTF-32 form of the mnemonic (what NFKD decomposes into) as a fifth pattern.
  static unsigned char utf32[kMnemonic.size() * 4];
  for (std::size_t i = 0; i < kMnemonic.size(); ++i) {
    utf32[4 * i] = static_cast<unsigned char>(kMnemonic[i]);
    utf32[4 * i + 1] = utf32[4 * i + 2] = utf32[4 * i + 3] = 0;
  }
  static unsigned char mnemonic_copy[kMnemonic.size()];
  std::memcpy(mnemonic_copy, kMnemonic.data(), kMnemonic.size());
  const pattern patterns[] = {
      {"mnemonic (UTF-8)", mnemonic_copy, sizeof mnemonic_copy},
      {"mnemonic (UTF-32)", utf32, sizeof utf32},
      {"seed (64 bytes)", ref.seed, 64},
      {"master private key", ref.master_key, 32},
      {"m/44'/60'/0'/0/0 private key", ref.leaf_key, 32},
  };
  std::size_t found = 0;
  const std::size_t heap = arena::top;
  for (const pattern& p : patterns) {
    found += count_in(arena::bytes, heap, p, "heap arena");
    found += count_in(s_mnemonic.storage, sizeof s_mnemonic.storage, p, "mnemonic handle");
    found += count_in(s_seed.storage, sizeof s_seed.storage, p, "seed handle");
    found += count_in(s_master.storage, sizeof s_master.storage, p, "master node handle");
    found += count_in(s_leaf.storage, sizeof s_leaf.storage, p, "leaf node handle");
    found += count_in(s_key.storage, sizeof s_key.storage, p, "ecdsa_key handle");
  }
  const std::size_t handles = sizeof s_mnemonic + sizeof s_seed + sizeof s_master + sizeof s_leaf + sizeof s_key;
  std::printf("hygiene (native): %zu heap allocations (all kept, none reused), %zu handle bytes\n", arena::allocations,
              handles);
  std::printf("hygiene (native): scanned %zu KiB, %zu secrets found (stack temporaries not covered)\n",
              (heap + handles + 1023) / 1024, found);
  report_dead_stack(patterns, sizeof patterns / sizeof patterns[0]);
  return found == 0 ? 0 : 1;
}

/// Round 2: a tenant's root node (m/44') and a leaf it derived stay alive during the scan;
/// every other secret (mnemonic, seed, master key, dropped intermediate nodes) must be gone.
/// `selfcheck_live`: the negative control keeps a clone of the master alive in the heap.
int round_live(const secrets& ref, bool selfcheck_live) {
  const std::size_t heap_start = arena::top;  // round 1's arena is scanned by round 1
  {
    auto m = ic::mnemonic<E>::parse(kMnemonic);
    if (!m) return std::printf("hygiene (native): FAIL parse\n"), 1;
    auto sd = m->to_seed();
    if (!sd) return 1;
    auto master = sd->to_master_key();
    if (!master) return 1;
    auto root = master->derive_path("m/44'");  // what a root-node provider hands out
    if (!root) return 1;
    new (s_tenant_root.storage) ic::node<E>(std::move(*root));
    if (selfcheck_live) {
      auto* kept = new ic::node<E>(master->clone());  // deliberately kept: must be found
      asm volatile("" : : "r"(kept) : "memory");
    }
  }  // mnemonic, seed, master dropped: only the tenant's root is left
  {
    // The tenant derives one level at a time (as through the WIT), keeping only the leaf.
    auto first = s_tenant_root.get()->derive(0x8000003CU);
    if (!first) return 1;
    ic::node<E> n = std::move(*first);
    for (std::uint32_t index : {0x80000000U, 0U, 0U}) {
      auto next = n.derive(index);
      if (!next) return 1;
      n = std::move(*next);  // the parent is dropped (wiped) here
    }
    new (s_tenant_leaf.storage) ic::node<E>(std::move(n));
  }
  // Sanity: the live handles are the reference's m/44' and leaf, and the scanner sees them.
  const auto holds = [](const unsigned char* hay, std::size_t n, const unsigned char* key) {
    for (std::size_t i = 0; i + 32 <= n; ++i) {
      if (std::memcmp(hay + i, key, 32) == 0) return true;
    }
    return false;
  };
  if (!holds(s_tenant_root.storage, sizeof s_tenant_root.storage, ref.level_key[0]) ||
      !holds(s_tenant_leaf.storage, sizeof s_tenant_leaf.storage, ref.level_key[4])) {
    return std::printf("hygiene (native): FAIL: the live handles do not hold the reference keys\n"), 1;
  }
  static unsigned char mnemonic_copy[kMnemonic.size()];
  std::memcpy(mnemonic_copy, kMnemonic.data(), kMnemonic.size());
  const pattern patterns[] = {
      {"mnemonic (UTF-8)", mnemonic_copy, sizeof mnemonic_copy},
      {"seed (64 bytes)", ref.seed, 64},
      {"master private key", ref.master_key, 32},
      {"m/44'/60' private key", ref.level_key[1], 32},
      {"m/44'/60'/0' private key", ref.level_key[2], 32},
      {"m/44'/60'/0'/0 private key", ref.level_key[3], 32},
  };
  std::size_t found = 0;
  const std::size_t heap = arena::top - heap_start;
  for (const pattern& p : patterns) {
    found += count_in(arena::bytes + heap_start, heap, p, "heap arena (round 2)");
    found += count_in(s_tenant_root.storage, sizeof s_tenant_root.storage, p, "live tenant root handle (m/44')");
    found += count_in(s_tenant_leaf.storage, sizeof s_tenant_leaf.storage, p, "live tenant leaf handle");
  }
  std::printf("hygiene (native): live handles (m/44' and its leaf): scanned %zu KiB, %zu ancestor/dropped secrets found\n",
              (heap + sizeof s_tenant_root + sizeof s_tenant_leaf + 1023) / 1024, found);
  s_tenant_leaf.get()->~node();
  s_tenant_root.get()->~node();
  return found == 0 ? 0 : 1;
}

int run(const char* mode) {
  static secrets ref;  // static: outside the arena
  if (!reference_in_child(ref)) {
    std::printf("hygiene (native): FAIL: reference computation failed\n");
    return 1;
  }
  const bool selfcheck = std::strcmp(mode, "selfcheck") == 0;
  const bool selfcheck_live = std::strcmp(mode, "selfcheck_live") == 0;
  const int dropped = round_dropped(ref, selfcheck);
  const int live = round_live(ref, selfcheck_live);
  return dropped | live;
}
}  // namespace

int main(int argc, char** argv) { return run(argc > 1 ? argv[1] : ""); }
