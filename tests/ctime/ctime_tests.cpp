// Constant-time secret-taint test (the approach of libsecp256k1's ctime_tests).
//
// Secret inputs are marked *undefined* with memcheck client requests; outputs that are
// public by design (public keys, signatures, a word's index only where the test itself
// checks it) are marked *defined* again before use. Run under
//   valgrind --error-exitcode=42 --track-origins=yes ctime_tests
// every conditional jump or memory index that depends on a secret is then reported as
// "Conditional jump or move depends on uninitialised value(s)" / "Use of uninitialised
// value", with a stack trace into the offending line. Zero errors = no secret-dependent
// branch or memory index on the exercised paths (for this build: -O2 -g, this compiler).
//
// Not covered, on purpose: NFKD (utf8proc is table-driven per code point, not
// constant-time; mnemonic<E>::parse and to_seed's passphrase go through it). The test
// therefore drives the ENGINE level (engines::libsecp256k1) on already-normalised text.
//
//   ctime_tests            all sections that are expected to be clean (CTest "ctime")
//   ctime_tests <section>  one section (see kSections)
#include <valgrind/memcheck.h>

#include <cstdio>
#include <cstring>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <isolated_crypto/bip39.hpp>
#include <isolated_crypto/engine/builtin_sha512.hpp>
#include <isolated_crypto/engine/libsecp256k1.hpp>
#include <isolated_crypto/secret.hpp>

namespace ic = isolated_crypto;
using E = ic::engines::libsecp256k1;
using ic::detail::secret_access;

