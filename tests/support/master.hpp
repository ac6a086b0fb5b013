// The BIP32 master node of a mnemonic + passphrase, REQUIRE-checked at every step.
#pragma once

#include <string>
#include <utility>

#include <doctest/doctest.h>

#include <isolated_crypto/isolated_crypto.hpp>

namespace ic_test {

template <class E>
isolated_crypto::node<E> master_of(const std::string& phrase, const std::string& passphrase = "") {
  auto m = isolated_crypto::mnemonic<E>::parse(phrase);
  REQUIRE_MESSAGE(m.has_value(), isolated_crypto::describe(m.err()));
  auto s = m->to_seed(passphrase);
  REQUIRE(s.has_value());
  auto master = s->to_master_key();
  REQUIRE(master.has_value());
  return std::move(*master);
}

}  // namespace ic_test
