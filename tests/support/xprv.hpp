// Test-only: turns a vector's xprv into the public data our API exposes (public key,
// chain code, xpub), so vectors can be checked without any API that returns secrets.
#pragma once

#include <string>

#include <secp256k1.h>

#include <isolated_crypto/base58.hpp>
#include <isolated_crypto/engine/libsecp256k1.hpp>

#include "vectors.hpp"

namespace ic_test {

struct public_node {
  std::string public_key_hex;
  std::string chain_code_hex;
  std::string xpub;
};

inline public_node public_from_xprv(const std::string& xprv) {
  using E = isolated_crypto::engines::libsecp256k1;
  auto sha = [](std::span<const std::byte> b) { return E::hash(isolated_crypto::digest_algorithm::sha256, b); };
  auto raw = isolated_crypto::base58::decode_check(xprv, sha);
  REQUIRE(raw.has_value());
  REQUIRE(raw->size() == 78);
  auto& r = *raw;
  std::array<unsigned char, 32> sk{};
  for (int i = 0; i < 32; ++i) sk[i] = static_cast<unsigned char>(r[46 + i]);
  secp256k1_pubkey pk;
  REQUIRE(secp256k1_ec_pubkey_create(isolated_crypto::engines::libsecp256k1_curve::context(), &pk, sk.data()) == 1);
  std::array<unsigned char, 33> ser{};
  size_t len = 33;
  secp256k1_ec_pubkey_serialize(isolated_crypto::engines::libsecp256k1_curve::context(), ser.data(), &len, &pk,
                                SECP256K1_EC_COMPRESSED);
  std::vector<std::byte> xpub_raw(r.begin(), r.begin() + 45);
  const std::array<std::byte, 4> version{std::byte{0x04}, std::byte{0x88}, std::byte{0xB2}, std::byte{0x1E}};
  std::copy(version.begin(), version.end(), xpub_raw.begin());
  for (auto c : ser) xpub_raw.push_back(std::byte{c});
  public_node out;
  out.public_key_hex = to_hex(std::as_bytes(std::span(ser)));
  out.chain_code_hex = to_hex(std::span(r).subspan(13, 32));
  out.xpub = isolated_crypto::base58::encode_check(xpub_raw, sha);
  return out;
}

}  // namespace ic_test
