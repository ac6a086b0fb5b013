// Bad inputs: every error the public API documents, with the errc (and position) it must
// give; tolerated input variations; garbage into parsers/recovery gives an error, not a
// crash; contract violations (use of a moved-from handle, value() of an error) abort.
#include <csignal>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <isolated_crypto/isolated_crypto.hpp>

#include "../support/engines.hpp"
#include "../support/vectors.hpp"
#include "../support/master.hpp"

using namespace isolated_crypto;

namespace {

const std::string abandon_about = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

std::string repeat_words(const std::string& w, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += (i != 0 ? " " : "") + w;
  return s;
}

template <class E>
std::string set_name(const std::string& s) {
  return "bad inputs " + s + " [" + std::string(E::curve::name) + "]";
}

/// Records `set` and checks that `r` failed with `code` (and `position`, unless -1).
template <class R>
bool expect_error(const std::string& set, const R& r, errc code, long position = -1) {
  const bool ok = !r.has_value() && r.code() == code && (position < 0 || r.err().position == position);
  CHECK_MESSAGE(ok, "want " << name(code) << " at " << position << ", got " << describe(r.err()));
  ic_test::tally::instance().record(set, ok);
  return ok;
}

template <class E>
std::string master_pub(const std::string& phrase, const std::string& passphrase = "") {
  return ic_test::to_hex(ic_test::master_of<E>(phrase, passphrase).public_key().to_sec1());
}

template <class E>
node<E> master_of(const std::string& phrase) {
  auto m = mnemonic<E>::parse(phrase);
  REQUIRE(m.has_value());
  auto s = m->to_seed();
  REQUIRE(s.has_value());
  auto master = s->to_master_key();
  REQUIRE(master.has_value());
  return std::move(*master);
}

/// Runs fn in a child process; true iff the child was killed by SIGABRT.
bool dies_with_sigabrt(const std::function<void()>& fn) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);  // no core dump for the expected abort
    std::signal(SIGABRT, SIG_DFL);     // not doctest's crash reporter: die quietly
    fn();
    _exit(0);  // survived: the contract check is missing
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

}  // namespace

TEST_CASE_TEMPLATE("bad inputs: BIP39 word counts other than 12/15/18/21/24 give invalid_word_count", E,
                   IC_ALL_ENGINES) {
  const std::string set = set_name<E>("bip39 invalid_word_count");
  for (const std::string& phrase : {std::string(), std::string("   \t "), repeat_words("abandon", 11),
                                    repeat_words("abandon", 13), repeat_words("abandon", 25),
                                    repeat_words("abandon", 27), repeat_words("abandon", 1)}) {
    CAPTURE(phrase);
    expect_error(set, mnemonic<E>::parse(phrase), errc::invalid_word_count);
  }
}

TEST_CASE_TEMPLATE("bad inputs: unknown BIP39 word gives its position, never its text", E, IC_ALL_ENGINES) {
  const std::string set = set_name<E>("bip39 unknown_word");
  for (int pos = 1; pos <= 12; pos += 5) {
    std::vector<std::string> words(12, "abandon");
    words[11] = "about";
    words[static_cast<std::size_t>(pos - 1)] = "xyzzyq";
    std::string phrase;
    for (const auto& w : words) phrase += (phrase.empty() ? "" : " ") + w;
    CAPTURE(phrase);
    auto m = mnemonic<E>::parse(phrase);
    expect_error(set, m, errc::unknown_word, pos);
    const std::string text = describe(m.err());
    CHECK(text.find("xyzzyq") == std::string::npos);
    CHECK(text.find("word " + std::to_string(pos)) != std::string::npos);
  }
  // A word list forced by the caller: an English phrase is unknown in Japanese (word 1).
  expect_error(set, mnemonic<E>::parse(abandon_about, bip39::language::japanese), errc::unknown_word, 1);
}

