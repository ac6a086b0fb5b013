// Hostile tenant (world `hostile-tenant`, tests/hostile/tenant/wit): each export tries one
// attack on the engine / the host and returns what it saw as text. A call that should be
// refused returns "USED ..." if it was NOT refused (the host test fails on that); the
// expected outcome of most attacks is a trap raised by the component runtime (jco) or the
// engine, which reaches the host as an exception of the tenant's export. Each attack
// reports its step to the host (import test:hostile/trace.reached) just before the call
// that attacks, so the host knows that a trap came from the attack, not from the setup.
#include <isolated_crypto/wit/bindings/isolated_crypto_imports.hpp>

#include <wasi/api.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <utility>
#include <vector>

extern char** environ;
extern "C" char __stack_low;  // wasm-ld: lowest address of the shadow stack (it grows down)

namespace wit = isolated_crypto::wit;
namespace ic = isolated_crypto::wit::ic;

// The adapter's sign-raw import takes std::span<const uint8_t, 32>, so a wrong length
// does not compile. Declare the same WIT function a second time with a dynamic span.
namespace hostile {
ISOLATED_CRYPTO_WIT_IMPORT(sign_raw_any, ISOLATED_CRYPTO_WIT_IFACE("secp256k1"), "[method]ecdsa-key.sign-raw",
                           ic::secp256k1::signed_digest(wit::borrow<ic::secp256k1::ecdsa_key>, std::span<const std::uint8_t>,
                                                        std::optional<std::uint32_t>))
ISOLATED_CRYPTO_WIT_IMPORT(trace_reached, "test:hostile/trace@0.1.0", "reached", void(std::string_view))
}  // namespace hostile

namespace {
constexpr std::uint32_t H = 0x80000000U;

std::string hex(std::span<const std::uint8_t> b) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t x : b) {
    out += digits[x >> 4];
    out += digits[x & 15];
  }
  return out;
}
std::string point(const ic::compressed_point& p) { return (p.is_y_odd ? "03" : "02") + hex(p.x); }

std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += '?';
      continue;
    }
    out += c;
  }
  return out;
}

wit::own<ic::bip39::mnemonic> mnemonic() {
  auto m = ic::get_mnemonic();
  if (!m) __builtin_trap();
  return std::move(m.value());
}
wit::own<ic::bip32::node> master() {
  auto m = mnemonic();
  auto seed = ic::bip39::mnemonic_to_seed(m.borrow(), "");
  return ic::bip32::seed_to_master_key(seed.borrow(), std::nullopt);
}
wit::own<ic::bip32::node> eth_node() {
  auto node = master();
  for (std::uint32_t i : {44U | H, 60U | H, 0U | H, 0U, 0U}) node = ic::bip32::node_derive(node.borrow(), i);
  return node;
}
wit::own<ic::secp256k1::ecdsa_key> eth_key() {
  auto node = eth_node();
  return ic::bip32::node_into_secp256k1_ecdsa_key(node.borrow());
}

wit::string text(const std::string& s) { return wit::string::copy_of(s); }

// ---- attacks -----------------------------------------------------------------------------

wit::string env_read() {
  hostile::trace_reached("env-read");
  std::string out = "getenv(MNEMONIC)=";
  const char* m = std::getenv("MNEMONIC");
  out += m == nullptr ? "null" : "\"" + escape(m) + "\"";
  out += "; environ=[";
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) out += (e == environ ? "\"" : ",\"") + escape(*e) + "\"";
  out += "]; wasi environ_get=[";
  // The raw WASI call, bypassing libc's cache.
  __wasi_size_t count = 0, size = 0;
  if (__wasi_environ_sizes_get(&count, &size) == 0) {
    std::vector<std::uint8_t*> ptrs(count + 1);
    std::vector<std::uint8_t> buf(size + 1);
    if (__wasi_environ_get(ptrs.data(), buf.data()) == 0) {
      for (std::size_t i = 0; i < count; ++i)
        out += (i == 0 ? "\"" : ",\"") + escape(reinterpret_cast<const char*>(ptrs[i])) + "\"";
    }
  }
  out += "]";
  return text(out);
}

