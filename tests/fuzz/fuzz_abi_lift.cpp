// Canonical-ABI lifting from fuzzer-chosen memory and flat slots, on the native simulated
// linear memory of adapters/wit/include/isolated_crypto/wit/memory.hpp.
//
// Input: [type selector][load-or-lift][8 flat slots: 8 x u64][memory image...]
// The memory image is copied to simulated address 0 (its first 16 bytes zeroed); every
// aligned u32 word in it (and each flat slot's low word) is squashed (see squash()), so every pointer/length the lifting
// code can read stays inside the 16 MiB simulation (pointer < 64 KiB, length < 64 Ki
// elements of <= 8 bytes: the list element types used here). Reason: the NATIVE simulation has no bounds check (ptr()/
// load_int() index host_memory::bytes with any u32); in wasm the runtime traps instead.
// That gap is reported separately; this target fuzzes the lifting logic itself.
//
// A canonical-ABI trap (wit::trap -> __builtin_trap -> SIGILL) is the specified outcome
// for invalid input, so SIGILL is caught and the input counts as handled. Run with
// -handle_ill=0 (run.sh does) so libFuzzer does not treat it as a crash. Everything else
// (ASan, UBSan, SIGSEGV, abort) is a crash.
#include <csetjmp>
#include <csignal>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <isolated_crypto/wit/bindings/isolated_crypto_types.hpp>
#include <isolated_crypto/wit/bindings/wasi_http.hpp>
#include <isolated_crypto/wit/wit.hpp>

namespace wit = isolated_crypto::wit;
namespace ic = isolated_crypto::wit::ic;
namespace http = isolated_crypto::wit::wasi::http;

namespace fuzz_abi {
struct task_queue_input {
  std::uint64_t timestamp = 0;
  wit::list<std::uint8_t> request;
};
}  // namespace fuzz_abi
template <>
struct isolated_crypto::wit::record<fuzz_abi::task_queue_input>
    : fields<&fuzz_abi::task_queue_input::timestamp, &fuzz_abi::task_queue_input::request> {};

namespace {
sigjmp_buf trap_jump;
volatile std::sig_atomic_t trapped = 0;
void on_trap(int) {
  trapped = 1;
  siglongjmp(trap_jump, 1);
}

constexpr std::size_t image_max = 65536;
constexpr std::size_t reach = std::size_t{1} << 20;

// Small values (discriminants, flags, short lengths) pass; anything larger becomes a
// multiple of 8 below 64 KiB, so pointers are aligned (lift_elements does not check the
// alignment the canonical ABI requires, reported) and unaligned reads never happen.
std::uint32_t squash(std::uint32_t w) { return w < 8 ? w : (w & 0xFFF8); }

template <class T>
void exercise(bool from_memory, const std::uint64_t* slots) {
  if (from_memory) {
    // Address of the value: slot 0's low word (mod 64 KiB), aligned as the type requires.
    const auto a = static_cast<wit::addr_t>(slots[0] & 0xFFFF) / wit::abi<T>::mem.align * wit::abi<T>::mem.align;
    T v = wit::abi<T>::load(a);
    asm volatile("" : : "r"(&v) : "memory");
  } else {
    T v = wit::abi<T>::lift(slots);
    asm volatile("" : : "r"(&v) : "memory");
  }
}

using result_t = wit::result<wit::list<std::uint8_t>, wit::string>;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  struct sigaction sa {};
  sa.sa_handler = on_trap;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGILL, &sa, nullptr);
  sigaction(SIGTRAP, &sa, nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  if (n < 2 + 64) return 0;
  const std::uint8_t which = d[0];
  const bool from_memory = (d[1] & 1) != 0;
  std::uint64_t slots[16] = {};
  std::memcpy(slots, d + 2, 64);
  for (auto& s : slots) s = (s & 0xFFFFFFFF00000000ULL) | squash(static_cast<std::uint32_t>(s));
  const std::uint8_t* img = d + 66;
  const std::size_t img_n = std::min(n - 66, image_max);

  // Fresh simulated memory: image at 0, allocations above it.
  // Zero the window lifting can read (image + up to 64 Ki elements of <= 8 bytes past it),
  // allocations start above it so allocator headers are never read as pointers.
  auto& mem = wit::detail::host_memory::bytes;
  std::memset(mem, 0, reach);
  std::memcpy(mem, img, img_n);
  for (std::size_t off = 0; off + 4 <= image_max; off += 4) {
    std::uint32_t w;
    std::memcpy(&w, mem + off, 4);
    w = off < 16 ? 0 : squash(w);
    std::memcpy(mem + off, &w, 4);
  }
  wit::detail::host_memory::top = reach;
  wit::detail::host_memory::live = 0;

  // list<string> is the one type here whose elements hold pointers: an unaligned list
  // pointer (1..7 survive squash()) would read pointer words across squashed halves.
  // The canonical ABI traps on it; lift_elements does not check (reported), so align it.
  if (which % 14 == 4) {
    if (from_memory) {
      const auto a = static_cast<std::size_t>(slots[0] & 0xFFFF) / 4 * 4;
      std::uint32_t w;
      std::memcpy(&w, mem + a, 4);
      w &= ~7U;
      std::memcpy(mem + a, &w, 4);
    } else {
      slots[0] &= ~std::uint64_t{7};
    }
  }

  trapped = 0;
  if (sigsetjmp(trap_jump, 1) == 0) {
    switch (which % 14) {
      case 0: exercise<wit::string>(from_memory, slots); break;
      case 1: exercise<wit::secret_string>(from_memory, slots); break;
      case 2: exercise<std::string>(from_memory, slots); break;
      case 3: exercise<wit::list<std::uint8_t>>(from_memory, slots); break;
      case 4: exercise<wit::list<wit::string>>(from_memory, slots); break;
      case 5: exercise<std::optional<std::uint32_t>>(from_memory, slots); break;
      case 6: exercise<std::optional<ic::u256be>>(from_memory, slots); break;
      case 7: exercise<result_t>(from_memory, slots); break;
      case 8: exercise<ic::compressed_point>(from_memory, slots); break;
      case 9: exercise<ic::signature>(from_memory, slots); break;
      case 10: exercise<ic::recovery_id>(from_memory, slots); break;
      case 11: exercise<ic::digest_algorithm256>(from_memory, slots); break;
      case 12: exercise<fuzz_abi::task_queue_input>(from_memory, slots); break;
      case 13: exercise<http::error_code>(from_memory, slots); break;
    }
  }
  return 0;
}
