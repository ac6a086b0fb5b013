// The vector files themselves: every data file matches tests/vectors/SHA256SUMS (computed
// with Crypto++, not the SDK's SHA-256) and every data file is listed; the generated
// wordlist headers equal the official lists; the EIP-712 Mail example is present and its
// signing digest signs to the published signature (the EIP-712 encoding itself is tested
// with the Ethereum code).
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <cryptopp/sha.h>
#include <doctest/doctest.h>

#include <isolated_crypto/isolated_crypto.hpp>

#include "../support/engines.hpp"
#include "../support/test_access.hpp"
#include "../support/vectors.hpp"

namespace {
namespace ic = isolated_crypto;
namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open " << p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string sha256_hex_cryptopp(const std::string& data) {
  CryptoPP::SHA256 h;
  std::array<CryptoPP::byte, 32> d{};
  h.CalculateDigest(d.data(), reinterpret_cast<const CryptoPP::byte*>(data.data()), data.size());
  return ic_test::to_hex(std::as_bytes(std::span(d)));
}

std::string strip0x(std::string s) { return s.rfind("0x", 0) == 0 ? s.substr(2) : s; }
}  // namespace

TEST_CASE("vectors: every data file matches tests/vectors/SHA256SUMS and every data file is listed") {
  const fs::path root(IC_VECTORS_DIR);
  std::map<std::string, std::string> sums;  // "./bip32/x.json" -> hex
  std::istringstream lines(read_file(root / "SHA256SUMS"));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    const auto sep = line.find("  ");
    REQUIRE_MESSAGE(sep == 64, "malformed SHA256SUMS line: " << line);
    sums[line.substr(sep + 2)] = line.substr(0, 64);
  }
  CHECK(sums.size() == 28);
  for (const auto& [name, want] : sums) {
    CAPTURE(name);
    CHECK(sha256_hex_cryptopp(read_file(root / name)) == want);
  }
  std::set<std::string> unlisted;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    const std::string rel = "./" + fs::relative(e.path(), root).generic_string();
    if (rel == "./README.md" || rel == "./SHA256SUMS") continue;
    if (sums.count(rel) == 0) unlisted.insert(rel);
  }
  CHECK_MESSAGE(unlisted.empty(), "data files missing from SHA256SUMS: " << unlisted.size() << " (first: "
                                                                          << (unlisted.empty() ? "" : *unlisted.begin()) << ")");
}

TEST_CASE("bip39: the generated wordlist headers equal the official lists (tests/vectors/bip39/wordlist-*.txt)") {
  using E = ic_test::default_engine;
  for (ic::bip39::language lang : ic::bip39::wordlists::all_languages) {
    const auto list = ic::bip39::wordlists::get(lang);
    CAPTURE(list.name);
    std::istringstream in(read_file(fs::path(IC_VECTORS_DIR) / "bip39" / ("wordlist-" + std::string(list.name) + ".txt")));
    std::size_t i = 0, mismatches = 0;
    for (std::string line; std::getline(in, line); ++i) {
      REQUIRE(i < 2048);
      auto nfkd = E::nfkd(line);  // the headers hold NFKD; the files are NFKD already (nfkd is a no-op)
      REQUIRE(nfkd.has_value());
      const auto want = nfkd->view(ic::detail::secret_access{});
      const bool same = list.words[i] == want && list.lengths[i] == want.size() && line == want;
      if (!same) ++mismatches;
      if (!same && mismatches <= 3) FAIL_CHECK("word " << i << " differs");
    }
    CHECK(i == 2048);
    CHECK(mismatches == 0);
  }
}

TEST_CASE("ethereum: the EIP-712 Mail example is present; its signing digest signs to the published r, s, v") {
  using E = ic_test::default_engine;
  const auto v = ic_test::load_json("ethereum/eip712-mail-example.json");
  const auto& td = v["typed_data"];
  CHECK(td["primaryType"] == "Mail");
  CHECK(td["types"].size() == 3);  // EIP712Domain, Person, Mail
  CHECK(td["types"]["Mail"].size() == 3);
  CHECK(td["types"]["Person"].size() == 2);
  CHECK(td["domain"].size() == 4);
  const auto& x = v["expected"];
  for (const char* k : {"typeHash_Mail", "hashStruct_Mail_message", "domainSeparator", "signing_digest", "r", "s"}) {
    CAPTURE(k);
    CHECK(strip0x(ic_test::str(x[k])).size() == 64);
  }
  const auto sk = ic_test::unhex_fixed<32>(strip0x(ic_test::str(v["private_key"])));
  const auto key = ic_test::key_from_bytes<E>(sk);
  const auto digest = ic_test::unhex_fixed<32>(strip0x(ic_test::str(x["signing_digest"])));
  auto sig = key.sign_raw(digest);
  REQUIRE(sig.has_value());
  CHECK(ic_test::to_hex(sig->sig.r) == strip0x(ic_test::str(x["r"])));
  CHECK(ic_test::to_hex(sig->sig.s) == strip0x(ic_test::str(x["s"])));
  CHECK(27 + sig->recid.to_int() == x["v"].get<int>());
}
