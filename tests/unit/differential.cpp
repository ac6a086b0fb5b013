// Differential test: every engine in IC_ALL_ENGINES gets the same seeded random inputs and
// must produce byte-identical public outputs (public keys, chain codes, xpubs, signatures,
// recovery ids) and identical verify/recover behaviour, including on malformed inputs.
//
// Inputs come in groups: one random valid mnemonic (every word count, every official
// language, random entropy with its SHA-256 checksum) + passphrase (empty, ASCII, non-ASCII,
// random UTF-8) + master HMAC key (default or custom) per group, parsed and turned into a
// seed by every engine; then `cases_per_group` cases on that master. One case = a random path
// (depth 0–6, hardened and normal) and three signatures (sign_raw over an edge digest, over
// a random digest, and sign(alg, message)) with counters none / 0 / 1 / 2^32−1 / random,
// each verified and recovered by the same engine; the first signature also gets the
// negative checks (wrong digest, high-S twin, flipped recovery id). Each case also recovers
// and verifies a made-up signature with R.x = r + n (x_reduced), and decompresses a random
// x and checks an off-curve point. Sharing the seed across
// a group keeps PBKDF2 (2048 rounds, the same hash code in every engine) from dominating.
// Prints "differential: N cases, D disagreements" (+ a breakdown by field if D > 0).
#include <algorithm>
#include <cstdlib>
#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include <isolated_crypto/isolated_crypto.hpp>

#include "../support/engines.hpp"
#include "../support/vectors.hpp"

using namespace isolated_crypto;

