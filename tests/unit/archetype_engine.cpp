// An archetype of the `engine` concept: a type with exactly what the concept asks for and
// nothing more (no BIP32 metadata, no curve backend, states that are only move-constructible:
// no copy, no assignment; public_key returns a type merely convertible to compressed_point).
// Its states wrap the default engine's states. The handles mnemonic/seed/node/ecdsa_key
// instantiated over it must compile and give the default engine's results: proof that the
// handles use nothing beyond the concept.
//
// Also: types that each miss one requirement are not engines.
#include <memory>
#include <string>
#include <utility>

#include <doctest/doctest.h>

#include <isolated_crypto/isolated_crypto.hpp>

#include "../support/engines.hpp"
#include "../support/vectors.hpp"

using namespace isolated_crypto;

namespace {

/// Which requirement a variant of the archetype breaks (none = the archetype itself).
enum class flaw {
  none,
  copyable_seed,           ///< seed_state is copyable
  throwing_node_move,      ///< node_state's move constructor may throw
  hash_may_throw,          ///< hash() is not noexcept
  derive_without_result,   ///< derive() returns a bare state, not result<state>
  no_sign_digest,          ///< sign_digest() is missing
  public_key_not_a_point,  ///< public_key(node) returns something not convertible to compressed_point
};

/// Convertible to compressed_point, but not one (the concept asks for no more).
struct public_key_view {
  compressed_point point;
  operator compressed_point() const { return point; }  // NOLINT: implicit on purpose
};

template <flaw F>
struct archetype_engine {
  using inner = ic_test::default_engine;

  /// A state: wraps one state of the inner engine; movable (noexcept unless Throwing), never
  /// copyable or assignable.
  template <class State, bool Throwing = false>
  struct state {
    State s;
    explicit state(State&& v) noexcept : s(std::move(v)) {}
    state(state&& o) noexcept(!Throwing) : s(std::move(o.s)) {}
    state(const state&) = delete;
    state& operator=(state&&) = delete;
    state& operator=(const state&) = delete;
    ~state() = default;
  };
  /// A copyable seed state (for flaw::copyable_seed only).
  struct copyable_seed {
    std::shared_ptr<inner::seed_state> s;
    explicit copyable_seed(inner::seed_state&& v) : s(std::make_shared<inner::seed_state>(std::move(v))) {}
  };

  using mnemonic_state = state<inner::mnemonic_state>;
  using seed_state = std::conditional_t<F == flaw::copyable_seed, copyable_seed, state<inner::seed_state>>;
  using node_state = state<inner::node_state, F == flaw::throwing_node_move>;
  using key_state = state<inner::key_state>;

  static const inner::seed_state& unwrap(const seed_state& s) noexcept {
    if constexpr (F == flaw::copyable_seed) {
      return *s.s;
    } else {
      return s.s;
    }
  }
  template <class Out, class In>
  static result<Out> wrap(result<In>&& r) {
    if (!r) return r.err();
    return Out(std::move(*r));
  }

