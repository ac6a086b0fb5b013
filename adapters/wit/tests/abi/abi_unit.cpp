// Native unit tests of the canonical-ABI layer (no wasm needed): layouts,
// flattening, and loading/storing on the simulated linear memory of memory.hpp.
//   g++ -std=c++20 -I adapters/wit/include adapters/wit/tests/abi/abi_unit.cpp -o abi_unit && ./abi_unit
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <isolated_crypto/wit/bindings/isolated_crypto_types.hpp>
#include <isolated_crypto/wit/bindings/wasi_http.hpp>
#include <isolated_crypto/wit/wit.hpp>
#include <string_view>
#include <vector>

namespace wit = isolated_crypto::wit;
namespace ic = isolated_crypto::wit::ic;
namespace http = isolated_crypto::wit::wasi::http;
using wit::core;
using wit::addr_t;

namespace {
constexpr core I32 = core::i32, I64 = core::i64, F32 = core::f32, F64 = core::f64;

struct task_queue_input {
  std::uint64_t timestamp = 0;
  wit::list<std::uint8_t> request;
};
struct mixed {
  std::uint8_t a = 0;
  std::uint64_t b = 0;
  std::uint16_t c = 0;
};
struct tag;  // an imported resource
/// Canonical size 1 (one u8 field) but a native size of 2^41 bytes: n·sizeof(T) for
/// n = 2^23 is 2^64, which wraps to 0 in 64 bits (as n·sizeof(own<R>) can in 32 bits).
struct oversized {
  std::uint8_t a = 0;
  std::array<std::byte, std::size_t{1} << 41> not_in_wit;
};
}  // namespace
template <>
struct isolated_crypto::wit::record<task_queue_input> : fields<&task_queue_input::timestamp, &task_queue_input::request> {};
template <>
struct isolated_crypto::wit::record<mixed> : fields<&mixed::a, &mixed::b, &mixed::c> {};
template <>
struct isolated_crypto::wit::record<oversized> : fields<&oversized::a> {};

namespace {
template <class T>
constexpr wit::layout mem = wit::abi<T>::mem;

template <class T>
bool flat_is(std::initializer_list<core> want) {
  const auto& have = wit::abi<T>::flat;
  return std::equal(have.begin(), have.end(), want.begin(), want.end());
}
template <class T>
bool flat_is_empty() {
  return wit::abi<T>::flat.size() == 0;
}

std::size_t live() { return wit::detail::host_memory::live; }
std::byte* at(addr_t a) { return wit::detail::ptr(a); }

/// A buffer allocated the way the runtime does (through cabi_realloc) holding `bytes`.
addr_t runtime_bytes(std::string_view bytes, std::uint32_t align = 1) {
  addr_t a = cabi_realloc(0, 0, align, static_cast<std::uint32_t>(bytes.size()));
  if (!bytes.empty()) std::memcpy(at(a), bytes.data(), bytes.size());
  return a;
}
void put32(addr_t a, std::uint32_t v) { wit::detail::store_int(a, v); }
std::uint32_t get32(addr_t a) { return wit::detail::load_int<std::uint32_t>(a); }

template <class T>
T store_then_load(const T& v) {
  wit::lower_ctx cx;
  addr_t a = cx.temp(mem<T>.size, mem<T>.align);
  wit::abi<T>::store(cx, v, a);
  return wit::abi<T>::load(a);
}
template <class T>
T lower_then_lift(const T& v) {
  wit::lower_ctx cx;
  std::uint64_t s[wit::abi<T>::flat.size() + 1] = {};
  wit::abi<T>::lower(cx, v, s);
  return wit::abi<T>::lift(s);
}
}  // namespace

TEST_CASE("abi: sizes and alignments of scalars") {
  CHECK(mem<bool>.size == 1);
  CHECK(mem<bool>.align == 1);
  CHECK(mem<std::uint8_t>.size == 1);
  CHECK(mem<std::int16_t>.size == 2);
  CHECK(mem<std::int16_t>.align == 2);
  CHECK(mem<std::uint32_t>.size == 4);
  CHECK(mem<std::int64_t>.size == 8);
  CHECK(mem<std::int64_t>.align == 8);
  CHECK(mem<float>.size == 4);
  CHECK(mem<double>.align == 8);
  CHECK(mem<char32_t>.size == 4);
  CHECK(mem<std::byte>.size == 1);
}

