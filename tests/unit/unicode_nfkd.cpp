// The SDK's NFKD (unicode/nfkd.hpp) against utf8proc, the library its tables come from:
// every code point alone, every code point after a starter and before combining marks,
// seeded random strings mixing starters, Hangul and non-starters, and invalid UTF-8.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <isolated_crypto/engine/builtin_unicode.hpp>
#include <isolated_crypto/engine/utf8proc_unicode.hpp>

using namespace isolated_crypto;

namespace {

std::string utf8(char32_t cp) {
  char b[4];
  return {b, unicode::detail::encode_utf8(cp, b)};
}

struct outcome {
  errc code;
  std::string bytes;
  bool operator==(const outcome&) const = default;
};

template <class Backend>
outcome run(const std::string& in) {
  secret_string out;
  const errc e = Backend::nfkd(in, out);
  return {e, std::string(out.view(detail::secret_access{}))};
}

bool is_scalar_value(char32_t cp) { return cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF); }

}  // namespace

TEST_CASE("unicode: NFKD of every code point equals utf8proc's") {
  std::size_t checked = 0, changed = 0, mismatches = 0;
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (!is_scalar_value(cp)) continue;
    // Alone, and between a starter and two combining marks of different classes, so that
    // canonical ordering around the decomposition is exercised too.
    std::string in_context = "a";
    in_context += utf8(cp);
    in_context += "\xCC\x81\xCC\xA3";
    const std::string single = utf8(cp);
    const std::string* const inputs[] = {&single, &in_context};
    for (const std::string* input : inputs) {
      const std::string& in = *input;
      const outcome got = run<engines::builtin_unicode>(in);
      const outcome want = run<engines::utf8proc_unicode>(in);
      if (got != want && ++mismatches <= 5) {
        CAPTURE(static_cast<std::uint32_t>(cp));
        CHECK(got.bytes == want.bytes);
      }
      if (input == &single) changed += got.bytes != in ? 1 : 0;
      ++checked;
    }
  }
  MESSAGE("unicode nfkd: " << checked << " inputs (" << changed << " changed by NFKD), " << mismatches
                           << " mismatches with utf8proc");
  CHECK(checked == 2 * (0x110000 - 0x800));
  CHECK(changed > 11172);  // at least every Hangul syllable decomposes
  CHECK(mismatches == 0);
}

TEST_CASE("unicode: NFKD of random strings equals utf8proc's (canonical ordering of long runs)") {
  std::mt19937 rng(20261201);
  // Pools: starters, combining marks of many classes, compatibility characters, Hangul.
  std::vector<char32_t> marks;
  for (char32_t cp = 0x300; cp < 0x370; ++cp) marks.push_back(cp);
  for (char32_t cp : {0x591U, 0x5B0U, 0x5C4U, 0x64BU, 0x670U, 0x93CU, 0x94DU, 0x1DC0U, 0x20D0U, 0x302AU, 0x302EU,
                      0x3099U, 0x1D165U, 0x1D16EU})
    marks.push_back(cp);
  const std::vector<char32_t> others = {'a', 'Z', ' ', 0xC5, 0x1E69, 0x1E0B, 0xFB01, 0x2460, 0x3300, 0xFDFA, 0xAC00,
                                        0xD7A3, 0xAC01, 0x1F1, 0x2126, 0x212B, 0xF900, 0x1D400, 0x3000, 0xFF21};
  std::size_t mismatches = 0;
  constexpr int cases = 3000;
  for (int c = 0; c < cases; ++c) {
    std::string in;
    const int len = 1 + static_cast<int>(rng() % 60);
    for (int i = 0; i < len; ++i) {
      // Runs of up to 40 marks reach the long-run (counting sort) path.
      if (rng() % 3 == 0) {
        in += utf8(others[rng() % others.size()]);
      } else {
        in += utf8(marks[rng() % marks.size()]);
      }
    }
    const outcome got = run<engines::builtin_unicode>(in);
    const outcome want = run<engines::utf8proc_unicode>(in);
    if (got != want && ++mismatches <= 5) {
      CAPTURE(in);
      CHECK(got.bytes == want.bytes);
    }
  }
  MESSAGE("unicode nfkd: " << cases << " random strings, " << mismatches << " mismatches with utf8proc");
  CHECK(mismatches == 0);
}

TEST_CASE("unicode: invalid UTF-8 is rejected exactly where utf8proc rejects it") {
  const std::vector<std::string> bad = {
      "\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xC2", "\xC2\x41", "\xE0\x80\x80", "\xE0\x9F\xBF", "\xED\xA0\x80",
      "\xED\xBF\xBF", "\xE1\x80", "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",
      "\xFF", "\xF0\x90\x80", "abc\xC3", "\xC3\xA9\xE9"};
  for (const std::string& in : bad) {
    CAPTURE(in);
    CHECK(run<engines::utf8proc_unicode>(in).code == errc::invalid_utf8);
    secret_string out;
    out.append("kept");
    CHECK(engines::builtin_unicode::nfkd(in, out) == errc::invalid_utf8);
    CHECK(out.view(detail::secret_access{}) == "kept");
  }
  // Every 1- to 3-byte sequence over a set of interesting bytes: same verdict and bytes.
  const std::vector<unsigned char> tails = {0x80, 0xBF, 0x41};
  const std::vector<unsigned char> bytes = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
                                            0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF3, 0xF4, 0xF5, 0xFF};
  std::size_t n = 0, mismatches = 0;
  for (unsigned char a : bytes)
    for (unsigned char b : bytes)
      for (unsigned char c : bytes)
        for (unsigned char d : tails) {
          const std::string in{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c), static_cast<char>(d)};
          for (std::size_t len = 1; len <= 4; ++len) {
            const std::string s = in.substr(0, len);
            mismatches += run<engines::builtin_unicode>(s) == run<engines::utf8proc_unicode>(s) ? 0 : 1;
            ++n;
          }
        }
  MESSAGE("unicode nfkd: " << n << " short byte strings, " << mismatches << " mismatches with utf8proc");
  CHECK(mismatches == 0);
}
