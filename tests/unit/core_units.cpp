// Unit tests of the engine-independent pieces: hex, base58, BIP32 path strings, scalar
// arithmetic mod n, result<T>, secret storage, and the SHA-2/HMAC/PBKDF2 layer
// (detail/sha2.hpp) over each native hash backend, plus Keccak-256 and RIPEMD-160.
#include <concepts>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include <cryptopp/pwdbased.h>
#include <cryptopp/sha.h>
#include <doctest/doctest.h>

#include <isolated_crypto/isolated_crypto.hpp>

#include <isolated_crypto/engine/builtin_sha512.hpp>

#include "../support/engines.hpp"
#include "../support/vectors.hpp"

using namespace isolated_crypto;

namespace {

u256be u256(const std::string& h) { return ic_test::unhex_fixed<32>(std::string(64 - h.size(), '0') + h); }

std::string reduce(const std::string& h) {
  const u256be a = u256(h);
  u256be out{};
  detail::reduce_mod_order(a.data(), out.data());
  return ic_test::to_hex(out);
}

template <class H>
std::string backend_name() {
  if constexpr (std::is_same_v<H, engines::cryptopp_hashes>) return "cryptopp_hashes";
  else if constexpr (std::is_same_v<H, engines::cryptopp_builtin_sha512_hashes>) return "builtin sha512";
  else return "default engine hashes";
}

template <class H>
std::string sha512_hex(std::span<const std::byte> data) {
  detail::sha512_stream<H> s;
  s.update(data);
  std::array<std::byte, 64> out;
  s.finish(out.data());
  return ic_test::to_hex(out);
}

template <class H, class Word>
std::string hmac_hex(std::span<const std::byte> key, std::span<const std::byte> data) {
  const detail::hmac<H, Word> mac(key);
  std::array<std::byte, detail::hmac<H, Word>::digest_bytes> out;
  mac.mac(out.data(), data);
  return ic_test::to_hex(out);
}

template <class H>
std::string pbkdf2_hex(std::span<const std::byte> password, std::span<const std::byte> salt, std::uint32_t iterations) {
  secret_array<64> out;
  detail::pbkdf2_hmac_sha512_block1<H>(password, salt, iterations, out);
  return ic_test::to_hex(out.bytes(detail::secret_access{}));
}

}  // namespace

// The native hash backends: Crypto++ alone, whatever the default engine uses, and the SDK's
// own SHA-512 compression (the wasm build's default, engine/builtin_sha512.hpp).
#define IC_HASH_BACKENDS                                                             \
  isolated_crypto::engines::cryptopp_hashes, ic_test::default_engine::hashes,        \
      isolated_crypto::engines::cryptopp_builtin_sha512_hashes

TEST_CASE("core: hex encodes lower case and decodes either case with optional 0x") {
  const std::vector<std::byte> b{std::byte{0x00}, std::byte{0xAB}, std::byte{0xFF}, std::byte{0x10}};
  CHECK(hex::encode(b) == "00abff10");
  CHECK(hex::encode({}) == "");
  for (const char* s : {"00abff10", "00ABFF10", "0x00abFF10", "0X00AbfF10"}) {
    CAPTURE(s);
    auto d = hex::decode(s);
    REQUIRE(d.has_value());
    CHECK(*d == b);
  }
  CHECK(hex::decode_fixed<4>("00abff10").has_value());
}