TEST_CASE("abi: strings, lists and handles are (i32 ptr, i32 len) / i32") {
  CHECK(mem<wit::string>.size == 8);
  CHECK(mem<wit::string>.align == 4);
  CHECK(mem<wit::secret_string>.size == 8);
  CHECK(mem<wit::list<std::uint64_t>>.size == 8);
  CHECK(mem<wit::list<std::uint64_t>>.align == 4);
  CHECK(mem<ic::u256be>.size == 8);
  CHECK(flat_is<std::string_view>({I32, I32}));
  CHECK(flat_is<std::span<const std::uint8_t>>({I32, I32}));
  CHECK(flat_is<wit::own<tag>>({I32}));
  CHECK(flat_is<wit::borrow<tag>>({I32}));
  CHECK(mem<wit::own<tag>>.size == 4);
}

TEST_CASE("abi: flattening of scalars") {
  CHECK(flat_is<bool>({I32}));
  CHECK(flat_is<std::int8_t>({I32}));
  CHECK(flat_is<std::uint64_t>({I64}));
  CHECK(flat_is<std::int64_t>({I64}));
  CHECK(flat_is<float>({F32}));
  CHECK(flat_is<double>({F64}));
  CHECK(flat_is<char32_t>({I32}));
  CHECK(flat_is_empty<wit::unit>());
}

TEST_CASE("abi: isolated-crypto types") {
  CHECK(mem<ic::digest_algorithm256>.size == 1);
  CHECK(flat_is<ic::digest_algorithm256>({I32}));
  CHECK(mem<ic::recovery_id>.size == 1);
  CHECK(flat_is<ic::recovery_id>({I32}));
  CHECK(mem<ic::compressed_point>.size == 12);  // list (8) + bool (1), padded to 4
  CHECK(mem<ic::compressed_point>.align == 4);
  CHECK(flat_is<ic::compressed_point>({I32, I32, I32}));
  CHECK(mem<ic::signature>.size == 16);
  using signed_digest = std::tuple<ic::signature, ic::recovery_id>;
  CHECK(mem<signed_digest>.size == 20);  // the prototype's 20-byte return area
  CHECK(flat_is<signed_digest>({I32, I32, I32, I32, I32}));
  CHECK(flat_is<std::optional<std::uint32_t>>({I32, I32}));
  CHECK(mem<std::optional<std::uint32_t>>.size == 8);
  CHECK(flat_is<std::optional<wit::list<std::uint8_t>>>({I32, I32, I32}));
  using mnemonic_result = wit::result<wit::own<tag>, wit::string>;
  CHECK(mem<mnemonic_result>.size == 12);
  CHECK(flat_is<mnemonic_result>({I32, I32, I32}));
}

TEST_CASE("abi: lay3r:avs task-queue types") {
  CHECK(mem<task_queue_input>.size == 16);
  CHECK(mem<task_queue_input>.align == 8);
  CHECK(flat_is<task_queue_input>({I64, I32, I32}));
  using output = wit::result<wit::list<std::uint8_t>, wit::string>;
  CHECK(mem<output>.size == 12);
  CHECK(flat_is<output>({I32, I32, I32}));
}

TEST_CASE("abi: record padding and variant payload offsets") {
  CHECK(mem<mixed>.size == 24);  // a@0, b@8, c@16, size 18 -> 24
  CHECK(mem<mixed>.align == 8);
  CHECK(wit::abi<mixed>::rl.offsets[1] == 8);
  CHECK(wit::abi<mixed>::rl.offsets[2] == 16);
  using v = std::variant<std::uint8_t, std::uint64_t>;
  CHECK(mem<v>.size == 16);  // u8 discriminant, payload at 8
  CHECK(wit::abi<v>::vl.payload_offset == 8);
  CHECK(mem<std::optional<std::uint8_t>>.size == 2);
}