wit::string sign_raw_len(std::uint32_t len) {
  auto key = eth_key();
  std::vector<std::uint8_t> digest(len, 0x11);
  hostile::trace_reached("sign-raw");
  auto [sig, recid] = hostile::sign_raw_any(key.borrow(), std::span<const std::uint8_t>(digest), std::nullopt);
  return text("USED sign-raw(" + std::to_string(len) + " bytes) r=" + hex(sig.r));
}

// Uses handle number `h` as resource `which`; returns what the call gave back.
std::string use_as(std::uint32_t which, std::uint32_t h) {
  hostile::trace_reached("use-handle");
  switch (which) {
    case 0: {
      auto [sig, recid] = ic::secp256k1::ecdsa_key_sign_raw(wit::borrow<ic::secp256k1::ecdsa_key>(h),
                                                            std::span<const std::uint8_t, 32>(std::array<std::uint8_t, 32>{1}.data(), 32),
                                                            std::nullopt);
      return "ecdsa-key.sign-raw r=" + hex(sig.r);
    }
    case 1:
      return "node.get-public-key=" + point(ic::bip32::node_get_public_key(wit::borrow<ic::bip32::node>(h)));
    case 2: {
      auto seed = ic::bip39::mnemonic_to_seed(wit::borrow<ic::bip39::mnemonic>(h), "");
      auto node = ic::bip32::seed_to_master_key(seed.borrow(), std::nullopt);
      return "mnemonic.to-seed → master " + point(ic::bip32::node_get_public_key(node.borrow()));
    }
    default: {
      auto node = ic::bip32::seed_to_master_key(wit::borrow<ic::bip32::seed>(h), std::nullopt);
      return "seed.to-master-key → " + point(ic::bip32::node_get_public_key(node.borrow()));
    }
  }
}

template <class R>
std::uint32_t drop(wit::own<R>& o) {
  const std::uint32_t h = o.release();
  wit::resource_traits<R>::resource_drop(static_cast<std::int32_t>(h));
  return h;
}

wit::string use_after_drop(std::uint32_t which) {
  std::uint32_t h = 0;
  auto m = mnemonic();
  auto seed = ic::bip39::mnemonic_to_seed(m.borrow(), "");
  auto node = ic::bip32::seed_to_master_key(seed.borrow(), std::nullopt);
  auto key = ic::bip32::node_into_secp256k1_ecdsa_key(node.borrow());
  switch (which) {
    case 0: h = drop(key); break;
    case 1: h = drop(node); break;
    case 2: h = drop(m); break;
    default: h = drop(seed); break;
  }
  return text("USED stale handle " + std::to_string(h) + ": " + use_as(which, h));
}

wit::string use_after_move(std::uint32_t which) {
  auto node = master();
  std::string out;
  if (which == 0) {
    auto key = ic::bip32::node_into_secp256k1_ecdsa_key(node.borrow());
    // WIT lends the node to into-...: it must still work (no move in the canonical ABI).
    out = "node usable after into (" + point(ic::bip32::node_get_public_key(node.borrow())) + "); ";
    const std::uint32_t h = drop(node);
    out += "USED dropped node " + std::to_string(h) + " after into: " + use_as(1, h);
    return text(out);
  }
  const std::uint32_t parent = node.handle();
  node = ic::bip32::node_derive(node.borrow(), 0U | H);  // the parent handle is dropped here
  std::vector<wit::own<ic::bip32::node>> fresh;  // kept alive until the stale number is used
  if (which == 2) {
    // Create handles until one reuses the parent's slot (the tenant's own table).
    for (int i = 0; i < 4; ++i) fresh.push_back(ic::bip32::node_derive(node.borrow(), static_cast<std::uint32_t>(i)));
    out = "new handles [";
    for (auto& f : fresh) out += std::to_string(f.handle()) + (&f == &fresh.back() ? "" : ",");
    out += "]; ";
    bool reused = false;
    for (auto& f : fresh) reused = reused || f.handle() == parent;
    // Not reused: report the numbers instead of trapping (the trap case is which == 1).
    if (!reused) return text(out + "parent " + std::to_string(parent) + " not reused, node " + std::to_string(node.handle()));
  }
  out += "USED parent " + std::to_string(parent) + " after node = derive(node): " + use_as(1, parent);
  return text(out);
}