namespace {

constexpr int group_count = 500;
constexpr int cases_per_group = 4;  // N = 2000 cases
/// IC_DIFFERENTIAL_CASES (env) shrinks the run for slow builds (ASan): N rounded up to
/// whole groups, at most the default. Unset = 2000.
inline int groups_to_run() {
  const char* env = std::getenv("IC_DIFFERENTIAL_CASES");
  if (env == nullptr || *env == '\0') return group_count;
  const long n = std::strtol(env, nullptr, 10);
  if (n <= 0) return group_count;
  return static_cast<int>(std::min<long>(group_count, (n + cases_per_group - 1) / cases_per_group));
}
constexpr std::uint64_t rng_seed = 0x1C0FFEE5EED2024ULL;

// ---- inputs ----

struct sign_request {
  u256be digest{};                       ///< for sign_raw; for sign(): alg(message)
  std::optional<digest_algorithm> alg;   ///< set: sign(alg, message) instead of sign_raw
  std::vector<std::byte> message;
  sign_counter counter;
};

struct case_input {
  std::vector<std::uint32_t> path;
  std::vector<sign_request> signs;
  u256be random_x{};                    ///< decompress() of a random x (valid about half the time)
  bool random_x_odd = false;
  /// A made-up signature with r < p − n and x_reduced set, so R.x = r + n: exercises the
  /// rare x ≥ n branch of recover and verify (real signatures hit it with probability 2^-128).
  recoverable_signature reduced_sig;
};

struct group_input {
  std::string phrase;
  std::string passphrase;
  std::optional<std::string> hmac_key;  ///< nullopt: "Bitcoin seed"
  std::vector<case_input> cases;
};

using rng = std::mt19937_64;

std::uint32_t uniform(rng& r, std::uint32_t lo, std::uint32_t hi) {
  return std::uniform_int_distribution<std::uint32_t>(lo, hi)(r);
}

void random_bytes(rng& r, std::span<std::byte> out) {
  for (auto& b : out) b = static_cast<std::byte>(r() & 0xFF);
}

u256be digest_from_hex(const char* h) { return ic_test::unhex_fixed<32>(h); }

/// Digests at and around the edges of the scalar range: 0, 1, n−1, n, n+1, 2^256−1, n/2.
const std::array<u256be, 7>& edge_digests() {
  static const std::array<u256be, 7> d{
      digest_from_hex("0000000000000000000000000000000000000000000000000000000000000000"),
      digest_from_hex("0000000000000000000000000000000000000000000000000000000000000001"),
      digest_from_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140"),
      digest_from_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"),
      digest_from_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364142"),
      digest_from_hex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
      digest_from_hex("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0"),
  };
  return d;
}

sign_counter random_counter(rng& r) {
  switch (uniform(r, 0, 4)) {
    case 0: return std::nullopt;
    case 1: return 0U;
    case 2: return 1U;
    case 3: return 0xFFFFFFFFU;
    default: return static_cast<std::uint32_t>(r());
  }
}

void append_utf8(std::string& s, std::uint32_t cp) {
  if (cp < 0x80) {
    s.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    s.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

/// A random code point from ranges NFKD treats differently: ASCII, Latin-1 (decomposes),
/// combining marks, Greek, Hangul syllables (decompose to jamo), CJK, fullwidth forms and
/// ligatures (compatibility mappings), emoji (outside the BMP).
std::uint32_t random_code_point(rng& r) {
  static constexpr std::array<std::pair<std::uint32_t, std::uint32_t>, 9> ranges{{
      {0x20, 0x7E}, {0xA0, 0xFF}, {0x300, 0x36F}, {0x391, 0x3C9}, {0xAC00, 0xD7A3},
      {0x4E00, 0x9FFF}, {0xFF01, 0xFF5E}, {0xFB00, 0xFB06}, {0x1F300, 0x1F64F}}};
  const auto& [lo, hi] = ranges[uniform(r, 0, ranges.size() - 1)];
  return uniform(r, lo, hi);
}

std::string random_passphrase(rng& r) {
  switch (uniform(r, 0, 5)) {
    case 0: return "";
    case 1: return "TREZOR";
    case 2: return "\xC3\x9Cmlaut \xE2\x98\x83";  // "Ümlaut ☃"
    case 3: return "e\xCC\x81t\xC3\xA9 \xEF\xAC\x81 \xEF\xBC\xA1";  // "étè ﬁ Ａ" (decomposed é, precomposed é, ligature, fullwidth)
    default: {
      std::string s;
      const auto len = uniform(r, 1, 24);
      for (std::uint32_t i = 0; i < len; ++i) append_utf8(s, random_code_point(r));
      return s;
    }
  }
}

/// A valid mnemonic: random entropy, checksum = first ENT/32 bits of SHA-256(entropy).
std::string random_mnemonic(rng& r) {
  static constexpr std::array<std::size_t, 5> word_counts{12, 15, 18, 21, 24};
  const std::size_t words = word_counts[uniform(r, 0, 4)];
  const auto lang = bip39::wordlists::all_languages[uniform(r, 0, bip39::wordlists::all_languages.size() - 1)];
  const auto list = bip39::wordlists::get(lang);
  const std::size_t entropy_bytes = words * 4 / 3;
  std::array<std::byte, 33> bits{};
  random_bytes(r, std::span(bits.data(), entropy_bytes));
  const u256be h = ic_test::default_engine::hash(digest_algorithm::sha256, std::span(bits.data(), entropy_bytes));
  bits[entropy_bytes] = h[0];  // only the top words/3 bits are read
  const bool messy_spacing = lang != bip39::language::japanese && uniform(r, 0, 7) == 0;
  std::string phrase = messy_spacing ? " \t" : "";
  for (std::size_t w = 0; w < words; ++w) {
    std::uint32_t idx = 0;
    for (std::size_t b = 0; b < 11; ++b) {
      const std::size_t bit = w * 11 + b;
      idx = (idx << 1) | ((static_cast<unsigned>(bits[bit / 8]) >> (7 - bit % 8)) & 1U);
    }
    if (w != 0) phrase += messy_spacing ? (w % 5 == 0 ? "\n  " : " ") : std::string(list.separator);
    phrase += list.words[idx];
  }
  if (messy_spacing) phrase += "\n";
  return phrase;
}

std::uint32_t random_index(rng& r) {
  const std::uint32_t hardened = uniform(r, 0, 1) != 0 ? 0x80000000U : 0U;
  switch (uniform(r, 0, 3)) {
    case 0: return hardened | uniform(r, 0, 10);
    case 1: return hardened | 0x7FFFFFFFU;
    default: return hardened | uniform(r, 0, 0x7FFFFFFF);
  }
}

case_input make_case(rng& r, int number) {
  case_input c;
  const auto depth = uniform(r, 0, 6);
  for (std::uint32_t i = 0; i < depth; ++i) c.path.push_back(random_index(r));

  sign_request edge;  // cycles through the edge digests, then a random one
  const auto& edges = edge_digests();
  if (static_cast<std::size_t>(number) % (edges.size() + 1) < edges.size()) {
    edge.digest = edges[static_cast<std::size_t>(number) % (edges.size() + 1)];
  } else {
    random_bytes(r, edge.digest);
  }
  edge.counter = random_counter(r);
  c.signs.push_back(edge);

  sign_request plain;
  random_bytes(r, plain.digest);
  plain.counter = random_counter(r);
  c.signs.push_back(plain);

  sign_request hashed;
  hashed.alg = uniform(r, 0, 1) != 0 ? digest_algorithm::keccak256 : digest_algorithm::sha256;
  hashed.message.resize(uniform(r, 0, 100));
  random_bytes(r, hashed.message);
  hashed.digest = ic_test::default_engine::hash(*hashed.alg, hashed.message);
  hashed.counter = random_counter(r);
  c.signs.push_back(hashed);

  random_bytes(r, c.random_x);
  c.random_x_odd = uniform(r, 0, 1) != 0;
  random_bytes(r, std::span(c.reduced_sig.sig.r).subspan(16));  // r < 2^128 < p − n
  c.reduced_sig.sig.r[31] |= std::byte{1};                       // r ≠ 0
  random_bytes(r, c.reduced_sig.sig.s);
  c.reduced_sig.sig.s[0] &= std::byte{0x7F};                     // 0 < s < n
  c.reduced_sig.sig.s[31] |= std::byte{1};
  c.reduced_sig.recid = {uniform(r, 0, 1) != 0, true};
  return c;
}

group_input make_group(rng& r, int first_case) {
  group_input g;
  g.phrase = random_mnemonic(r);
  g.passphrase = random_passphrase(r);
  if (uniform(r, 0, 9) == 0) g.hmac_key = uniform(r, 0, 1) != 0 ? "Nist256p1 seed" : "ed25519 seed";
  for (int i = 0; i < cases_per_group; ++i) g.cases.push_back(make_case(r, first_case + i));
  return g;
}

// ---- per-engine run ----

struct named_value {
  int case_no = 0;
  std::string name;
  std::string value;
};

struct outcome {
  std::vector<named_value> fields;             ///< compared across engines, in order
  std::vector<named_value> broken_invariants;  ///< must be empty for every engine
};

std::string hex_of(std::span<const std::byte> b) { return ic_test::to_hex(b); }
std::string err_of(const error& e) { return "error " + std::to_string(static_cast<int>(e.code)); }

std::string show(const recoverable_signature& rs) {
  return hex_of(rs.sig.r) + hex_of(rs.sig.s) + "/" + std::to_string(rs.recid.to_int());
}
template <class T, class F>
std::string show_result(const result<T>& r, F&& f) {
  return r ? f(*r) : err_of(r.err());
}

/// (r, n − s): the same signature with the other S.
signature high_s_twin(const signature& s) {
  signature t = s;
  detail::negate_mod_order(s.s.data(), t.s.data());
  return t;
}

/// Records named public outputs (compared across engines) and invariant failures.
class recorder {
 public:
  void at_case(int c) { case_ = c; }
  void field(std::string name, std::string value) { out_.fields.push_back({case_, std::move(name), std::move(value)}); }
  void expect(bool ok, const char* what) {
    if (!ok) out_.broken_invariants.push_back({case_, what, ""});
  }
  outcome take() { return std::move(out_); }

 private:
  int case_ = 0;
  outcome out_;
};

std::string show_point(const affine_point& p) { return hex_of(p.to_sec1()); }

/// One signature request: sign, then verify and recover with the same engine. `negative`
/// adds the checks that must fail (wrong digest, high-S twin under low_s_only, flipped
/// recovery-id bits).
template <class E>
void run_signature(recorder& rec, const ecdsa_key<E>& key, const affine_point& pub, const sign_request& req,
                   const std::string& tag, bool negative) {
  auto rs = req.alg ? key.sign(*req.alg, req.message, req.counter) : key.sign_raw(req.digest, req.counter);
  rec.field(tag, show_result(rs, show));
  rec.expect(rs.has_value(), "signing succeeds");
  if (!rs) return;
  if (req.alg) {
    auto raw = key.sign_raw(req.digest, req.counter);
    rec.expect(raw.has_value() && *raw == *rs, "sign(alg, m) == sign_raw(alg(m))");
  }
  rec.expect(detail::is_high_s(rs->sig.s.data()) == 0, "signature is low-S");

  const bool ok = secp256k1::verify<E>(pub, req.digest, rs->sig);
  rec.field(tag + ".verify", ok ? "1" : "0");
  rec.expect(ok, "own signature verifies");

  auto recovered = secp256k1::recover<E>(req.digest, *rs);
  rec.field(tag + ".recover", show_result(recovered, show_point));
  rec.expect(recovered.has_value() && *recovered == pub, "recover gives the signer's key");
  if (!negative) return;

  u256be other = req.digest;
  other[31] ^= std::byte{1};
  const bool wrong_digest = secp256k1::verify<E>(pub, other, rs->sig);
  rec.field(tag + ".verify_wrong_digest", wrong_digest ? "1" : "0");
  rec.expect(!wrong_digest, "signature does not verify for another digest");

  const signature high = high_s_twin(rs->sig);
  const bool high_strict = secp256k1::verify<E>(pub, req.digest, high);
  const bool high_any = secp256k1::verify<E>(pub, req.digest, high, secp256k1::s_policy::any_s);
  rec.field(tag + ".verify_high_s", std::string(high_strict ? "1" : "0") + (high_any ? "1" : "0"));
  rec.expect(!high_strict && high_any, "high-S twin: rejected by low_s_only, accepted by any_s");

  recoverable_signature flipped = *rs;
  flipped.recid.y_odd = !flipped.recid.y_odd;
  auto rec_flipped = secp256k1::recover<E>(req.digest, flipped);
  rec.field(tag + ".recover_flipped_parity", show_result(rec_flipped, show_point));
  rec.expect(!rec_flipped.has_value() || !(*rec_flipped == pub), "the other parity recovers another key");

  recoverable_signature reduced = *rs;
  reduced.recid.x_reduced = !reduced.recid.x_reduced;
  rec.field(tag + ".recover_toggled_x_reduced", show_result(secp256k1::recover<E>(req.digest, reduced), show_point));
}

template <class E>
void run_case(recorder& rec, const node<E>& master, const case_input& c) {
  node<E> n = master.clone();
  for (const std::uint32_t index : c.path) {
    auto child = n.derive(index);
    if (!child) {
      rec.field("derive", err_of(child.err()));
      return;
    }
    n = std::move(*child);
  }
  const compressed_point pub = n.public_key();
  rec.field("node.public_key", hex_of(pub.to_sec1()));
  rec.field("node.chain_code", hex_of(n.get_chain_code()));
  rec.field("node.xpub", show_result(n.xpub(), [](const std::string& x) { return x; }));
  rec.field("node.fingerprint", hex_of(n.fingerprint()));
  rec.field("node.parent_fingerprint", hex_of(n.parent_fingerprint()));

  auto full = secp256k1::parse_public_key<E>(pub.to_sec1());
  rec.expect(full.has_value(), "own public key parses");
  if (!full) return;
  rec.field("node.public_key_full", show_point(*full));
  auto reparsed = secp256k1::parse_public_key<E>(full->to_sec1());
  rec.expect(reparsed.has_value() && *reparsed == *full, "uncompressed form parses to the same point");

  const ecdsa_key<E> key = std::move(n).into_ecdsa_key();
  rec.expect(key.public_key() == pub, "into_ecdsa_key keeps the public key");
  for (std::size_t i = 0; i < c.signs.size(); ++i) {
    run_signature(rec, key, *full, c.signs[i], "sig" + std::to_string(i), i == 0);
  }

  // R.x = r + n: whatever key recovers must verify the signature (any S), through the
  // "x(X) = r + n" branch of verification.
  const u256be& reduced_digest = c.signs[1].digest;
  auto reduced_key = secp256k1::recover<E>(reduced_digest, c.reduced_sig);
  rec.field("x_reduced.recover", show_result(reduced_key, show_point));
  if (reduced_key) {
    const bool ok = secp256k1::verify<E>(*reduced_key, reduced_digest, c.reduced_sig.sig, secp256k1::s_policy::any_s);
    rec.field("x_reduced.verify", ok ? "1" : "0");
    rec.expect(ok, "a key recovered with x_reduced verifies its signature");
  }

  // Malformed public data: a random x (on the curve about half the time), and a point
  // moved off the curve.
  const compressed_point random_point{c.random_x, c.random_x_odd};
  rec.field("random_x.decompress", show_result(secp256k1::decompress<E>(random_point), show_point));
  affine_point off = *full;
  off.y[31] ^= std::byte{1};
  const bool off_on_curve = E::curve::is_on_curve(off);
  rec.field("off_curve.is_on_curve", off_on_curve ? "1" : "0");
  rec.expect(!off_on_curve, "a point with y's bit 0 flipped is not on the curve");
}

template <class E>
outcome run_group(const group_input& g, int first_case) {
  recorder rec;
  rec.at_case(first_case);
  auto m = mnemonic<E>::parse(g.phrase);
  rec.field("mnemonic.parse", m ? "ok" : err_of(m.err()));
  rec.expect(m.has_value(), "valid mnemonic parses");
  if (!m) return rec.take();
  rec.field("mnemonic.words", std::to_string(m->word_count()));
  auto s = m->to_seed(g.passphrase);
  rec.field("seed", s ? "ok" : err_of(s.err()));
  rec.expect(s.has_value(), "to_seed succeeds");
  if (!s) return rec.take();
  auto master = g.hmac_key ? s->to_master_key(ic_test::bytes_of(*g.hmac_key)) : s->to_master_key();
  rec.field("master.xpub", master ? *master->xpub() : err_of(master.err()));
  if (!master) return rec.take();
  for (std::size_t i = 0; i < g.cases.size(); ++i) {
    rec.at_case(first_case + static_cast<int>(i));
    run_case(rec, *master, g.cases[i]);
  }
  return rec.take();
}

template <class... Es>
struct engine_list {};

struct tally_result {
  int cases = 0;
  int disagreements = 0;
  std::map<std::string, int> by_field;
};

template <class... Es>
void run_all(engine_list<Es...>, tally_result& t) {
  rng r(rng_seed);
  constexpr std::array<std::string_view, sizeof...(Es)> names{Es::curve::name...};
  const int groups = groups_to_run();
  for (int g = 0; g < groups; ++g) {
    const int first_case = g * cases_per_group;
    const group_input input = make_group(r, first_case);
    const std::array<outcome, sizeof...(Es)> outs{run_group<Es>(input, first_case)...};
    t.cases += cases_per_group;
    for (std::size_t e = 0; e < outs.size(); ++e) {
      for (const auto& broken : outs[e].broken_invariants) {
        ++t.disagreements;
        ++t.by_field["invariant [" + std::string(names[e]) + "]: " + broken.name];
        MESSAGE("case " << broken.case_no << ": invariant broken on " << names[e] << ": " << broken.name);
      }
      if (e == 0) continue;
      const auto& ref = outs[0].fields;
      const auto& got = outs[e].fields;
      const std::size_t common = std::min(ref.size(), got.size());
      for (std::size_t f = 0; f < common; ++f) {
        if (ref[f].name == got[f].name && ref[f].value == got[f].value) continue;
        ++t.disagreements;
        ++t.by_field[ref[f].name + " (" + std::string(names[0]) + " vs " + std::string(names[e]) + ")"];
        MESSAGE("case " << ref[f].case_no << " field " << ref[f].name << ": " << names[0] << "=" << ref[f].value
                        << ", " << names[e] << " " << got[f].name << "=" << got[f].value);
      }
      if (ref.size() != got.size()) {
        ++t.disagreements;
        ++t.by_field["field count (" + std::string(names[0]) + " vs " + std::string(names[e]) + ")"];
      }
    }
  }
}

}  // namespace

TEST_CASE("differential: all engines agree byte for byte on seeded random inputs") {
  tally_result t;
  run_all(engine_list<IC_ALL_ENGINES>{}, t);
  std::printf("differential: %d cases, %d disagreements\n", t.cases, t.disagreements);
  for (const auto& [what, count] : t.by_field) std::printf("  %s: %d\n", what.c_str(), count);
  CHECK(t.cases >= groups_to_run() * cases_per_group);
  CHECK(t.disagreements == 0);
}
