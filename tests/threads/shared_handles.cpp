// Thread contract of the handles (docs/API.md "Threads"): const methods of one handle may
// be called from several threads at once. The public-key caches that const methods fill
// (node<E>::public_key, derive, fingerprint, xpub; ecdsa_key<E>::public_key) must not race.
// Built with -fsanitize=thread (CTest "threads_tsan"): ThreadSanitizer reports a data race
// and fails the run if two threads write a cache unsynchronised. Without TSan the results
// are still compared across threads.
#include <array>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <isolated_crypto/engine/libsecp256k1.hpp>
#include <isolated_crypto/isolated_crypto.hpp>

namespace ic = isolated_crypto;
using E = ic::engines::libsecp256k1;

namespace {
constexpr std::string_view kMnemonic =
    "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote";
constexpr int kThreads = 4;

struct seen {
  std::string pub, child_xpub, hardened_xpub, key_pub;
};

seen use_shared(const ic::node<E>& node, const ic::ecdsa_key<E>& key) {
  seen s;
  s.pub = ic::hex::encode(node.public_key().to_sec1());
  s.child_xpub = *node.derive(0)->xpub();                     // normal child: reads the cache
  s.hardened_xpub = *node.derive(0x80000000U)->xpub();        // hardened child: parent fingerprint
  s.key_pub = ic::hex::encode(key.public_key().to_sec1());
  return s;
}
}  // namespace

int main() {
  auto master = ic::mnemonic<E>::parse(kMnemonic)->to_seed("")->to_master_key();
  if (!master) return std::puts("threads: FAIL setup"), 1;
  int rounds_failed = 0;
  for (int round = 0; round < 20; ++round) {
    // Fresh handles every round: their caches start empty, so the threads race to fill them.
    const auto node = master->derive_path("m/44'/60'/0'");
    const auto key = std::move(*master->derive_path("m/44'/60'/0'/0/0")).into_ecdsa_key();
    std::array<seen, kThreads> results;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) threads.emplace_back([&, t] { results[t] = use_shared(*node, key); });
    for (auto& th : threads) th.join();
    for (int t = 1; t < kThreads; ++t) {
      const bool same = results[t].pub == results[0].pub && results[t].child_xpub == results[0].child_xpub &&
                        results[t].hardened_xpub == results[0].hardened_xpub && results[t].key_pub == results[0].key_pub;
      if (!same) ++rounds_failed;
    }
  }
  std::printf("threads: %d threads × 20 rounds sharing one node and one key: %s\n", kThreads,
              rounds_failed == 0 ? "all results equal" : "RESULTS DIFFER");
  return rounds_failed == 0 ? 0 : 1;
}
