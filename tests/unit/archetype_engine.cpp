// An archetype of the `engine` concept: a type with exactly what the concept asks for and
// nothing more (no BIP32 metadata, no curve backend, states that are only move-constructible:
// no copy, no assignment; public_key returns a type merely convertible to compressed_point).
// Its states wrap the default engine's states. The handles mnemonic/seed/node/ecdsa_key
// instantiated over it must compile and give the results of the generated vectors
// (tests/vectors/isolated-crypto, computed with noble/scure): proof that the handles use
// nothing beyond the concept, checked against values no engine here produced.
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

}  // namespace

/// The archetype's results for the counter-signatures vectors (computed with noble/scure,
/// tests/vectors/isolated-crypto): not compared with the engine the archetype wraps, whose
/// bugs it would share.
TEST_CASE("archetype engine: handles over a concept-only engine give the published vector results") {
  using A = archetype;
  const auto v = ic_test::load_json("isolated-crypto/counter-signatures.json");
  const auto& k = v["key"];
  auto m = mnemonic<A>::parse(ic_test::str(k["mnemonic"]));
  REQUIRE(m.has_value());
  CHECK(m->word_count() == 24);
  auto s = m->to_seed(ic_test::str(k["passphrase"]));
  REQUIRE(s.has_value());
  auto master = s->to_master_key();
  REQUIRE(master.has_value());
  const auto& mk = v["to_master_key"][0];
  REQUIRE(ic_test::str(mk["hmac_key_utf8"]) == "Bitcoin seed");
  CHECK(ic_test::to_hex(master->public_key().to_sec1()) == ic_test::str(mk["master_public_key"]));
  CHECK(ic_test::to_hex(master->get_chain_code()) == ic_test::str(mk["master_chain_code"]));
  auto path = master->derive_path(ic_test::str(k["path"]));
  REQUIRE(path.has_value());
  CHECK(ic_test::to_hex(path->public_key().to_sec1()) == ic_test::str(k["public_key"]));
  // derive() level by level reaches the same node as derive_path().
  auto step = master->derive(0x8000002CU)->derive(0x8000003CU)->derive(0x80000000U)->derive(0)->derive(0);
  REQUIRE(step.has_value());
  CHECK(step->public_key() == path->public_key());
  const node<A> copy = path->clone();
  const ecdsa_key<A> key = std::move(*path).into_ecdsa_key();
  CHECK_FALSE(path->valid());
  CHECK(key.public_key() == copy.public_key());
  auto rsv = [](const result<recoverable_signature>& r) {
    REQUIRE(r.has_value());
    return ic_test::to_hex(r->sig.r) + ic_test::to_hex(r->sig.s) + std::to_string(r->recid.to_int());
  };
  auto counter_of = [](const ic_test::json& e) {
    return e["counter"].is_null() ? sign_counter{} : sign_counter{e["counter"].get<std::uint32_t>()};
  };
  std::size_t checked = 0;
  for (const auto& e : v["sign_raw"]) {
    CAPTURE(ic_test::str(e["id"]));
    const auto digest = ic_test::unhex_fixed<32>(ic_test::str(e["digest"]));
    CHECK(rsv(key.sign_raw(digest, counter_of(e))) ==
          ic_test::str(e["r"]) + ic_test::str(e["s"]) + std::to_string(e["recovery_id"].get<int>()));
    ++checked;
  }
  for (const auto& e : v["sign"]) {
    CAPTURE(ic_test::str(e["id"]));
    const auto alg = ic_test::str(e["alg"]) == "keccak256" ? digest_algorithm::keccak256 : digest_algorithm::sha256;
    const auto msg = ic_test::unhex(ic_test::str(e["message_hex"]));
    CHECK(rsv(key.sign(alg, msg, counter_of(e))) ==
          ic_test::str(e["r"]) + ic_test::str(e["s"]) + std::to_string(e["recovery_id"].get<int>()));
    ++checked;
  }
  CHECK(checked == 23);  // 20 sign-raw + 3 sign vectors
}