TEST_CASE("core: base58 matches Bitcoin Core's base58_encode_decode vectors") {
  const char* const cases[][2] = {
      {"", ""},
      {"61", "2g"},
      {"626262", "a3gV"},
      {"636363", "aPEr"},
      {"73696d706c792061206c6f6e6720737472696e67", "2cFupjhnEsSn59qHXstmK2ffpLv2"},
      {"00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"},
      {"516b6fcd0f", "ABnLTmg"},
      {"bf4f89001e670274dd", "3SEo3LWLoPntC"},
      {"572e4794", "3EFU7m"},
      {"ecac89cad93923c02321", "EJDM8drfXA6uyA"},
      {"10c8511e", "Rt5zm"},
      {"00000000000000000000", "1111111111"},
      {"000111d38e5fc9071ffcd20b4a763cc9ae4f252bb4e48fd66a835e252ada93ff480d6dd43dc62a641155a5",
       "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"},
  };
  for (const auto& [hx, b58] : cases) {
    CAPTURE(hx);
    const auto raw = ic_test::unhex(hx);
    const bool enc = base58::encode(raw) == b58;
    auto dec = base58::decode(b58);
    const bool dec_ok = dec.has_value() && *dec == raw;
    IC_CHECK_COUNTED("core base58", enc && dec_ok);
  }
  // Characters outside the alphabet (0, O, I, l, space) are rejected with their position.
  for (const auto& [s, pos] : {std::pair{"0", 1U}, {"1O", 2U}, {"abI", 3U}, {"3l", 2U}, {"3EFU7m ", 7U}}) {
    CAPTURE(s);
    auto d = base58::decode(s);
    IC_CHECK_COUNTED("core base58", !d.has_value() && d.code() == errc::invalid_base58 && d.err().position == pos);
  }
}

TEST_CASE("core: base58check round-trips a BIP32 xpub and rejects a changed character") {
  using E = ic_test::default_engine;
  const auto sha = [](std::span<const std::byte> b) { return E::hash(digest_algorithm::sha256, b); };
  const std::string xpub =
      "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8";
  auto raw = base58::decode_check(xpub, sha);
  REQUIRE(raw.has_value());
  CHECK(raw->size() == 78);
  CHECK(base58::encode_check(*raw, sha) == xpub);
  std::string bad = xpub;
  bad[20] = bad[20] == 'a' ? 'b' : 'a';
  CHECK(base58::decode_check(bad, sha).code() == errc::invalid_base58);
  CHECK(base58::decode_check("1", sha).code() == errc::invalid_base58);  // shorter than a checksum
}

TEST_CASE("core: BIP32 path strings parse and format round trip") {
  const char* const cases[][2] = {
      {"m", "m"},
      {"M", "m"},
      {"m/0", "m/0"},
      {"m/44'/60'/0'/0/0", "m/44'/60'/0'/0/0"},
      {"m/44h/60H/0'/0/0", "m/44'/60'/0'/0/0"},
      {"m/2147483647'/2147483647", "m/2147483647'/2147483647"},
      {"m/0H/1/2H/2/1000000000", "m/0'/1/2'/2/1000000000"},
  };
  for (const auto& [in, out] : cases) {
    CAPTURE(in);
    auto p = bip32::parse_path(in);
    REQUIRE(p.has_value());
    CHECK(p->absolute);
    const std::string formatted = bip32::format_path(p->indices);
    auto again = bip32::parse_path(formatted);
    REQUIRE(again.has_value());
    IC_CHECK_COUNTED("core bip32 path", formatted == out && again->indices == p->indices);
  }
  auto rel = bip32::parse_path("0'/1");
  REQUIRE(rel.has_value());
  CHECK_FALSE(rel->absolute);
  CHECK(rel->indices == std::vector<std::uint32_t>{0x80000000U, 1U});
  CHECK(bip32::format_path(rel->indices, false) == "0'/1");
  CHECK(bip32::parse_path("m/44'/60'/0'/0/0")->indices ==
        std::vector<std::uint32_t>{0x8000002CU, 0x8000003CU, 0x80000000U, 0U, 0U});
}