TEST_CASE("abi: variant join of core types") {
  CHECK(flat_is<std::variant<float, std::uint32_t>>({I32, I32}));
  CHECK(flat_is<std::variant<float, std::uint64_t>>({I32, I64}));
  CHECK(flat_is<std::variant<double, float>>({I32, I64}));
  CHECK(flat_is<std::variant<double, double>>({I32, F64}));
  CHECK(flat_is<std::variant<wit::unit, std::tuple<std::uint32_t, float>, std::tuple<float, double>>>({I32, I32, I64}));
}

TEST_CASE("abi: discriminant size grows with the number of cases") {
  CHECK(wit::detail::discriminant_size(2) == 1);
  CHECK(wit::detail::discriminant_size(256) == 1);
  CHECK(wit::detail::discriminant_size(257) == 2);
  CHECK(wit::detail::discriminant_size(65537) == 4);
  CHECK(wit::detail::flags_layout(9).size == 2);
  CHECK(wit::detail::flags_layout(33).size == 8);
}

TEST_CASE("abi: wasi:http types") {
  CHECK(mem<http::method>.size == 12);
  CHECK(flat_is<http::method>({I32, I32, I32}));
  CHECK(flat_is<std::optional<http::scheme>>({I32, I32, I32, I32}));
  CHECK(mem<http::header_error>.size == 1);
  // 39 cases; largest payload option<field-size-payload> (24 bytes), option<u64> aligns to 8.
  CHECK(mem<http::error_code>.size == 32);
  CHECK(mem<http::error_code>.align == 8);
  CHECK(flat_is<http::error_code>({I32, I32, I64, I32, I32, I32, I32}));
  CHECK(mem<http::maybe_response>.size == 56);  // option<result<result<own, error-code>>>: 8 + 8 + 8 + 32
  CHECK(mem<isolated_crypto::wit::wasi::io::stream_error>.size == 8);
}