namespace {

constexpr std::string_view kZooVote =
    "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote";

void taint(const void* p, std::size_t n) { VALGRIND_MAKE_MEM_UNDEFINED(p, n); }
void declassify(const void* p, std::size_t n) { VALGRIND_MAKE_MEM_DEFINED(p, n); }
template <class T>
void declassify(const T& v) { declassify(static_cast<const void*>(&v), sizeof(v)); }

template <std::size_t N>
void taint(const ic::secret_array<N>& s) { taint(s.bytes(secret_access{}).data(), N); }
void taint(const ic::secret_string& s) {
  const auto v = s.view(secret_access{});
  taint(v.data(), v.size());
}
void taint_node(const E::node_state& n) {
  taint(n.key);
  taint(n.chain);
}

int failures = 0;
void expect(bool ok, const char* what) {
  if (!ok) {
    std::printf("ctime: FAILED functional check: %s\n", what);
    ++failures;
  }
}

auto sha256_fn() {
  return [](std::span<const std::byte> b) { return E::hash(ic::digest_algorithm::sha256, b); };
}

ic::secret_string secret_text(std::string_view s) {
  ic::secret_string out(s.size());
  out.append(s);
  return out;
}

E::node_state master_of_zoo() {
  auto m = E::import_mnemonic(secret_text(kZooVote));
  auto seed = E::to_seed(m, "");
  static constexpr std::string_view key = "Bitcoin seed";
  auto node = E::master_node(*seed, std::as_bytes(std::span(key.data(), key.size())));
  return std::move(*node);
}

// ---- sections ----

// BIP39 word lookup: a tainted word of fixed, public length against the English list.
void sec_find_word() {
  const auto list = ic::bip39::wordlists::get(ic::bip39::language::english);
  for (std::string_view w : {"zoo", "abandon", "vote", "zzzz"}) {
    std::string word(w);
    taint(word.data(), word.size());
    std::int32_t idx = ic::bip39::detail::find_word_ct(list, word);
    declassify(idx);  // only to check the answer below; the caller never branches on it
    const std::int32_t want = w == "zoo" ? 2047 : w == "abandon" ? 0 : w == "vote" ? 1967 : -1;
    expect(idx == want, "find_word_ct index");
  }
}

// BIP39 validate (split, lookup, checksum) on already-normalised text, letters tainted.
// Word boundaries (the position of the spaces) and the word count are treated as public,
// as bip39.hpp documents ("positions are public (they follow from spacing)").
void sec_validate() {
  std::string text(kZooVote);
  taint(text.data(), text.size());
  auto v = ic::bip39::validate(text, ic::bip39::language::english, sha256_fn());
  bool ok = v.has_value();
  declassify(ok);
  expect(ok, "validate(zoo...vote)");
}

// BIP39 validate WITHOUT a language hint on a valid non-English (French) mnemonic: the
// language detection loop runs over lists that do not hold the words. Not a default
// section: it shows the same sites as "validate" (language detection adds none at -O2).
std::string word_of(ic::bip39::language lang, std::size_t idx) {
  const auto list = ic::bip39::wordlists::get(lang);
  const std::size_t limbs = list.word_stride / 8;
  std::string w;
  for (std::size_t i = 0; i < list.lengths[idx]; ++i) {
    w.push_back(static_cast<char>(list.packed[idx * limbs + i / 8] >> (8 * (i % 8))));
  }
  return w;
}
void sec_validate_detect() {
  // Entropy 0^128: eleven times word 0, then word 3 (checksum 0011).
  std::string text;
  for (int i = 0; i < 11; ++i) text += word_of(ic::bip39::language::french, 0) + " ";
  text += word_of(ic::bip39::language::french, 3);
  taint(text.data(), text.size());
  auto v = ic::bip39::validate(text, std::nullopt, sha256_fn());
  bool ok = v.has_value();
  declassify(ok);
  expect(ok, "validate(french, no hint)");
}

// mnemonic -> seed: PBKDF2-HMAC-SHA512 over the tainted normalised sentence (engine
// level; empty passphrase so no NFKD runs on secret bytes), then PBKDF2 directly with a
// tainted, already-normalised passphrase in the salt.
void sec_to_seed() {
  auto m = E::import_mnemonic(secret_text(kZooVote));
  taint(m.sentence);
  auto seed = E::to_seed(m, "");
  expect(seed.has_value(), "to_seed");

  std::string pass = "mnemonicTREZOR";
  taint(pass.data() + 8, pass.size() - 8);
  std::string sentence(kZooVote);
  taint(sentence.data(), sentence.size());
  ic::secret_array<64> out;
  ic::detail::pbkdf2_hmac_sha512_block1<E::hashes>(std::as_bytes(std::span(sentence.data(), sentence.size())),
                                                   std::as_bytes(std::span(pass.data(), pass.size())), 2048, out);
}

// The wasm build's SHA-512 compression (engine/builtin_sha512.hpp), compiled natively: PBKDF2
// over it with a tainted password and salt (the wasm engine's to_seed path).
void sec_builtin_sha512() {
  std::string sentence(kZooVote);
  std::string salt = "mnemonicTREZOR";
  taint(sentence.data(), sentence.size());
  taint(salt.data(), salt.size());
  ic::secret_array<64> out;
  ic::detail::pbkdf2_hmac_sha512_block1<ic::engines::cryptopp_builtin_sha512_hashes>(
      std::as_bytes(std::span(sentence.data(), sentence.size())), std::as_bytes(std::span(salt.data(), salt.size())),
      2048, out);
}

// seed -> master node: HMAC-SHA512("Bitcoin seed", seed) + scalar validity check.
void sec_master() {
  auto m = E::import_mnemonic(secret_text(kZooVote));
  auto seed = E::to_seed(m, "");
  taint(seed->bytes);
  static constexpr std::string_view key = "Bitcoin seed";
  auto node = E::master_node(*seed, std::as_bytes(std::span(key.data(), key.size())));
  bool ok = node.has_value();
  declassify(ok);  // validity of the master key is public by design (BIP32: error)
  expect(ok, "master_node");
}

// Hardened derivation: parent key and chain code tainted, parent pub not computed.
void sec_derive_hardened() {
  auto master = master_of_zoo();
  master.pub.reset();
  taint_node(master);
  auto child = E::derive(master, 0x8000002CU);
  bool ok = child.has_value();
  declassify(ok);
  expect(ok, "derive hardened");
}

// Normal derivation: the parent's public key is public by design, so it is computed
// first and declassified; the HMAC keyed with the secret chain code and the tweak-add
// over the secret key must not branch on either.
void sec_derive_normal() {
  auto master = master_of_zoo();
  taint_node(master);
  const ic::compressed_point& pub = E::public_key(master);
  declassify(pub);
  declassify(master.pub);
  auto child = E::derive(master, 0);
  bool ok = child.has_value();
  declassify(ok);
  expect(ok, "derive normal");
}

// Public key of a secret key (libsecp256k1 ecmult_gen).
void sec_pubkey() {
  auto master = master_of_zoo();
  auto k = E::into_key(std::move(master));
  k.pub.reset();
  taint(k.key);
  ic::compressed_point p = E::public_key(k);
  declassify(p);
  declassify(k.pub);
  expect(p.x[0] != std::byte{0} || p.x[1] != std::byte{0}, "pubkey");
}

// Signing: RFC 6979 (with and without counter) + libsecp256k1 sign + low-S + recid.
void sec_sign() {
  auto master = master_of_zoo();
  auto k = E::into_key(std::move(master));
  (void)E::public_key(k);
  declassify(k.pub);
  taint(k.key);
  ic::u256be digest{};
  for (std::size_t i = 0; i < 32; ++i) digest[i] = std::byte(i * 7 + 1);
  for (ic::sign_counter c : {ic::sign_counter{}, ic::sign_counter{0U}, ic::sign_counter{7U}}) {
    auto sig = E::sign_digest(k, digest, c);
    declassify(sig);  // the signature (and whether signing worked) is the public output
    expect(sig.has_value(), "sign_digest");
  }
}

// Negative control (run by name only, CTest "ctime_selfcheck" expects failure): a plain
// secret-dependent branch must be caught and classified as unexpected.
void sec_selfcheck_leak() {
  volatile unsigned char secret[1] = {0x5A};
  taint(const_cast<unsigned char*>(secret), 1);
  if (secret[0] & 1) std::printf("ctime: selfcheck branch taken\n");
}

// Negative control through a curve call that is variable-time by design (public inputs
// only): a tainted x given to E::curve::decompress. The report arises inside
// libsecp256k1 under our decompress call site; the allow-list must reject it (CTest
// "ctime_selfcheck_decompress" expects the checker to fail and name that site).
void sec_selfcheck_decompress() {
  auto master = master_of_zoo();
  ic::compressed_point p = E::public_key(master);
  taint(p.x.data(), p.x.size());
  auto full = E::curve::decompress(p);
  bool ok = full.has_value();
  declassify(ok);
  expect(ok, "decompress");
}

struct section {
  const char* name;
  void (*run)();
  bool expected_clean;  // run by default ("ctime"); others are run by name only
};

const section kSections[] = {
    {"find_word", sec_find_word, true},        {"validate", sec_validate, true},
    {"to_seed", sec_to_seed, true},            {"builtin_sha512", sec_builtin_sha512, true},
    {"master", sec_master, true},
    {"derive_hardened", sec_derive_hardened, true}, {"derive_normal", sec_derive_normal, true},
    {"pubkey", sec_pubkey, true},              {"sign", sec_sign, true},
    {"validate_detect", sec_validate_detect, false},
    {"selfcheck_leak", sec_selfcheck_leak, false},
    {"selfcheck_decompress", sec_selfcheck_decompress, false},
};

}  // namespace

int main(int argc, char** argv) {
  const bool under_valgrind = RUNNING_ON_VALGRIND != 0;
  if (!under_valgrind) std::printf("ctime: note: not running under valgrind, taint is not checked\n");
  (void)master_of_zoo();  // warm up: context creation, library init (no secrets tainted)
  unsigned checked = 0;
  unsigned long total_errors = 0;
  for (const section& s : kSections) {
    bool selected = argc < 2 ? s.expected_clean : false;
    for (int a = 1; a < argc; ++a) selected = selected || std::strcmp(argv[a], s.name) == 0;
    if (!selected) continue;
    const unsigned long before = VALGRIND_COUNT_ERRORS;
    s.run();
    const unsigned long errs = VALGRIND_COUNT_ERRORS - before;
    total_errors += errs;
    ++checked;
    std::printf("ctime: %-16s %lu memcheck report(s)\n", s.name, errs);
  }
  std::printf("ctime: %u operations checked, %lu memcheck reports before classification%s\n", checked, total_errors,
              under_valgrind ? "" : " (not measured)");
  return failures != 0 ? 1 : 0;
}