TEST_CASE_TEMPLATE("bad inputs: checksum, mixed languages and invalid UTF-8 are told apart", E, IC_ALL_ENGINES) {
  expect_error(set_name<E>("bip39 invalid_checksum"), mnemonic<E>::parse(repeat_words("abandon", 12)),
               errc::invalid_checksum);
  expect_error(set_name<E>("bip39 invalid_checksum"), mnemonic<E>::parse(repeat_words("zoo", 24)),
               errc::invalid_checksum);
  // "about" is English only, "abeille" French only: every word is known, no list has all.
  expect_error(set_name<E>("bip39 mixed_languages"), mnemonic<E>::parse(repeat_words("about", 11) + " abeille"),
               errc::mixed_languages);
  expect_error(set_name<E>("bip39 invalid_utf8"), mnemonic<E>::parse("abandon \xff\xfe abandon"), errc::invalid_utf8);
  expect_error(set_name<E>("bip39 invalid_utf8"), mnemonic<E>::parse(abandon_about + " \xc3"), errc::invalid_utf8);
  auto m = mnemonic<E>::parse(abandon_about);
  REQUIRE(m.has_value());
  expect_error(set_name<E>("bip39 invalid_utf8 passphrase"), m->to_seed("pass\xc3\x28word"), errc::invalid_utf8);
  expect_error(set_name<E>("bip39 invalid_utf8 passphrase"), m->to_seed("\xed\xa0\x80"), errc::invalid_utf8);  // surrogate
}

TEST_CASE_TEMPLATE("bad inputs: mnemonic whitespace variations give the same key", E, IC_ALL_ENGINES) {
  const std::string set = set_name<E>("bip39 whitespace tolerance");
  const std::string want = master_pub<E>(abandon_about);
  std::string tabs = abandon_about;
  for (auto& c : tabs) c = c == ' ' ? '\t' : c;
  std::string doubled;
  for (char c : abandon_about) doubled += c == ' ' ? std::string("  ") : std::string(1, c);
  for (const std::string& v : {"  " + abandon_about, abandon_about + "  \n", tabs, doubled, "\r\n" + doubled + "\t"}) {
    CAPTURE(v);
    IC_CHECK_COUNTED(set, master_pub<E>(v) == want);
  }
  // Japanese: U+3000 (ideographic space, NFKD -> U+0020) and ASCII spaces are equivalent.
  const auto doc = ic_test::load_json("bip39/bip32JP-test_JP_BIP39.json");
  const std::string ideographic_space = "\xe3\x80\x80";
  for (std::size_t k = 0; k < 3; ++k) {
    const auto& v = doc[k];
    const std::string phrase = ic_test::str(v["mnemonic"]);
    const std::string pass = ic_test::str(v["passphrase"]);
    REQUIRE(phrase.find(ideographic_space) != std::string::npos);
    std::string ascii;
    std::string twice;
    for (std::size_t i = 0; i < phrase.size();) {
      if (phrase.compare(i, 3, ideographic_space) == 0) {
        ascii += ' ';
        twice += ideographic_space + ideographic_space;
        i += 3;
      } else {
        ascii += phrase[i];
        twice += phrase[i];
        ++i;
      }
    }
    const std::string jp_want = master_pub<E>(phrase, pass);
    IC_CHECK_COUNTED(set, master_pub<E>(ascii, pass) == jp_want);
    IC_CHECK_COUNTED(set, master_pub<E>(ideographic_space + twice + ideographic_space, pass) == jp_want);
  }
}

TEST_CASE_TEMPLATE("bad inputs: malformed derivation paths name the error and the character", E, IC_ALL_ENGINES) {
  const auto master = master_of<E>(abandon_about);
  struct bad_path {
    const char* path;
    errc code;
    long position;
  };
  const bad_path cases[] = {
      {"", errc::invalid_path, 0},
      {"x", errc::invalid_path, 1},
      {"n/0", errc::invalid_path, 1},
      {"m0", errc::invalid_path, 2},
      {"m/", errc::empty_path_component, 3},
      {"m//0", errc::empty_path_component, 3},
      {"m/0/", errc::empty_path_component, 5},
      {"m/0//1", errc::empty_path_component, 5},
      {"m/2147483648", errc::path_index_overflow, 3},
      {"m/2147483648'", errc::path_index_overflow, 3},
      {"m/0/4294967296", errc::path_index_overflow, 5},
      {"m/99999999999999999999999999", errc::path_index_overflow, 3},
      {"m/0''", errc::invalid_path, 5},
      {"m/-1", errc::invalid_path, 3},
      {"m/1x", errc::invalid_path, 4},
      {"m/ 1", errc::invalid_path, 3},
      {"m/1 ", errc::invalid_path, 4},
      {"m/0'h", errc::invalid_path, 5},
      {"0/x", errc::invalid_path, 3},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    const std::string set =
        set_name<E>(c.code == errc::path_index_overflow ? "path path_index_overflow"
                                                        : (c.code == errc::empty_path_component ? "path empty_path_component"
                                                                                                : "path invalid_path"));
    expect_error(set, bip32::parse_path(c.path), c.code, c.position);
    expect_error(set, master.derive_path(c.path), c.code, c.position);
  }
  // Largest indices are fine; ', h and H are the same marker.
  auto top = master.derive_path("m/2147483647'/2147483647");
  REQUIRE(top.has_value());
  CHECK(top->child_number() == 0x7FFFFFFFU);
  CHECK(master.derive_path("m/1h/2H")->public_key() == master.derive_path("m/1'/2'")->public_key());
  // Relative paths: from the master and from a child; "m/..." from a child is invalid_path.
  auto child = master.derive_path("m/44'/60'");
  REQUIRE(child.has_value());
  const auto want = master.derive_path("m/44'/60'/0'/0")->public_key();
  CHECK(child->derive_path("0'/0")->public_key() == want);
  CHECK(master.derive_path("44'/60'/0'/0")->public_key() == want);
  expect_error(set_name<E>("path invalid_path"), child->derive_path("m/0'/0"), errc::invalid_path, 1);
  expect_error(set_name<E>("path invalid_path"), child->derive_path("m"), errc::invalid_path, 1);
  CHECK(master.derive_path("m")->public_key() == master.public_key());
}