TEST_CASE("core: scalar reduction mod n, validity and the low-S boundary") {
  const std::string n = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
  const std::string n_plus_1 = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364142";
  const std::string n_minus_1 = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140";
  const std::string max = std::string(64, 'f');
  const std::string half = "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0";
  const std::string half_plus_1 = "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a1";
  CHECK(reduce(n) == std::string(64, '0'));
  CHECK(reduce(n_plus_1) == std::string(63, '0') + "1");
  CHECK(reduce(n_minus_1) == n_minus_1);
  CHECK(reduce(max) == "000000000000000000000000000000014551231950b75fc4402da1732fc9bebe");
  CHECK(reduce("0") == std::string(64, '0'));
  CHECK(ic_test::to_hex(std::as_bytes(std::span(detail::secp256k1_order))) == n);
  CHECK(ic_test::to_hex(std::as_bytes(std::span(detail::secp256k1_half_order))) == half);

  CHECK(detail::is_high_s(u256(half).data()) == 0);
  CHECK(detail::is_high_s(u256(half_plus_1).data()) == 1);
  CHECK(detail::is_high_s(u256("1").data()) == 0);
  CHECK(detail::is_high_s(u256(n_minus_1).data()) == 1);

  CHECK(detail::is_valid_scalar(u256("0").data()) == 0);
  CHECK(detail::is_valid_scalar(u256("1").data()) == 1);
  CHECK(detail::is_valid_scalar(u256(n_minus_1).data()) == 1);
  CHECK(detail::is_valid_scalar(u256(n).data()) == 0);
  CHECK(detail::is_valid_scalar(u256(max).data()) == 0);
  CHECK(detail::is_zero256(u256("0").data()) == 1);
  CHECK(detail::is_zero256(u256("100").data()) == 0);

  u256be neg{};
  detail::negate_mod_order(u256("1").data(), neg.data());
  CHECK(ic_test::to_hex(neg) == n_minus_1);
  detail::negate_mod_order(u256(half_plus_1).data(), neg.data());
  CHECK(ic_test::to_hex(neg) == half);  // n - (n/2 + 1) = n/2 (n odd): low-S flips exactly over the boundary
}

TEST_CASE("core: result<T> holds a value or an error; result<void> too") {
  result<int> v = 5;
  CHECK(v.has_value());
  CHECK(static_cast<bool>(v));
  CHECK(*v == 5);
  CHECK(v.code() == errc::ok);
  CHECK(v.err().position == 0);

  result<int> e = error{errc::unknown_word, 3};
  CHECK_FALSE(e.has_value());
  CHECK(e.code() == errc::unknown_word);
  CHECK(e.err().position == 3);
  CHECK(describe(e.err()) == "unknown mnemonic word (word 3)");
  CHECK(describe(error{errc::invalid_path, 4}) == "invalid derivation path (at character 4)");
  CHECK(describe(error{errc::invalid_checksum, 0}) == "invalid mnemonic checksum");

  result<std::string> s = std::string("moved");
  result<std::string> s2 = std::move(s);
  CHECK(*s2 == "moved");
  result<std::string> from_code = errc::invalid_hex;
  result<std::string> moved_error = std::move(from_code);
  CHECK(moved_error.code() == errc::invalid_hex);

  result<void> ok;
  CHECK(ok.has_value());
  result<void> bad = errc::signing_failed;
  CHECK_FALSE(bad.has_value());
  CHECK(bad.code() == errc::signing_failed);

  static_assert(!std::is_copy_constructible_v<result<int>>);
  static_assert(std::is_nothrow_move_constructible_v<result<int>>);
  // Error codes are stable values and every one has a name.
  static_assert(static_cast<int>(errc::invalid_utf8) == 1 && static_cast<int>(errc::invalid_path) == 10 &&
                static_cast<int>(errc::invalid_hex) == 20 && static_cast<int>(errc::signing_failed) == 30);
  for (int c : {0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 25, 26, 30}) {
    CAPTURE(c);
    CHECK(name(static_cast<errc>(c)) != "unknown error");
  }
  CHECK(name(static_cast<errc>(999)) == "unknown error");
}

