// Bench-only core module (not shipped): PBKDF2's floor in wasm, i.e. `compressions` SHA-512
// compressions chained as PBKDF2 chains them (each output the next block's first 8 words),
// with the engine's compression (engine/builtin_sha512.hpp) and the engine's compiler flags.
// Exports: run(compressions) -> the first state word (so the loop cannot be dropped).
// Driven by adapters/wit/host/bench-sha512-limit.mjs (Node) and host/py/bench_sha512_limit.py.
#include <array>
#include <cstdint>

#include <isolated_crypto/engine/builtin_sha512.hpp>

namespace {
std::array<std::uint64_t, 8> state;
std::array<std::uint64_t, 16> block;
}  // namespace

extern "C" __attribute__((export_name("run"))) std::uint64_t run(std::uint32_t compressions) {
  using H = isolated_crypto::engines::cryptopp_builtin_sha512_hashes;
  H::sha512_init(state);
  block.fill(0);
  block[8] = 0x8000000000000000ULL;  // the padding of PBKDF2's 192-byte inner/outer messages
  block[15] = 1536;
  for (std::uint32_t i = 0; i < compressions; ++i) {
    std::array<std::uint64_t, 8> s = state;
    H::sha512_compress(s, block.data());
    for (std::size_t j = 0; j < 8; ++j) block[j] = s[j];
  }
  return block[0];
}