TEST_CASE_TEMPLATE("bad inputs: xpub of a node deeper than 255 gives depth_overflow", E, IC_ALL_ENGINES) {
  const auto master = master_of<E>(abandon_about);
  std::string path = "m";
  for (int i = 0; i < 255; ++i) path += "/0'";
  auto deep = master.derive_path(path);
  REQUIRE(deep.has_value());
  CHECK(deep->xpub().has_value());  // depth 255 still has an encoding
  auto deeper = deep->derive(0x80000000U);
  REQUIRE(deeper.has_value());
  CHECK(deeper->depth() == 256);
  expect_error(set_name<E>("xpub depth_overflow"), deeper->xpub(), errc::depth_overflow);
}

TEST_CASE("bad inputs: hex decoding rejects odd lengths, bad characters (with position) and wrong lengths") {
  const std::string set = "bad inputs hex";
  expect_error(set, hex::decode("abc"), errc::invalid_hex, 0);
  expect_error(set, hex::decode("0x0"), errc::invalid_hex, 0);
  expect_error(set, hex::decode("zz"), errc::invalid_hex, 1);
  expect_error(set, hex::decode("0a0g"), errc::invalid_hex, 4);
  expect_error(set, hex::decode("0xabzz"), errc::invalid_hex, 5);
  expect_error(set, hex::decode("ab cd "), errc::invalid_hex, 3);
  expect_error(set, hex::decode_fixed<32>("00"), errc::invalid_length);
  expect_error(set, hex::decode_fixed<32>(std::string(66, 'a')), errc::invalid_length);
  expect_error(set, hex::decode_fixed<20>("zz"), errc::invalid_hex, 1);
  CHECK(hex::decode("").has_value());
  CHECK(hex::decode("0X0A")->size() == 1);
}

TEST_CASE_TEMPLATE("bad inputs: public keys of the wrong length, prefix or off the curve are rejected", E,
                   IC_ALL_ENGINES) {
  const std::string set = set_name<E>("public key");
  for (std::size_t len : {0U, 1U, 32U, 34U, 64U, 66U}) {
    CAPTURE(len);
    std::vector<std::byte> b(len, std::byte{0x02});
    expect_error(set, secp256k1::parse_public_key<E>(b), errc::invalid_length);
  }
  const std::string gx = "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
  const std::string gy = "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";
  CHECK(secp256k1::parse_public_key<E>(ic_test::unhex("02" + gx)).has_value());
  CHECK(secp256k1::parse_public_key<E>(ic_test::unhex("04" + gx + gy)).has_value());
  expect_error(set, secp256k1::parse_public_key<E>(ic_test::unhex("04" + gx)), errc::invalid_public_key);
  expect_error(set, secp256k1::parse_public_key<E>(ic_test::unhex("05" + gx)), errc::invalid_public_key);
  expect_error(set, secp256k1::parse_public_key<E>(ic_test::unhex("02" + gx + gy)), errc::invalid_public_key);
  expect_error(set, secp256k1::parse_public_key<E>(ic_test::unhex("06" + gx + gy)), errc::invalid_public_key);
  // x = 0: 7 is not a square mod p; x = p: not a field element.
  expect_error(set, secp256k1::parse_public_key<E>(ic_test::unhex("02" + std::string(64, '0'))), errc::invalid_public_key);
  const std::string p = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f";
  expect_error(set, secp256k1::parse_public_key<E>(ic_test::unhex("03" + p)), errc::invalid_public_key);
  // (Gx, Gy + 1), (Gx, 0) and (0, 0) are off the curve.
  std::string gy1 = gy;
  gy1.back() = '9';
  expect_error(set, secp256k1::parse_public_key<E>(ic_test::unhex("04" + gx + gy1)), errc::invalid_public_key);
  expect_error(set, secp256k1::parse_public_key<E>(ic_test::unhex("04" + gx + std::string(64, '0'))), errc::invalid_public_key);
  expect_error(set, secp256k1::parse_public_key<E>(ic_test::unhex("04" + std::string(128, '0'))), errc::invalid_public_key);
  expect_error(set, compressed_point::from_sec1_prefix(ic_test::unhex("04" + gx)), errc::invalid_public_key);
  expect_error(set, compressed_point::from_sec1_prefix(ic_test::unhex(gx)), errc::invalid_length);
}

