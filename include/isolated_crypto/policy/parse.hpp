// Parsing a tenant policy (JSON, one tenant) into `rules`, strictly: unknown keys, wrong
// types, bad addresses, hex, selectors, path patterns, out-of-range numbers and
// duplicate entries are errors naming their field ("sign.transactions.to[2]"). The
// schema is in docs/SECURITY.md, "Policy model". Public data only; variable-time.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "../concepts.hpp"
#include "../ethereum/address.hpp"
#include "../ethereum/field_error.hpp"
#include "../ethereum/json.hpp"
#include "../ethereum/json_values.hpp"
#include "path_pattern.hpp"
#include "rules.hpp"

namespace isolated_crypto::policy::detail {

namespace json = ethereum::json;
using ethereum::at;
using ethereum::field_error;
using ethereum::field_result;
using ethereum::index;
using ethereum::join;

/// Checks that `v` is an object whose keys are all in `keys`.
/// Errors: wrong_field_type (not an object), unknown_field (at the key's path).
inline field_result<bool> expect_object(const json::value& v, const std::string& path,
                                        std::initializer_list<std::string_view> keys) {
  if (!v.is(json::kind::object)) {
    return at(path, errc::wrong_field_type, "want an object, got " + std::string(json::kind_name(v.type)));
  }
  for (const auto& m : v.members) {
    if (std::find(keys.begin(), keys.end(), m.key) == keys.end()) {
      std::string known;
      for (auto k : keys) known += (known.empty() ? "" : ", ") + std::string(k);
      return at(join(path, m.key), errc::unknown_field, known.empty() ? "no keys allowed here" : "known keys: " + known);
    }
  }
  return true;
}

inline field_result<bool> read_bool(const json::value& v, const std::string& path) {
  if (!v.is(json::kind::boolean)) {
    return at(path, errc::wrong_field_type, "want true or false, got " + std::string(json::kind_name(v.type)));
  }
  return v.boolean;
}

inline field_result<std::uint64_t> read_u64(const json::value& v, const std::string& path) {
  auto u = json::read_uint(v, path, 64);
  if (!u) return u.err();
  return u->low_u64();
}

/// The items of an array. Errors: wrong_field_type.
inline field_result<const std::vector<json::value>*> read_array(const json::value& v, const std::string& path) {
  if (!v.is(json::kind::array)) {
    return at(path, errc::wrong_field_type, "want an array, got " + std::string(json::kind_name(v.type)));
  }
  return &v.items;
}

/// Inserts `x` into `set` or fails: a list must not name an entry twice (a typo in one
/// of two copies would go unnoticed).
template <class Set, class T>
field_result<bool> insert_unique(Set& set, T&& x, const std::string& path) {
  if (!set.insert(std::forward<T>(x)).second) return at(path, errc::invalid_json, "duplicate entry");
  return true;
}

#define IC_POLICY_TRY(expr)              \
  do {                                   \
    auto ic_p_ = (expr);                 \
    if (!ic_p_) return ic_p_.err();      \
  } while (0)

template <engine_with_public_utilities E>
field_result<ethereum::address> read_address(const json::value& v, const std::string& path) {
  if (!v.is(json::kind::string)) {
    return at(path, errc::wrong_field_type, "want an address string, got " + std::string(json::kind_name(v.type)));
  }
  if (v.text.size() != 42 || v.text[0] != '0' || v.text[1] != 'x') {
    return at(path, errc::invalid_length, "want 0x + 40 hex digits");
  }
  auto a = ethereum::parse_address<E>(v.text);
  if (!a) return at(path, a.code(), a.code() == errc::invalid_address_checksum ? "mixed case with a wrong EIP-55 checksum" : "");
  return *a;
}

template <engine_with_public_utilities E, class Set>
field_result<bool> read_address_list(const json::value& v, const std::string& path, Set& out) {
  auto items = read_array(v, path);
  if (!items) return items.err();
  for (std::size_t i = 0; i < (*items)->size(); ++i) {
    auto a = read_address<E>((**items)[i], index(path, i));
    if (!a) return a.err();
    IC_POLICY_TRY(insert_unique(out, *a, index(path, i)));
  }
  return true;
}

inline field_result<bool> read_operations(const json::value& v, const std::string& path, operation_rules& out) {
  IC_POLICY_TRY(expect_object(v, path, {"derive", "get-chain-code", "sign", "sign-raw"}));
  for (const auto& m : v.members) {
    auto b = read_bool(m.val, join(path, m.key));
    if (!b) return b.err();
    if (m.key == "derive") out.derive = *b;
    else if (m.key == "get-chain-code") out.get_chain_code = *b;
    else if (m.key == "sign") out.sign = *b;
    else out.sign_raw = *b;
  }
  return true;
}

inline field_result<bool> read_digests(const json::value& v, const std::string& path, rules& out) {
  auto items = read_array(v, path);
  if (!items) return items.err();
  std::set<std::string> seen;
  for (std::size_t i = 0; i < (*items)->size(); ++i) {
    const auto& d = (**items)[i];
    const std::string p = index(path, i);
    if (!d.is(json::kind::string)) return at(p, errc::wrong_field_type, "want \"keccak256\" or \"sha256\"");
    if (d.text == "keccak256") out.digest_keccak256 = true;
    else if (d.text == "sha256") out.digest_sha256 = true;
    else return at(p, errc::unknown_field, "want \"keccak256\" or \"sha256\"");
    IC_POLICY_TRY(insert_unique(seen, d.text, p));
  }
  return true;
}

inline field_result<bool> read_derivation(const json::value& v, const std::string& path, derivation_rules& out) {
  IC_POLICY_TRY(expect_object(v, path, {"paths", "max-depth", "hardened-only"}));
  if (const auto* p = v.find("paths")) {
    const std::string pp = join(path, "paths");
    auto items = read_array(*p, pp);
    if (!items) return items.err();
    for (std::size_t i = 0; i < (*items)->size(); ++i) {
      const auto& s = (**items)[i];
      const std::string ip = index(pp, i);
      if (!s.is(json::kind::string)) return at(ip, errc::wrong_field_type, "want a path pattern string like \"0'/*\"");
      auto pat = parse_path_pattern(s.text);
      if (!pat) {
        return at(ip, pat.code(), describe(pat.err()) + "; want relative components N, N', * or *' separated by '/'");
      }
      if (std::find(out.paths.begin(), out.paths.end(), *pat) != out.paths.end()) {
        return at(ip, errc::invalid_json, "duplicate entry");
      }
      out.paths.push_back(std::move(*pat));
    }
  }
  if (const auto* d = v.find("max-depth")) {
    auto n = read_u64(*d, join(path, "max-depth"));
    if (!n) return n.err();
    if (*n > 255) return at(join(path, "max-depth"), errc::integer_out_of_range, "want 0 to 255");
    out.max_depth = static_cast<std::uint32_t>(*n);
  }
  if (const auto* h = v.find("hardened-only")) {
    auto b = read_bool(*h, join(path, "hardened-only"));
    if (!b) return b.err();
    out.hardened_only = *b;
  }
  return true;
}

inline field_result<bool> read_personal_message(const json::value& v, const std::string& path,
                                                personal_message_rules& out) {
  IC_POLICY_TRY(expect_object(v, path, {"prefix", "max-length"}));
  if (const auto* p = v.find("prefix")) {
    if (!p->is(json::kind::string)) {
      return at(join(path, "prefix"), errc::wrong_field_type, "want a string, got " + std::string(json::kind_name(p->type)));
    }
    out.prefix = p->text;
  }
  if (const auto* m = v.find("max-length")) {
    auto n = read_u64(*m, join(path, "max-length"));
    if (!n) return n.err();
    out.max_length = *n;
  }
  return true;
}

inline field_result<bool> read_typed_data(const json::value& v, const std::string& path, typed_data_rules& out) {
  IC_POLICY_TRY(expect_object(v, path, {"domains"}));
  if (const auto* d = v.find("domains")) {
    const std::string dp = join(path, "domains");
    auto items = read_array(*d, dp);
    if (!items) return items.err();
    for (std::size_t i = 0; i < (*items)->size(); ++i) {
      auto b = json::read_hex_bytes((**items)[i], index(dp, i), 32);
      if (!b) return b.err();
      u256be w{};
      std::copy_n(b->begin(), 32, w.begin());
      IC_POLICY_TRY(insert_unique(out.domains, w, index(dp, i)));
    }
  }
  return true;
}

template <engine_with_public_utilities E>
field_result<bool> read_transactions(const json::value& v, const std::string& path, transaction_rules& out) {
  IC_POLICY_TRY(expect_object(v, path, {"types", "chain-ids", "to", "create", "max-value", "selectors"}));
  if (const auto* t = v.find("types")) {
    const std::string tp = join(path, "types");
    auto items = read_array(*t, tp);
    if (!items) return items.err();
    for (std::size_t i = 0; i < (*items)->size(); ++i) {
      auto n = read_u64((**items)[i], index(tp, i));
      if (!n) return n.err();
      if (*n > 4) return at(index(tp, i), errc::integer_out_of_range, "want a transaction type 0 to 4");
      IC_POLICY_TRY(insert_unique(out.types, static_cast<unsigned>(*n), index(tp, i)));
    }
  }
  if (const auto* c = v.find("chain-ids")) {
    const std::string cp = join(path, "chain-ids");
    auto items = read_array(*c, cp);
    if (!items) return items.err();
    for (std::size_t i = 0; i < (*items)->size(); ++i) {
      auto n = read_u64((**items)[i], index(cp, i));
      if (!n) return n.err();
      if (*n == 0) return at(index(cp, i), errc::integer_out_of_range, "want a chain id of at least 1");
      IC_POLICY_TRY(insert_unique(out.chain_ids, *n, index(cp, i)));
    }
  }
  if (const auto* to = v.find("to")) IC_POLICY_TRY(read_address_list<E>(*to, join(path, "to"), out.to));
  if (const auto* cr = v.find("create")) {
    auto b = read_bool(*cr, join(path, "create"));
    if (!b) return b.err();
    out.create = *b;
  }
  if (const auto* mv = v.find("max-value")) {
    auto u = json::read_uint(*mv, join(path, "max-value"));
    if (!u) return u.err();
    out.max_value = *u;
  }
  if (const auto* s = v.find("selectors")) {
    const std::string sp = join(path, "selectors");
    auto items = read_array(*s, sp);
    if (!items) return items.err();
    bool empty_seen = false;
    for (std::size_t i = 0; i < (*items)->size(); ++i) {
      const std::string ip = index(sp, i);
      auto b = json::read_hex_bytes((**items)[i], ip);
      if (!b) return b.err();
      if (b->empty()) {
        if (empty_seen) return at(ip, errc::invalid_json, "duplicate entry");
        empty_seen = true;
        out.empty_calldata = true;
        continue;
      }
      if (b->size() != 4) {
        return at(ip, errc::invalid_length,
                  "want 0x + 8 hex digits (a selector) or \"0x\" (empty calldata), got " + std::to_string(b->size()) + " bytes");
      }
      selector sel{};
      std::copy_n(b->begin(), 4, sel.begin());
      IC_POLICY_TRY(insert_unique(out.selectors, sel, ip));
    }
  }
  return true;
}

template <engine_with_public_utilities E>
field_result<bool> read_authorizations(const json::value& v, const std::string& path, authorization_rules& out) {
  IC_POLICY_TRY(expect_object(v, path, {"delegates", "chain-ids", "chain-id-0"}));
  if (const auto* d = v.find("delegates")) IC_POLICY_TRY(read_address_list<E>(*d, join(path, "delegates"), out.delegates));
  if (const auto* c = v.find("chain-ids")) {
    const std::string cp = join(path, "chain-ids");
    auto items = read_array(*c, cp);
    if (!items) return items.err();
    for (std::size_t i = 0; i < (*items)->size(); ++i) {
      auto n = json::read_uint((**items)[i], index(cp, i));
      if (!n) return n.err();
      if (n->is_zero()) return at(index(cp, i), errc::integer_out_of_range, "chain id 0 is allowed by \"chain-id-0\" only");
      IC_POLICY_TRY(insert_unique(out.chain_ids, *n, index(cp, i)));
    }
  }
  if (const auto* z = v.find("chain-id-0")) {
    auto b = read_bool(*z, join(path, "chain-id-0"));
    if (!b) return b.err();
    out.chain_id_0 = *b;
  }
  return true;
}

template <engine_with_public_utilities E>
field_result<bool> read_sign(const json::value& v, const std::string& path, sign_rules& out) {
  IC_POLICY_TRY(expect_object(v, path, {"personal-message", "typed-data", "transactions", "authorizations", "unclassified"}));
  if (const auto* p = v.find("personal-message")) {
    out.personal_message.emplace();
    IC_POLICY_TRY(read_personal_message(*p, join(path, "personal-message"), *out.personal_message));
  }
  if (const auto* t = v.find("typed-data")) {
    out.typed_data.emplace();
    IC_POLICY_TRY(read_typed_data(*t, join(path, "typed-data"), *out.typed_data));
  }
  if (const auto* t = v.find("transactions")) {
    out.transactions.emplace();
    IC_POLICY_TRY(read_transactions<E>(*t, join(path, "transactions"), *out.transactions));
  }
  if (const auto* a = v.find("authorizations")) {
    out.authorizations.emplace();
    IC_POLICY_TRY(read_authorizations<E>(*a, join(path, "authorizations"), *out.authorizations));
  }
  if (const auto* u = v.find("unclassified")) {
    auto b = read_bool(*u, join(path, "unclassified"));
    if (!b) return b.err();
    out.unclassified = *b;
  }
  return true;
}

inline field_result<bool> read_rate(const json::value& v, const std::string& path, rate_rules& out) {
  IC_POLICY_TRY(expect_object(v, path, {"per-task", "window"}));
  if (const auto* t = v.find("per-task")) {
    auto n = read_u64(*t, join(path, "per-task"));
    if (!n) return n.err();
    out.per_task = *n;
  }
  if (const auto* w = v.find("window")) {
    const std::string wp = join(path, "window");
    IC_POLICY_TRY(expect_object(*w, wp, {"seconds", "max"}));
    const auto* s = w->find("seconds");
    const auto* m = w->find("max");
    if (s == nullptr) return at(join(wp, "seconds"), errc::missing_field, "a window needs its length in seconds");
    if (m == nullptr) return at(join(wp, "max"), errc::missing_field, "a window needs its maximum count");
    auto secs = read_u64(*s, join(wp, "seconds"));
    if (!secs) return secs.err();
    if (*secs == 0) return at(join(wp, "seconds"), errc::integer_out_of_range, "want at least 1");
    auto max = read_u64(*m, join(wp, "max"));
    if (!max) return max.err();
    out.window_seconds = *secs;
    out.window_max = *max;
  }
  return true;
}

/// The whole document. Errors: see the file comment; invalid_json for JSON syntax.
template <engine_with_public_utilities E>
field_result<rules> parse_rules(std::string_view text) {
  auto doc = json::parse(text);
  if (!doc) return doc.err();
  const json::value& v = *doc;
  IC_POLICY_TRY(expect_object(v, "", {"operations", "digests", "derivation", "sign", "rate"}));
  rules r;
  if (const auto* o = v.find("operations")) IC_POLICY_TRY(read_operations(*o, "operations", r.operations));
  if (const auto* d = v.find("digests")) IC_POLICY_TRY(read_digests(*d, "digests", r));
  if (const auto* d = v.find("derivation")) IC_POLICY_TRY(read_derivation(*d, "derivation", r.derivation));
  if (const auto* s = v.find("sign")) IC_POLICY_TRY(read_sign<E>(*s, "sign", r.sign));
  if (const auto* rt = v.find("rate")) IC_POLICY_TRY(read_rate(*rt, "rate", r.rate));
  return r;
}

#undef IC_POLICY_TRY

}  // namespace isolated_crypto::policy::detail