TEST_CASE("lift/lower: scalars round-trip through memory and flat slots") {
  const std::size_t before = live();
  CHECK(store_then_load<std::int8_t>(-5) == -5);
  CHECK(lower_then_lift<std::int8_t>(-5) == -5);
  CHECK(lower_then_lift<std::int16_t>(-300) == -300);
  CHECK(lower_then_lift<std::uint64_t>(0xFFFF'0000'1234'5678ULL) == 0xFFFF'0000'1234'5678ULL);
  CHECK(store_then_load<double>(-1.5) == -1.5);
  CHECK(lower_then_lift<float>(2.25f) == 2.25f);
  CHECK(lower_then_lift<char32_t>(U'\U0001F600') == U'\U0001F600');
  CHECK(store_then_load(true));
  CHECK(store_then_load(ic::digest_algorithm256::keccak256) == ic::digest_algorithm256::keccak256);
  CHECK(lower_then_lift(ic::recovery_id::is_y_odd | ic::recovery_id::is_x_reduced) == (ic::recovery_id::is_y_odd | ic::recovery_id::is_x_reduced));
  auto m = store_then_load(mixed{7, 1ULL << 40, 9});
  CHECK(m.a == 7);
  CHECK(m.b == 1ULL << 40);
  CHECK(m.c == 9);
  CHECK(lower_then_lift(std::optional<std::uint32_t>{}) == std::nullopt);
  CHECK(lower_then_lift(std::optional<std::uint32_t>{0}) == std::optional<std::uint32_t>{0});  // some(0) != none
  auto v = lower_then_lift(std::variant<float, std::uint64_t>(std::in_place_index<0>, 3.5f));  // f32 via an i64 slot
  CHECK(std::get<0>(v) == 3.5f);
  auto t = store_then_load(std::tuple<std::uint8_t, double, bool>{1, 0.5, true});
  CHECK(std::get<1>(t) == 0.5);
  CHECK(live() == before);
}

TEST_CASE("lift/lower: bytes of a stored value follow the spec") {
  wit::lower_ctx cx;
  addr_t a = cx.temp(8, 4);
  wit::abi<std::optional<std::uint32_t>>::store(cx, 0x01020304u, a);
  CHECK(static_cast<int>(*at(a)) == 1);  // discriminant "some"
  CHECK(get32(a + 4) == 0x01020304u);     // payload at offset 4
  std::uint64_t s[2] = {};
  wit::abi<std::optional<std::uint32_t>>::lower(cx, std::nullopt, s);
  CHECK(s[0] == 0);
  CHECK(s[1] == 0);  // unused payload slots are zero
}

TEST_CASE("lift/lower: received buffers are adopted and each freed exactly once") {
  const std::size_t before = live();
  {
    // result<list<u8>, string> = error("bad") as the runtime writes it into a return area.
    addr_t ret = cabi_realloc(0, 0, 4, 12);
    *at(ret) = std::byte{1};
    put32(ret + 4, runtime_bytes("bad"));
    put32(ret + 8, 3);
    auto r = wit::abi<wit::result<wit::list<std::uint8_t>, wit::string>>::load(ret);
    REQUIRE(!r.has_value());
    CHECK(r.error().view() == "bad");
    wit::detail::dealloc(at(ret));
  }
  {
    // list<string> ["ab", ""]: element array plus one buffer; the empty string's pointer is a dummy.
    addr_t arr = cabi_realloc(0, 0, 4, 16);
    put32(arr, runtime_bytes("ab"));
    put32(arr + 4, 2);
    put32(arr + 8, cabi_realloc(0, 0, 1, 0));
    put32(arr + 12, 0);
    std::uint64_t s[2] = {arr, 2};
    auto l = wit::abi<wit::list<wit::string>>::lift(s);
    REQUIRE(l.size() == 2);
    CHECK(l[0].view() == "ab");
    CHECK(l[1].empty());
  }
  {
    // option<list<u8>> with 32 bytes into std::optional<u256be>.
    std::string bytes(32, '\x11');
    std::uint64_t s[3] = {1, runtime_bytes(bytes), 32};
    auto o = wit::abi<std::optional<ic::u256be>>::lift(s);
    REQUIRE(o.has_value());
    CHECK((*o)[31] == 0x11);
  }
  {
    // error-code case 38 internal-error(some("boom")) through flat slots (joined i64 slot 2).
    std::uint64_t s[7] = {38, 1, runtime_bytes("boom"), 4, 0, 0, 0};
    auto e = wit::abi<http::error_code>::lift(s);
    REQUIRE(e.index() == 38);
    CHECK(std::get<38>(e)->view() == "boom");
  }
  {
    // task-queue-input {timestamp, request} as flat export parameters (i64, i32, i32).
    std::uint64_t s[3] = {1234, runtime_bytes("{}"), 2};
    auto in = wit::abi<task_queue_input>::lift(s);
    CHECK(in.timestamp == 1234);
    CHECK(std::string_view(reinterpret_cast<const char*>(in.request.data()), in.request.size()) == "{}");
  }
  CHECK(live() == before);
}

TEST_CASE("lift/lower: sent values are borrowed, re-laid-out lists are temporaries") {
  const std::size_t before = live();
  auto owned = wit::string::copy_of("hello");
  std::vector<wit::string> names;
  names.push_back(wit::string::copy_of("a"));
  names.push_back(wit::string::copy_of("bc"));
  {
    wit::lower_ctx cx;
    std::uint64_t s[2];
    wit::abi<wit::string>::lower(cx, owned, s);
    CHECK(at(static_cast<addr_t>(s[0])) == reinterpret_cast<const std::byte*>(owned.data()));  // no copy
    CHECK(s[1] == 5);
    wit::abi<std::vector<wit::string>>::lower(cx, names, s);
    CHECK(s[1] == 2);
    const auto arr = static_cast<addr_t>(s[0]);
    CHECK(at(get32(arr)) == reinterpret_cast<const std::byte*>(names[0].data()));
    CHECK(get32(arr + 12) == 2);
    CHECK(live() == before + 4);  // 3 strings + 1 temporary array
  }
  CHECK(live() == before + 3);  // the temporary is gone, the strings are still ours
}

TEST_CASE("memory: secret strings are wiped before they are freed; cabi_realloc wipes moved blocks") {
  addr_t a = runtime_bytes("correct horse");
  {
    auto s = wit::secret_string::adopt(reinterpret_cast<char*>(at(a)), 13);
  }
  CHECK(std::all_of(at(a), at(a) + 13, [](std::byte b) { return b == std::byte{0}; }));
  addr_t b = runtime_bytes("passphrase");
  addr_t c = cabi_realloc(b, 10, 1, 20);
  CHECK(std::memcmp(at(c), "passphrase", 10) == 0);
  CHECK(std::all_of(at(b), at(b) + 10, [](std::byte x) { return x == std::byte{0}; }));
  wit::detail::dealloc(at(c));
  CHECK(cabi_realloc(0, 0, 4, 0) == 4);  // empty lists: an aligned dummy
}

TEST_CASE("memory: cabi_realloc to size 0 wipes and frees a non-empty old block") {
  const std::size_t before = live();
  addr_t b = runtime_bytes("mnemonic words");
  REQUIRE(live() == before + 1);
  CHECK(cabi_realloc(b, 14, 1, 0) == 1);  // an empty list: the aligned dummy
  CHECK(std::all_of(at(b), at(b) + 14, [](std::byte x) { return x == std::byte{0}; }));
  CHECK(live() == before);  // freed
  CHECK(cabi_realloc(0, 0, 8, 0) == 8);  // no old block: nothing to free
  CHECK(live() == before);
}

namespace {
/// Runs `f` in a child process; returns the signal that ended it (0 if it exited).
template <class F>
int dies_by(F f) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    f();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}
}  // namespace