TEST_CASE_TEMPLATE("bad inputs: signatures with r or s out of range, bad v, or garbage never crash", E,
                   IC_ALL_ENGINES) {
  const std::string set = set_name<E>("signature");
  const std::string n = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
  const std::string n_minus_1 = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140";
  const std::string one = std::string(63, '0') + "1";
  const std::string zero(64, '0');
  expect_error(set, secp256k1::parse_compact(ic_test::unhex(zero + one)), errc::invalid_signature);
  expect_error(set, secp256k1::parse_compact(ic_test::unhex(one + zero)), errc::invalid_signature);
  expect_error(set, secp256k1::parse_compact(ic_test::unhex(one + n)), errc::invalid_signature);
  expect_error(set, secp256k1::parse_compact(ic_test::unhex(n + one)), errc::invalid_signature);
  expect_error(set, secp256k1::parse_compact(ic_test::unhex(std::string(128, 'f'))), errc::invalid_signature);
  expect_error(set, secp256k1::parse_compact(std::vector<std::byte>(63, std::byte{1})), errc::invalid_length);
  expect_error(set, secp256k1::parse_compact(std::vector<std::byte>(65, std::byte{1})), errc::invalid_length);
  CHECK(secp256k1::parse_compact(ic_test::unhex(n_minus_1 + n_minus_1)).has_value());

  // from_rsv: v in {0..3, 27..30}; anything else is invalid_signature.
  auto rsv = ic_test::unhex(one + one + "1b");
  CHECK(ethereum::from_rsv(rsv).has_value());
  for (int v : {4, 26, 31, 255}) {
    CAPTURE(v);
    rsv[64] = static_cast<std::byte>(v);
    expect_error(set, ethereum::from_rsv(rsv), errc::invalid_signature);
  }
  for (int v : {0, 3, 27, 30}) {
    rsv[64] = static_cast<std::byte>(v);
    CHECK(ethereum::from_rsv(rsv).has_value());
  }
  expect_error(set, ethereum::from_rsv(std::vector<std::byte>(64)), errc::invalid_length);
  expect_error(set, ethereum::from_rsv(std::vector<std::byte>(66)), errc::invalid_length);

  // recover: out-of-range r/s -> invalid_signature; r that is no curve x -> recovery_failed.
  const u256be digest = ic_test::unhex_fixed<32>(std::string(64, '7'));
  const auto sig_of = [](const std::string& r, const std::string& s) {
    return signature{ic_test::unhex_fixed<32>(r), ic_test::unhex_fixed<32>(s)};
  };
  expect_error(set, secp256k1::recover<E>(digest, {sig_of(zero, one), {}}), errc::invalid_signature);
  expect_error(set, secp256k1::recover<E>(digest, {sig_of(one, n), {}}), errc::invalid_signature);
  // An r that is the x of no curve point (tiny-secp256k1 "Invalid X coordinate value for r");
  // with x_reduced, x = r + n is >= p. Every recovery id fails.
  const std::string bad_x = "33269cd2065432a30f3d1ce4eb0d59b8ab58c74f27c41a7fdb5696ad4e6108c9";
  for (int rid = 0; rid < 4; ++rid) {
    CAPTURE(rid);
    auto p = secp256k1::recover<E>(digest, {sig_of(bad_x, one), recovery_id::from_int(rid)});
    expect_error(set, p, errc::recovery_failed);
  }
  // Many arbitrary (r, s, v): every result is a point or recovery_failed, never a crash.
  int recovered = 0;
  for (int i = 1; i < 64; ++i) {
    std::string r(64, '0');
    std::string s(64, '0');
    for (std::size_t j = 0; j < 64; ++j) {
      r[j] = "0123456789abcdef"[(static_cast<std::size_t>(i) * 7 + j * 13) % 16];
      s[j] = "0123456789abcdef"[(static_cast<std::size_t>(i) * 11 + j * 5) % 16];
    }
    r[0] = '1';
    s[0] = '2';
    auto p = secp256k1::recover<E>(digest, {sig_of(r, s), recovery_id::from_int(i % 4)});
    if (p.has_value()) {
      ++recovered;
      CHECK(E::curve::is_on_curve(*p));
    } else {
      CHECK(p.code() == errc::recovery_failed);
    }
  }
  CHECK(recovered > 0);
  // personal_sign recovery of garbage.
  const std::string msg = "hello";
  expect_error(set, ethereum::recover_personal_signer<E>(ic_test::bytes_of(msg), std::vector<std::byte>(10)),
               errc::invalid_length);
  expect_error(set, ethereum::recover_personal_signer<E>(ic_test::bytes_of(msg), std::vector<std::byte>(65, std::byte{0xff})),
               errc::invalid_signature);
  // verify of garbage is false.
  auto g = secp256k1::parse_public_key<E>(ic_test::unhex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"));
  REQUIRE(g.has_value());
  CHECK_FALSE(secp256k1::verify<E>(*g, digest, sig_of(zero, zero), secp256k1::s_policy::any_s));
  CHECK_FALSE(secp256k1::verify<E>(*g, digest, sig_of(n, one), secp256k1::s_policy::any_s));
  CHECK_FALSE(secp256k1::verify<E>(*g, digest, sig_of(one, one), secp256k1::s_policy::any_s));
}

TEST_CASE_TEMPLATE("bad inputs: address parsing names length, hex and checksum errors", E, IC_ALL_ENGINES) {
  const std::string set = set_name<E>("address");
  expect_error(set, ethereum::parse_address<E>("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe"), errc::invalid_hex);
  expect_error(set, ethereum::parse_address<E>("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA"), errc::invalid_length);
  expect_error(set, ethereum::parse_address<E>("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00"), errc::invalid_length);
  expect_error(set, ethereum::parse_address<E>("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg"), errc::invalid_hex, 42);
  expect_error(set, ethereum::parse_address<E>("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), errc::invalid_address_checksum);
  expect_error(set, ethereum::parse_address<E>(""), errc::invalid_length);
}

TEST_CASE_TEMPLATE("bad inputs: use of a moved-from or consumed handle aborts (SIGABRT)", E, IC_ALL_ENGINES) {
  const std::string set = set_name<E>("contract violation aborts");
  auto master = master_of<E>(abandon_about);
  auto moved_to = std::move(master);
  CHECK_FALSE(master.valid());  // NOLINT(bugprone-use-after-move): the point of the test
  CHECK(moved_to.valid());
  IC_CHECK_COUNTED(set, dies_with_sigabrt([&] { (void)master.public_key(); }));
  IC_CHECK_COUNTED(set, dies_with_sigabrt([&] { (void)master.derive(0); }));
  IC_CHECK_COUNTED(set, dies_with_sigabrt([&] { (void)master.get_chain_code(); }));

  auto n = moved_to.derive_path("m/44'/60'/0'/0/0");
  REQUIRE(n.has_value());
  auto key = std::move(*n).into_ecdsa_key();
  CHECK_FALSE(n->valid());
  IC_CHECK_COUNTED(set, dies_with_sigabrt([&] { (void)n->public_key(); }));  // consumed by into_ecdsa_key
  auto key2 = std::move(key);
  IC_CHECK_COUNTED(set, dies_with_sigabrt([&] { (void)key.sign_raw(u256be{}); }));

  auto m = mnemonic<E>::parse(abandon_about);
  REQUIRE(m.has_value());
  auto m2 = std::move(*m);
  IC_CHECK_COUNTED(set, dies_with_sigabrt([&] { (void)m->to_seed(); }));

  auto bad = mnemonic<E>::parse("not a mnemonic");
  REQUIRE_FALSE(bad.has_value());
  IC_CHECK_COUNTED(set, dies_with_sigabrt([&] { (void)bad.value(); }));  // value() of an error

  // Control: the live handles still work in a child (the harness itself does not abort).
  IC_CHECK_COUNTED(set, !dies_with_sigabrt([&] { (void)key2.public_key(); (void)m2.to_seed(); }));
}