wit::string forge_handle(std::uint32_t which, std::uint32_t handle, bool hold_mnemonic) {
  wit::own<ic::bip39::mnemonic> held;
  std::string out;
  if (hold_mnemonic) {
    held = mnemonic();
    out = "holding mnemonic " + std::to_string(held.handle()) + "; ";
  }
  out += "USED forged " + std::to_string(handle) + ": " + use_as(which, handle);
  return text(out);
}

wit::string big_sign(std::uint32_t len) {
  auto key = eth_key();
  std::vector<std::uint8_t> msg(len);
  for (std::uint32_t i = 0; i < len; ++i) msg[i] = static_cast<std::uint8_t>(i % 251);
  hostile::trace_reached("sign-big");
  auto [sig, recid] = ic::secp256k1::ecdsa_key_sign(key.borrow(), ic::digest_algorithm256::keccak256, msg, std::nullopt);
  const int v = ic::has(recid, ic::recovery_id::is_y_odd) ? 1 : 0;
  return text(hex(sig.r) + hex(sig.s) + (v ? "01" : "00"));
}

wit::string deep_derive(std::uint32_t depth) {
  auto node = master();
  hostile::trace_reached("derive-deep");
  for (std::uint32_t i = 0; i < depth; ++i) node = ic::bip32::node_derive(node.borrow(), i % 2 == 0 ? (i | H) : i);
  return text(point(ic::bip32::node_get_public_key(node.borrow())) + ";handle=" + std::to_string(node.handle()));
}

// One 256-byte frame per level, written at both ends, until the frame lies below `floor`
// (an address, as a signed number: with the stack first in memory it is negative).
// Returns the lowest address reached. Not a tail call (the sum), so each level keeps its frame.
[[gnu::noinline]] std::intptr_t descend(std::intptr_t floor) {
  volatile std::uint8_t frame[256];
  frame[0] = 1;
  frame[sizeof frame - 1] = 1;
  const auto here = reinterpret_cast<std::intptr_t>(&frame[0]);
  if (here < floor) return here;
  return descend(floor) + frame[0] - frame[sizeof frame - 1];
}

wit::string stack_overflow(std::uint32_t extra) {
  const auto low = reinterpret_cast<std::intptr_t>(&__stack_low);
  hostile::trace_reached("stack-overflow");
  const std::intptr_t reached = descend(low - static_cast<std::intptr_t>(extra));
  // Only reached if no store trapped: the frames ran over whatever lies below the stack.
  hostile::trace_reached("stack-overflow-survived");
  return text("OVERFLOWED: frames down to " + std::to_string(reached) + ", " + std::to_string(low - reached) +
              " bytes below __stack_low = " + std::to_string(low) + ", no trap");
}

wit::string baseline() { return text(point(ic::secp256k1::ecdsa_key_get_public_key(eth_key().borrow()))); }
}  // namespace

ISOLATED_CRYPTO_WIT_EXPORT("env-read", &env_read)
ISOLATED_CRYPTO_WIT_EXPORT("sign-raw-len", &sign_raw_len)
ISOLATED_CRYPTO_WIT_EXPORT("use-after-drop", &use_after_drop)
ISOLATED_CRYPTO_WIT_EXPORT("use-after-move", &use_after_move)
ISOLATED_CRYPTO_WIT_EXPORT("forge-handle", &forge_handle)
ISOLATED_CRYPTO_WIT_EXPORT("big-sign", &big_sign)
ISOLATED_CRYPTO_WIT_EXPORT("deep-derive", &deep_derive)
ISOLATED_CRYPTO_WIT_EXPORT("stack-overflow", &stack_overflow)
ISOLATED_CRYPTO_WIT_EXPORT("baseline", &baseline)
