// Loading test vectors (tests/vectors/, see its README for provenance) and hex helpers.
#pragma once

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <isolated_crypto/hex.hpp>
#include <isolated_crypto/types.hpp>

#ifndef IC_VECTORS_DIR
#error "IC_VECTORS_DIR must point at tests/vectors"
#endif

namespace ic_test {

using json = nlohmann::json;

inline json load_json(const std::string& relative) {
  const std::string path = std::string(IC_VECTORS_DIR) + "/" + relative;
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  return json::parse(in);
}

inline std::vector<std::byte> unhex(const std::string& s) {
  auto v = isolated_crypto::hex::decode(s);
  REQUIRE_MESSAGE(v.has_value(), "bad hex in vector: " << s);
  return std::move(*v);
}

template <std::size_t N>
std::array<std::byte, N> unhex_fixed(const std::string& s) {
  auto v = isolated_crypto::hex::decode_fixed<N>(s);
  REQUIRE_MESSAGE(v.has_value(), "bad hex (want " << N << " bytes): " << s);
  return *v;
}

/// A JSON string field (non-template helper, usable inside test templates).
inline std::string str(const json& j) { return j.get<std::string>(); }

inline std::string to_hex(std::span<const std::byte> b) { return isolated_crypto::hex::encode(b); }

inline std::span<const std::byte> bytes_of(std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); }

/// Per-set pass counts, printed once at exit ("bip39 japanese: 24/24") and compared with
/// the expected number of checks per set (tests/unit/expected_counts.txt, from main()).
class tally {
 public:
  static tally& instance() {
    static tally t;
    return t;
  }
  void record(const std::string& set, bool ok) {
    auto& [pass, total] = counts_[set];
    total += 1;
    pass += ok ? 1 : 0;
  }
  /// Returns: true if every set that ran has its expected count (and, when `all_ran`,
  /// every expected set ran). Prints each difference.
  bool check_expected(const std::string& path, bool all_ran) const {
    std::ifstream in(path);
    if (!in.good()) return std::printf("tally: FAIL: cannot open %s\n", path.c_str()), false;
    std::map<std::string, int> want;
    for (std::string line; std::getline(in, line);) {
      const auto tab = line.find('\t');
      if (line.empty() || line[0] == '#' || tab == std::string::npos) continue;
      want[line.substr(tab + 1)] = std::stoi(line.substr(0, tab));
    }
    int bad = 0;
    for (const auto& [set, c] : counts_) {
      const auto w = want.find(set);
      if (w == want.end()) {
        std::printf("tally: FAIL: set \"%s\" ran %d checks and has no expected count\n", set.c_str(), c.second);
        ++bad;
      } else if (w->second != c.second) {
        std::printf("tally: FAIL: set \"%s\" ran %d checks, expected %d\n", set.c_str(), c.second, w->second);
        ++bad;
      }
    }
    for (const auto& [set, n] : want) {
      if (all_ran && counts_.count(set) == 0) {
        std::printf("tally: FAIL: set \"%s\" (expected %d checks) did not run\n", set.c_str(), n);
        ++bad;
      }
    }
    std::printf("tally: %zu sets, %d count mismatches\n", counts_.size(), bad);
    return bad == 0;
  }
  ~tally() {
    for (const auto& [set, c] : counts_) std::printf("%s: %d/%d\n", set.c_str(), c.first, c.second);
  }

 private:
  std::map<std::string, std::pair<int, int>> counts_;
};

/// CHECK that also counts toward `set`'s tally.
#define IC_CHECK_COUNTED(set, expr)                        \
  do {                                                     \
    const bool ic_ok_ = static_cast<bool>(expr);           \
    CHECK(ic_ok_);                                         \
    ::ic_test::tally::instance().record((set), ic_ok_);    \
  } while (0)

}  // namespace ic_test