  static result<secret_string> nfkd(std::string_view text) { return inner::nfkd(text); }
  static u256be hash(digest_algorithm alg, std::span<const std::byte> bytes) noexcept(F != flaw::hash_may_throw) {
    return inner::hash(alg, bytes);
  }
  static mnemonic_state import_mnemonic(secret_string&& text) {
    return mnemonic_state(inner::import_mnemonic(std::move(text)));
  }
  static result<seed_state> to_seed(const mnemonic_state& m, std::string_view passphrase) {
    return wrap<seed_state>(inner::to_seed(m.s, passphrase));
  }
  static result<node_state> master_node(const seed_state& seed, std::span<const std::byte> hmac_key) {
    return wrap<node_state>(inner::master_node(unwrap(seed), hmac_key));
  }
  static auto derive(const node_state& n, std::uint32_t index) {
    if constexpr (F == flaw::derive_without_result) {
      return node_state(std::move(*inner::derive(n.s, index)));
    } else {
      return wrap<node_state>(inner::derive(n.s, index));
    }
  }
  static node_state clone(const node_state& n) { return node_state(inner::clone(n.s)); }
  static auto public_key(const node_state& n) {
    if constexpr (F == flaw::public_key_not_a_point) {
      return inner::public_key(n.s).x;  // bytes, not a point
    } else {
      return public_key_view{inner::public_key(n.s)};
    }
  }
  static chain_code chain_code_of(const node_state& n) { return inner::chain_code_of(n.s); }
  static key_state into_key(node_state&& n) { return key_state(inner::into_key(std::move(n.s))); }
  static public_key_view public_key(const key_state& k) { return {inner::public_key(k.s)}; }
  static result<recoverable_signature> sign_digest(const key_state& k, const u256be& digest, sign_counter counter)
    requires(F != flaw::no_sign_digest)
  {
    return inner::sign_digest(k.s, digest, counter);
  }
};

using archetype = archetype_engine<flaw::none>;

static_assert(engine<archetype>);
static_assert(!engine_with_bip32_metadata<archetype>, "the archetype must not offer more than `engine`");
static_assert(!engine_with_public_utilities<archetype>, "the archetype must not offer more than `engine`");
static_assert(!std::is_move_assignable_v<archetype::node_state>, "states need not be assignable");
static_assert(signing_key<ecdsa_key<archetype>>);

static_assert(!engine<archetype_engine<flaw::copyable_seed>>);
static_assert(!engine<archetype_engine<flaw::throwing_node_move>>);
static_assert(!engine<archetype_engine<flaw::hash_may_throw>>);
static_assert(!engine<archetype_engine<flaw::derive_without_result>>);
static_assert(!engine<archetype_engine<flaw::no_sign_digest>>);
static_assert(!engine<archetype_engine<flaw::public_key_not_a_point>>);
static_assert(!engine<int>);

template <class E>
struct observed {
  std::string master_pub, master_chain, child_pub, child_chain, path_pub, clone_pub;
  std::string sig_none, sig_counter, sig_keccak;
  std::size_t words = 0;
};

template <class E>
observed<E> observe(const std::string& phrase, const std::string& passphrase) {
  observed<E> o;
  auto m = mnemonic<E>::parse(phrase);
  REQUIRE(m.has_value());
  o.words = m->word_count();
  auto s = m->to_seed(passphrase);
  REQUIRE(s.has_value());
  auto master = s->to_master_key();
  REQUIRE(master.has_value());
  o.master_pub = ic_test::to_hex(master->public_key().to_sec1());
  o.master_chain = ic_test::to_hex(master->get_chain_code());
  auto child = master->derive(0x80000000U);
  REQUIRE(child.has_value());
  o.child_pub = ic_test::to_hex(child->public_key().to_sec1());
  o.child_chain = ic_test::to_hex(child->get_chain_code());
  auto path = master->derive_path("m/44'/60'/0'/0/0");
  REQUIRE(path.has_value());
  o.path_pub = ic_test::to_hex(path->public_key().to_sec1());
  const node<E> copy = path->clone();
  o.clone_pub = ic_test::to_hex(copy.public_key().to_sec1());
  const ecdsa_key<E> key = std::move(*path).into_ecdsa_key();
  CHECK_FALSE(path->valid());
  CHECK(key.public_key() == copy.public_key());
  u256be digest{};
  digest[31] = std::byte{0x2A};
  auto show = [](const result<recoverable_signature>& r) {
    REQUIRE(r.has_value());
    return ic_test::to_hex(r->sig.r) + ic_test::to_hex(r->sig.s) + std::to_string(r->recid.to_int());
  };
  o.sig_none = show(key.sign_raw(digest));
  o.sig_counter = show(key.sign_raw(digest, 7U));
  o.sig_keccak = show(key.sign(digest_algorithm::keccak256, ic_test::bytes_of("hello")));
  return o;
}

}  // namespace

TEST_CASE("archetype engine: handles over a concept-only engine match the default engine") {
  const std::pair<std::string, std::string> inputs[] = {
      {"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", "TREZOR"},
      {"legal winner thank year wave sausage worth useful legal winner thank yellow", "\xC3\x9Cmlaut \xE2\x98\x83"},
  };
  for (const auto& [phrase, passphrase] : inputs) {
    CAPTURE(phrase);
    const auto a = observe<archetype>(phrase, passphrase);
    const auto d = observe<ic_test::default_engine>(phrase, passphrase);
    CHECK(a.words == d.words);
    CHECK(a.master_pub == d.master_pub);
    CHECK(a.master_chain == d.master_chain);
    CHECK(a.child_pub == d.child_pub);
    CHECK(a.child_chain == d.child_chain);
    CHECK(a.path_pub == d.path_pub);
    CHECK(a.clone_pub == d.clone_pub);
    CHECK(a.sig_none == d.sig_none);
    CHECK(a.sig_counter == d.sig_counter);
    CHECK(a.sig_keccak == d.sig_keccak);
  }
}

TEST_CASE("archetype engine: errors pass through the handles unchanged") {
  auto bad = mnemonic<archetype>::parse("abandon abandon abandon");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.code() == errc::invalid_word_count);
  auto m = mnemonic<archetype>::parse(
      "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about");
  REQUIRE(m.has_value());
  CHECK_FALSE(m->to_seed("\xFF").has_value());  // invalid UTF-8 passphrase
}