TEST_CASE("core: secret_array wipes the moved-from bytes and has no ==, no copy") {
  static_assert(!std::is_copy_constructible_v<secret_array<32>>);
  static_assert(!std::is_copy_assignable_v<secret_array<32>>);
  static_assert(!std::equality_comparable<secret_array<32>>);
  static_assert(std::is_nothrow_move_constructible_v<secret_array<32>>);
  const auto fill = [](secret_array<32>& s) {
    auto b = s.bytes(detail::secret_access{});
    for (std::size_t i = 0; i < 32; ++i) b[i] = static_cast<std::byte>(i + 1);
  };
  const auto is_pattern = [](const secret_array<32>& s) {
    const auto b = s.bytes(detail::secret_access{});
    for (std::size_t i = 0; i < 32; ++i) {
      if (b[i] != static_cast<std::byte>(i + 1)) return false;
    }
    return true;
  };
  const auto is_zero = [](const secret_array<32>& s) {
    for (auto x : s.bytes(detail::secret_access{})) {
      if (x != std::byte{0}) return false;
    }
    return true;
  };
  secret_array<32> a;
  fill(a);
  secret_array<32> b(std::move(a));
  CHECK(is_pattern(b));
  CHECK(is_zero(a));  // NOLINT(bugprone-use-after-move): inspecting the wipe is the point

  secret_array<32> c;
  c = std::move(b);
  CHECK(is_pattern(c));
  CHECK(is_zero(b));  // NOLINT(bugprone-use-after-move)

  const secret_array<32> d = c.clone();
  CHECK(is_pattern(d));
  CHECK(is_pattern(c));
  c.wipe();
  CHECK(is_zero(c));

  secret_string s;
  s.append("correct horse");
  s.push_back('!');
  CHECK(s.view(detail::secret_access{}) == "correct horse!");
  secret_string t = std::move(s);
  CHECK(t.view(detail::secret_access{}) == "correct horse!");
  CHECK(s.empty());  // NOLINT(bugprone-use-after-move)
  CHECK(s.view(detail::secret_access{}).empty());
  const secret_string u = t.clone();
  CHECK(u.view(detail::secret_access{}) == "correct horse!");
  t.clear();
  CHECK(t.empty());
  static_assert(!std::is_copy_constructible_v<secret_string>);
}

TEST_CASE("core: public value types (recovery id, SEC1 encodings)") {
  for (int i = 0; i < 4; ++i) CHECK(recovery_id::from_int(i).to_int() == i);
  CHECK(recovery_id::from_int(3).x_reduced);
  CHECK(recovery_id::from_int(1).y_odd);
  const auto g = ic_test::unhex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
  auto c = compressed_point::from_sec1_prefix(g);
  REQUIRE(c.has_value());
  CHECK_FALSE(c->y_odd);
  CHECK(ic_test::to_hex(c->to_sec1()) == ic_test::to_hex(g));
  affine_point p;
  p.x = c->x;
  p.y[31] = std::byte{0x01};
  CHECK(p.compress().y_odd);
  CHECK(static_cast<int>(p.to_sec1()[0]) == 4);
}

TEST_CASE("core: BIP39 word lookup and splitting") {
  const auto list = bip39::wordlists::get(bip39::language::english);
  CHECK(bip39::detail::find_word_ct(list, "abandon") == 0);
  CHECK(bip39::detail::find_word_ct(list, "zoo") == 2047);
  CHECK(bip39::detail::find_word_ct(list, "vote") == 1967);
  CHECK(bip39::detail::find_word_ct(list, "") == -1);
  CHECK(bip39::detail::find_word_ct(list, "abando") == -1);
  CHECK(bip39::detail::find_word_ct(list, "abandonn") == -1);
  CHECK(bip39::detail::find_word_ct(list, std::string(200, 'a')) == -1);
  bip39::detail::word_grid grid;
  bip39::detail::split_words_ct("  a\tbb \n ccc  ", grid);
  REQUIRE(grid.count == 3);
  CHECK(grid.len[0] == 1);
  CHECK(grid.len[1] == 2);
  CHECK(grid.len[2] == 3);
  CHECK(grid.limbs[2][0] == 0x636363U);  // "ccc", little-endian
  secret_string joined;
  bip39::detail::join_words_ct("  a\tbb \n ccc  ", joined);
  CHECK(joined.view(isolated_crypto::detail::secret_access{}) == "a bb ccc");
  for (const char* text : {"", "   ", "x", " x", "x ", "a  b", "\t\ta b\r\nc\n"}) {
    secret_string j;
    bip39::detail::join_words_ct(text, j);
    std::string want, word;  // the reference: split on the four separators, join by one space
    for (const char* p = text;; ++p) {
      if (*p == 0 || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
        if (!word.empty()) want += (want.empty() ? "" : " ") + word;
        word.clear();
        if (*p == 0) break;
      } else {
        word += *p;
      }
    }
    CAPTURE(text);
    CHECK(j.view(isolated_crypto::detail::secret_access{}) == want);
  }
  bip39::detail::word_grid long_word;  // a 60-byte word: counted, longer than every list's words
  bip39::detail::split_words_ct(std::string(60, 'x') + " y", long_word);
  CHECK(long_word.count == 2);
  CHECK(long_word.len[0] == 60);
  CHECK(bip39::detail::find_word_ct(list, long_word.limbs[0].data(), long_word.len[0]) == -1);
  for (std::size_t n : {12U, 15U, 18U, 21U, 24U}) CHECK(bip39::detail::valid_word_count(n));
  for (std::size_t n : {0U, 3U, 11U, 13U, 25U, 27U}) CHECK_FALSE(bip39::detail::valid_word_count(n));
}