TEST_CASE("lift: a list whose native copy would not fit in memory traps before allocating (no wrapped size)") {
  static_assert(!wit::detail::bitwise<oversized>);
  static_assert(wit::abi<oversized>::mem.size == 1);
  constexpr std::uint32_t n = 1U << 23;  // 8 MiB of canonical elements: within check_array's bound
  // A trap is __builtin_trap (SIGILL on x86-64); a wrapped size would write out of bounds instead.
  const int sig = dies_by([] { (void)wit::detail::lift_elements<oversized>(64, n); });
  CHECK(sig == SIGILL);
  // Control: a list of the same canonical size with a native element size that fits lifts.
  const int ok = dies_by([] {
    addr_t a = cabi_realloc(0, 0, 1, 8);
    auto l = wit::detail::lift_elements<mixed>(a, 0);
    if (!l.empty()) std::abort();
  });
  CHECK(ok == 0);
}

namespace {
wit::result<wit::list<std::uint8_t>, wit::string> echo(task_queue_input in) {
  if (in.request.empty()) return wit::err(wit::string::copy_of("empty"));
  return wit::ok(std::move(in.request));
}
std::uint32_t length(std::string_view s, std::span<const std::uint8_t, 2> two) { return static_cast<std::uint32_t>(s.size() + two[1]); }
}  // namespace

TEST_CASE("export: thunk lifts arguments, returns a return area, post-return frees it") {
  using fn = wit::export_fn<&echo>;
  static_assert(std::is_same_v<fn::core_fn, std::int32_t(std::int64_t, std::int32_t, std::int32_t)>);
  const std::size_t before = live();
  addr_t req = runtime_bytes("xyz");
  addr_t ret = static_cast<addr_t>(fn::call(std::int64_t{1}, static_cast<std::int32_t>(req), std::int32_t{3}));
  CHECK(static_cast<int>(*at(ret)) == 0);  // ok
  CHECK(get32(ret + 8) == 3);
  CHECK(std::memcmp(at(get32(ret + 4)), "xyz", 3) == 0);
  fn::post(static_cast<std::int32_t>(ret));
  CHECK(live() == before + 1);  // only the static return area remains
}

TEST_CASE("export: one flat result is returned directly; argument buffers are freed after the call") {
  using fn = wit::export_fn<&length>;
  static_assert(std::is_same_v<fn::core_fn, std::int32_t(std::int32_t, std::int32_t, std::int32_t, std::int32_t)>);
  const std::size_t before = live();
  addr_t s = runtime_bytes("abcd");
  addr_t two = runtime_bytes("\x01\x05");
  CHECK(fn::call(static_cast<std::int32_t>(s), 4, static_cast<std::int32_t>(two), 2) == 9);
  CHECK(live() == before);
}