TEST_CASE_TEMPLATE("core: SHA-256 and SHA-512 known digests, any split of the input", H, IC_HASH_BACKENDS) {
  const std::string set = "core sha2 [" + backend_name<H>() + "]";
  const std::string two_block = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  const std::string two_block_512 =
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
  const std::string million(1000000, 'a');
  const struct {
    const std::string* msg;
    const char* sha256;
  } s256[] = {{nullptr, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
              {&two_block, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
              {&million, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"}};
  const std::string abc = "abc";
  IC_CHECK_COUNTED(set, ic_test::to_hex(detail::sha256<H>(ic_test::bytes_of(abc))) ==
                            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  for (const auto& c : s256) {
    const std::string msg = c.msg != nullptr ? *c.msg : std::string();
    IC_CHECK_COUNTED(set, ic_test::to_hex(detail::sha256<H>(ic_test::bytes_of(msg))) == c.sha256);
  }
  IC_CHECK_COUNTED(set, sha512_hex<H>(ic_test::bytes_of(abc)) ==
                            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  IC_CHECK_COUNTED(set, sha512_hex<H>({}) ==
                            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
  IC_CHECK_COUNTED(set, sha512_hex<H>(ic_test::bytes_of(two_block_512)) ==
                            "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
  // Streaming: every split point of a 300-byte message gives the one-shot digest.
  std::vector<std::byte> msg(300);
  for (std::size_t i = 0; i < msg.size(); ++i) msg[i] = static_cast<std::byte>(i * 31 + 7);
  const std::string one_shot_256 = ic_test::to_hex(detail::sha256<H>(msg));
  const std::string one_shot_512 = sha512_hex<H>(msg);
  bool splits_ok = true;
  for (std::size_t a = 0; a <= msg.size(); a += 7) {
    for (std::size_t b = a; b <= msg.size(); b += 61) {
      const std::span<const std::byte> all(msg);
      detail::sha256_stream<H> s;
      s.update(all.subspan(0, a));
      s.update(all.subspan(a, b - a));
      s.update(all.subspan(b));
      std::array<std::byte, 32> out;
      s.finish(out.data());
      detail::sha512_stream<H> s5;
      s5.update(all.subspan(0, a));
      s5.update(all.subspan(a, b - a));
      s5.update(all.subspan(b));
      std::array<std::byte, 64> out5;
      s5.finish(out5.data());
      splits_ok = splits_ok && ic_test::to_hex(out) == one_shot_256 && ic_test::to_hex(out5) == one_shot_512;
    }
  }
  IC_CHECK_COUNTED(set, splits_ok);
}

TEST_CASE_TEMPLATE("core: HMAC-SHA512 and HMAC-SHA256 match RFC 4231", H, IC_HASH_BACKENDS) {
  const std::string set = "core hmac rfc4231 [" + backend_name<H>() + "]";
  const std::vector<std::byte> key1(20, std::byte{0x0b});
  const std::string hi = "Hi There";
  const std::string jefe = "Jefe";
  const std::string want = "what do ya want for nothing?";
  const std::vector<std::byte> key6(131, std::byte{0xaa});
  const std::string big = "Test Using Larger Than Block-Size Key - Hash Key First";
  IC_CHECK_COUNTED(set, (hmac_hex<H, std::uint64_t>(key1, ic_test::bytes_of(hi)) ==
                         "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"));
  IC_CHECK_COUNTED(set, (hmac_hex<H, std::uint64_t>(ic_test::bytes_of(jefe), ic_test::bytes_of(want)) ==
                         "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"));
  IC_CHECK_COUNTED(set, (hmac_hex<H, std::uint64_t>(key6, ic_test::bytes_of(big)) ==
                         "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"));
  IC_CHECK_COUNTED(set, (hmac_hex<H, std::uint32_t>(key1, ic_test::bytes_of(hi)) ==
                         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"));
}

TEST_CASE_TEMPLATE("core: PBKDF2-HMAC-SHA512 known vectors and Crypto++ agreement at 2048 iterations", H,
                   IC_HASH_BACKENDS) {
  const std::string set = "core pbkdf2 [" + backend_name<H>() + "]";
  const std::string password = "password";
  const std::string salt = "salt";
  IC_CHECK_COUNTED(set, pbkdf2_hex<H>(ic_test::bytes_of(password), ic_test::bytes_of(salt), 1) ==
                            "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce");
  IC_CHECK_COUNTED(set, pbkdf2_hex<H>(ic_test::bytes_of(password), ic_test::bytes_of(salt), 2) ==
                            "e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53cf76cab2868a39b9f7840edce4fef5a82be67335c77a6068e04112754f27ccf4e");
  const std::string p2 = "passwordPASSWORDpassword";
  const std::string s2 = "saltSALTsaltSALTsaltSALTsaltSALTsalt";
  IC_CHECK_COUNTED(set, pbkdf2_hex<H>(ic_test::bytes_of(p2), ic_test::bytes_of(s2), 4096) ==
                            "8c0511f4c6e597c6ac6315d8f0362e225f3c501495ba23b868c005174dc4ee71115b59f9e60cd9532fa33e0f75aefe30225c583a186cd82bd4daea9724a3d3b8");
  // Random passwords (0..300 bytes: shorter and longer than the 128-byte block) and salts.
  std::mt19937 rng(20240601);
  const CryptoPP::PKCS5_PBKDF2_HMAC<CryptoPP::SHA512> reference;
  for (int i = 0; i < 12; ++i) {
    std::vector<std::byte> pw(rng() % 301);
    std::vector<std::byte> sa(rng() % 200);
    for (auto& x : pw) x = static_cast<std::byte>(rng());
    for (auto& x : sa) x = static_cast<std::byte>(rng());
    CAPTURE(pw.size());
    CAPTURE(sa.size());
    std::array<CryptoPP::byte, 64> want{};
    reference.DeriveKey(want.data(), want.size(), 0, reinterpret_cast<const CryptoPP::byte*>(pw.data()), pw.size(),
                        reinterpret_cast<const CryptoPP::byte*>(sa.data()), sa.size(), 2048);
    IC_CHECK_COUNTED(set, pbkdf2_hex<H>(pw, sa, 2048) == ic_test::to_hex(std::as_bytes(std::span(want))));
  }
}

TEST_CASE_TEMPLATE("core: Keccak-256 (not SHA3-256) and RIPEMD-160 known digests", H, IC_HASH_BACKENDS) {
  const std::string set = "core keccak/ripemd [" + backend_name<H>() + "]";
  const std::string abc = "abc";
  IC_CHECK_COUNTED(set, ic_test::to_hex(H::keccak256({})) ==
                            "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  IC_CHECK_COUNTED(set, ic_test::to_hex(H::keccak256(ic_test::bytes_of(abc))) ==
                            "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  IC_CHECK_COUNTED(set, ic_test::to_hex(H::ripemd160({})) == "9c1185a5c5e9fc54612808977ee8f548b2258d31");
  IC_CHECK_COUNTED(set, ic_test::to_hex(H::ripemd160(ic_test::bytes_of(abc))) == "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
}
