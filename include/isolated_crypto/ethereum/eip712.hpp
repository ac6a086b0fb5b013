// EIP-712 typed structured data in the eth_signTypedData_v4 shape
// ({types, primaryType, domain, message}), strict: every input that is not exactly one
// well-defined message is an error naming its field, never a signature.
//  * top level: exactly the keys types, primaryType, domain, message; EIP712Domain must be
//    defined in types (no domain type is ever inferred, so a domain cannot hash as `{}`);
//  * types: struct names are identifiers and not atomic type names; member names are
//    identifiers, unique per struct; member types are atomic (bool, address, string, bytes,
//    bytes1..32, uint8..256 and int8..256 in steps of 8), defined structs, or arrays of these
//    (`T[]`, `T[k]`, k ≥ 1); a struct that contains itself other than through a dynamic
//    array `[]` has no finite value and is rejected (recursive_type);
//  * values: every member present, no extra members; integers in range (JSON integer
//    literals, decimal or 0x-hex strings; no fractions or exponents); bytesN exactly N bytes;
//    bytes and bytesN as 0x-hex; addresses as 40 hex digits (EIP-55 checked when mixed case);
//    fixed-size arrays of exactly k items; bool only as true/false.
// primaryType "EIP712Domain" signs the domain alone: digest = keccak256(0x1901 ‖ domainSeparator).
// Public data only; variable-time.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../concepts.hpp"
#include "../types.hpp"
#include "address.hpp"
#include "field_error.hpp"
#include "json.hpp"
#include "json_values.hpp"
#include "signature.hpp"

namespace isolated_crypto::ethereum::eip712 {

struct member {
  std::string name;
  std::string type;
};
using type_map = std::map<std::string, std::vector<member>>;

inline constexpr std::string_view domain_type_name = "EIP712Domain";

// ---- type strings -----------------------------------------------------------------------

enum class atomic_kind : std::uint8_t { none, boolean, address, uint, sint, fixed_bytes, bytes, string };

struct atomic_type {
  atomic_kind kind = atomic_kind::none;
  unsigned size = 0;  ///< bits for uint/int, bytes for bytesN
};

/// The atomic or dynamic type named `t`, or kind none.
inline atomic_type atomic_of(std::string_view t) noexcept {
  if (t == "bool") return {atomic_kind::boolean, 0};
  if (t == "address") return {atomic_kind::address, 0};
  if (t == "string") return {atomic_kind::string, 0};
  if (t == "bytes") return {atomic_kind::bytes, 0};
  auto number_after = [&](std::string_view prefix, unsigned& n) {
    if (t.substr(0, prefix.size()) != prefix || t.size() == prefix.size() || t.size() > prefix.size() + 3) return false;
    const std::string_view d = t.substr(prefix.size());
    if (d[0] == '0') return false;
    n = 0;
    for (char c : d) {
      if (c < '0' || c > '9') return false;
      n = n * 10 + static_cast<unsigned>(c - '0');
    }
    return true;
  };
  unsigned n = 0;
  if (number_after("uint", n) && n % 8 == 0 && n >= 8 && n <= 256) return {atomic_kind::uint, n};
  if (number_after("int", n) && n % 8 == 0 && n >= 8 && n <= 256) return {atomic_kind::sint, n};
  if (number_after("bytes", n) && n >= 1 && n <= 32) return {atomic_kind::fixed_bytes, n};
  return {};
}

/// A member type split into its base and array dimensions, innermost first; 0 = dynamic.
/// "Person[2][]" = base "Person", dims {2, 0} (a dynamic array of Person[2]).
struct type_ref {
  std::string base;
  std::vector<std::size_t> dims;
};

/// Splits a type string. Returns false for malformed brackets or sizes (0, leading zero,
/// more than 9 digits).
inline bool split_type(std::string_view t, type_ref& out) {
  out.dims.clear();
  std::vector<std::size_t> outer_first;
  while (!t.empty() && t.back() == ']') {
    const auto open = t.rfind('[');
    if (open == std::string_view::npos) return false;
    const std::string_view inside = t.substr(open + 1, t.size() - open - 2);
    std::size_t n = 0;
    if (!inside.empty()) {
      if (inside.size() > 9 || inside[0] == '0') return false;
      for (char c : inside) {
        if (c < '0' || c > '9') return false;
        n = n * 10 + static_cast<std::size_t>(c - '0');
      }
    }
    outer_first.push_back(n);
    t = t.substr(0, open);
  }
  out.base.assign(t);
  out.dims.assign(outer_first.rbegin(), outer_first.rend());
  return true;
}

inline bool is_identifier(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '$';
    if (!alpha && (i == 0 || c < '0' || c > '9')) return false;
  }
  return true;
}

// ---- types ------------------------------------------------------------------------------

namespace detail {

/// Depth-first search from `start` for a cycle through members that need a value (no
/// dynamic array). Iterative: a chain of many struct types (the input may hold 100,000s)
/// must not exhaust the stack. `state`: 1 = on the current path, 2 = done.
inline bool has_unbounded_cycle(const type_map& types, const std::string& start, std::map<std::string, int>& state) {
  struct frame {
    const std::string* name;  // a key of `types` (stable)
    std::size_t next;         // the next member to follow
  };
  const auto first = types.find(start);
  if (state[first->first] != 0) return false;  // done (a cycle would have been reported)
  state[first->first] = 1;
  std::vector<frame> path{{&first->first, 0}};
  while (!path.empty()) {
    frame& f = path.back();
    const auto& members = types.at(*f.name);
    if (f.next == members.size()) {
      state[*f.name] = 2;
      path.pop_back();
      continue;
    }
    type_ref r;
    split_type(members[f.next++].type, r);
    bool dynamic = false;
    for (auto d : r.dims) dynamic = dynamic || d == 0;
    const auto it = types.find(r.base);
    if (dynamic || it == types.end()) continue;
    int& s = state[it->first];
    if (s == 1) return true;
    if (s == 2) continue;
    s = 1;
    path.push_back({&it->first, 0});  // `f` is not used after this
  }
  return false;
}

}  // namespace detail

/// Reads and validates `types` (see the file comment). Errors (field = "types.<Name>..."):
/// wrong_field_type, invalid_type_definition, unknown_field / missing_field (a member entry
/// that is not exactly {name, type}), unknown_type, recursive_type.
inline field_result<type_map> parse_types(const json::value& types) {
  if (!types.is(json::kind::object)) return at("types", errc::wrong_field_type, "want an object");
  type_map out;
  for (const auto& [name, defs] : types.members) {
    const std::string path = join("types", name);
    if (!is_identifier(name) || atomic_of(name).kind != atomic_kind::none) {
      return at(path, errc::invalid_type_definition, "a struct name must be an identifier, not an atomic type");
    }
    if (!defs.is(json::kind::array)) return at(path, errc::wrong_field_type, "want an array of {name, type}");
    std::vector<member> members;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < defs.items.size(); ++i) {
      const auto& d = defs.items[i];
      const std::string p = index(path, i);
      if (!d.is(json::kind::object)) return at(p, errc::wrong_field_type, "want {name, type}");
      for (const auto& [k, v] : d.members) {
        if (k != "name" && k != "type") return at(join(p, k), errc::unknown_field, "a member has only name and type");
        if (!v.is(json::kind::string)) return at(join(p, k), errc::wrong_field_type, "want a string");
      }
      const json::value* n = d.find("name");
      const json::value* t = d.find("type");
      if (n == nullptr) return at(join(p, "name"), errc::missing_field);
      if (t == nullptr) return at(join(p, "type"), errc::missing_field);
      if (!is_identifier(n->text)) return at(join(p, "name"), errc::invalid_type_definition, "not an identifier");
      if (!seen.insert(n->text).second) {
        return at(join(p, "name"), errc::invalid_type_definition, "member name repeated");
      }
      members.push_back({n->text, t->text});
    }
    out.emplace(name, std::move(members));
  }
  // Every member type must resolve.
  for (const auto& [name, members] : out) {
    for (std::size_t i = 0; i < members.size(); ++i) {
      const std::string p = join(index(join("types", name), i), "type");
      type_ref r;
      if (!split_type(members[i].type, r)) return at(p, errc::invalid_type_definition, "malformed array suffix");
      if (atomic_of(r.base).kind == atomic_kind::none && out.count(r.base) == 0) {
        return at(p, errc::unknown_type, "no type \"" + r.base + "\" in types");
      }
    }
  }
  std::map<std::string, int> state;
  for (const auto& [name, members] : out) {
    if (detail::has_unbounded_cycle(out, name, state)) {
      return at(join("types", name), errc::recursive_type, "contains itself other than through a dynamic array");
    }
  }
  return out;
}

/// encodeType: "Name(type1 name1,...)" followed by every struct it references (directly or
/// not), sorted by name. Precondition: `name` is in `types` (parse_types output).
inline std::string encode_type(const type_map& types, const std::string& name) {
  std::set<std::string> deps;
  std::vector<std::string> todo{name};
  while (!todo.empty()) {
    const std::string t = todo.back();
    todo.pop_back();
    for (const auto& m : types.at(t)) {
      type_ref r;
      split_type(m.type, r);
      if (types.count(r.base) != 0 && r.base != name && deps.insert(r.base).second) todo.push_back(r.base);
    }
  }
  auto one = [&](const std::string& t) {
    std::string s = t + "(";
    const auto& ms = types.at(t);
    for (std::size_t i = 0; i < ms.size(); ++i) s += (i != 0 ? "," : "") + ms[i].type + " " + ms[i].name;
    return s + ")";
  };
  std::string s = one(name);
  for (const auto& d : deps) s += one(d);
  return s;
}

template <engine_with_public_utilities E>
u256be type_hash(const type_map& types, const std::string& name) {
  const std::string s = encode_type(types, name);
  return E::hash(digest_algorithm::keccak256, std::as_bytes(std::span(s.data(), s.size())));
}

// ---- values -----------------------------------------------------------------------------

template <engine_with_public_utilities E>
field_result<std::vector<std::byte>> encode_data(const type_map& types, const std::string& name,
                                                 const json::value& v, const std::string& path);

namespace detail {

inline void append32(std::vector<std::byte>& out, const u256be& w) { out.insert(out.end(), w.begin(), w.end()); }

/// The 32-byte encoding of one value of type `r` (with `dims_left` outer dimensions).
template <engine_with_public_utilities E>
field_result<u256be> encode_value(const type_map& types, const type_ref& r, std::size_t dims_left,
                                  const json::value& v, const std::string& path) {
  using json::kind;
  if (dims_left > 0) {
    const std::size_t want = r.dims[dims_left - 1];
    if (!v.is(kind::array)) return at(path, errc::wrong_field_type, "want an array, got " + std::string(json::kind_name(v.type)));
    if (want != 0 && v.items.size() != want) {
      return at(path, errc::invalid_length,
                "want " + std::to_string(want) + " items, got " + std::to_string(v.items.size()));
    }
    std::vector<std::byte> cat;
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      auto w = encode_value<E>(types, r, dims_left - 1, v.items[i], index(path, i));
      if (!w) return w.err();
      append32(cat, *w);
    }
    return E::hash(digest_algorithm::keccak256, cat);
  }
  if (types.count(r.base) != 0) {
    auto enc = encode_data<E>(types, r.base, v, path);
    if (!enc) return enc.err();
    return E::hash(digest_algorithm::keccak256, *enc);
  }
  const atomic_type a = atomic_of(r.base);
  u256be w{};
  switch (a.kind) {
    case atomic_kind::boolean:
      if (!v.is(kind::boolean)) return at(path, errc::wrong_field_type, "want true or false");
      w[31] = std::byte{static_cast<unsigned char>(v.boolean ? 1 : 0)};
      return w;
    case atomic_kind::address: {
      if (!v.is(kind::string)) return at(path, errc::wrong_field_type, "want an address string");
      auto addr = parse_address<E>(v.text);
      if (!addr) return at(path, addr.code(), "want 20 bytes as 40 hex digits");
      for (std::size_t i = 0; i < 20; ++i) w[12 + i] = (*addr)[i];
      return w;
    }
    case atomic_kind::string:
      if (!v.is(kind::string)) return at(path, errc::wrong_field_type, "want a string");
      return E::hash(digest_algorithm::keccak256, std::as_bytes(std::span(v.text.data(), v.text.size())));
    case atomic_kind::bytes: {
      auto b = json::read_hex_bytes(v, path);
      if (!b) return b.err();
      return E::hash(digest_algorithm::keccak256, *b);
    }
    case atomic_kind::fixed_bytes: {
      auto b = json::read_hex_bytes(v, path, a.size);
      if (!b) return b.err();
      for (std::size_t i = 0; i < a.size; ++i) w[i] = (*b)[i];
      return w;
    }
    case atomic_kind::uint: {
      auto u = json::read_uint(v, path, a.size);
      if (!u) return u.err();
      return u->to_be32();
    }
    case atomic_kind::sint: {
      auto i = json::read_integer(v, path, true);
      if (!i) return i.err();
      const uint256 max_pos = uint256::max_of_bits(a.size - 1);  // 2^(N-1) - 1
      uint256 max_neg = max_pos;
      (void)max_neg.mul_add(1, 1);  // 2^(N-1), fits: N ≤ 256
      if (i->negative ? i->magnitude > max_neg : i->magnitude > max_pos) {
        return at(path, errc::integer_out_of_range,
                  "want -2^" + std::to_string(a.size - 1) + " to 2^" + std::to_string(a.size - 1) + "-1");
      }
      return (i->negative ? i->magnitude.negated() : i->magnitude).to_be32();
    }
    case atomic_kind::none: break;
  }
  return at(path, errc::unknown_type, r.base);  // unreachable after parse_types
}

}  // namespace detail

/// encodeData(name, v) = typeHash(name) ‖ enc(member 1) ‖ ... (each 32 bytes).
/// Errors (field = `path` + member path): wrong_field_type, missing_field, unknown_field,
/// integer_out_of_range, invalid_integer, invalid_hex, invalid_length, invalid_address_checksum.
template <engine_with_public_utilities E>
field_result<std::vector<std::byte>> encode_data(const type_map& types, const std::string& name,
                                                 const json::value& v, const std::string& path) {
  if (!v.is(json::kind::object)) {
    return at(path, errc::wrong_field_type, "want an object of type " + name + ", got " + std::string(json::kind_name(v.type)));
  }
  const auto& members = types.at(name);
  for (const auto& [k, unused] : v.members) {
    bool known = false;
    for (const auto& m : members) known = known || m.name == k;
    if (!known) return at(join(path, k), errc::unknown_field, "not a member of " + name);
  }
  std::vector<std::byte> out;
  detail::append32(out, type_hash<E>(types, name));
  for (const auto& m : members) {
    const std::string p = join(path, m.name);
    const json::value* mv = v.find(m.name);
    if (mv == nullptr) return at(p, errc::missing_field, "member of " + name);
    type_ref r;
    split_type(m.type, r);
    auto w = detail::encode_value<E>(types, r, r.dims.size(), *mv, p);
    if (!w) return w.err();
    detail::append32(out, *w);
  }
  return out;
}

/// hashStruct = keccak256(encodeData).
template <engine_with_public_utilities E>
field_result<u256be> hash_struct(const type_map& types, const std::string& name, const json::value& v,
                                 const std::string& path) {
  auto enc = encode_data<E>(types, name, v, path);
  if (!enc) return enc.err();
  return E::hash(digest_algorithm::keccak256, *enc);
}

// ---- the whole message ------------------------------------------------------------------

struct typed_data_hashes {
  u256be domain_separator{};
  std::optional<u256be> struct_hash;  ///< none when primaryType is EIP712Domain
  u256be digest{};                    ///< keccak256(preimage)
  std::vector<std::byte> preimage;    ///< 0x19 0x01 ‖ domainSeparator [‖ structHash]: what gets signed
};

/// The preimage 0x1901 ‖ domain_separator [‖ struct_hash].
inline std::vector<std::byte> signing_preimage(const u256be& domain_separator, const std::optional<u256be>& struct_hash) {
  std::vector<std::byte> p{std::byte{0x19}, std::byte{0x01}};
  detail::append32(p, domain_separator);
  if (struct_hash) detail::append32(p, *struct_hash);
  return p;
}

/// Hashes a typed-data document (see the file comment for what is rejected).
/// Errors: field_error naming the field (codes listed at parse_types and encode_data, plus
/// missing_field / unknown_field / wrong_field_type at the top level).
template <engine_with_public_utilities E>
field_result<typed_data_hashes> hash_typed_data(const json::value& doc) {
  if (!doc.is(json::kind::object)) return at("", errc::wrong_field_type, "want {types, primaryType, domain, message}");
  for (const auto& [k, unused] : doc.members) {
    if (k != "types" && k != "primaryType" && k != "domain" && k != "message") {
      return at(k, errc::unknown_field, "typed data has only types, primaryType, domain, message");
    }
  }
  for (const char* k : {"types", "primaryType", "domain", "message"}) {
    if (doc.find(k) == nullptr) return at(k, errc::missing_field);
  }
  auto types = parse_types(*doc.find("types"));
  if (!types) return types.err();
  if (types->count(std::string(domain_type_name)) == 0) {
    return at("types.EIP712Domain", errc::missing_field, "the domain type must be given, it is never inferred");
  }
  const json::value& primary = *doc.find("primaryType");
  if (!primary.is(json::kind::string)) return at("primaryType", errc::wrong_field_type, "want a string");
  if (types->count(primary.text) == 0) return at("primaryType", errc::unknown_type, "not defined in types");

  typed_data_hashes h;
  auto ds = hash_struct<E>(*types, std::string(domain_type_name), *doc.find("domain"), "domain");
  if (!ds) return ds.err();
  h.domain_separator = *ds;
  const json::value& message = *doc.find("message");
  if (primary.text == domain_type_name) {
    if (!message.is(json::kind::object) || !message.members.empty()) {
      return at("message", errc::unknown_field, "must be {} when primaryType is EIP712Domain (it would not be signed)");
    }
  } else {
    auto sh = hash_struct<E>(*types, primary.text, message, "message");
    if (!sh) return sh.err();
    h.struct_hash = *sh;
  }
  h.preimage = signing_preimage(h.domain_separator, h.struct_hash);
  h.digest = E::hash(digest_algorithm::keccak256, h.preimage);
  return h;
}

/// Parses JSON text (ethereum::json, strict) and hashes it.
template <engine_with_public_utilities E>
field_result<typed_data_hashes> hash_typed_data(std::string_view json_text) {
  auto doc = json::parse(json_text);
  if (!doc) return doc.err();
  return hash_typed_data<E>(*doc);
}

struct signed_typed_data {
  typed_data_hashes hashes;
  recoverable_signature signature;  ///< low-S, x_reduced clear
  rsv_signature rsv{};              ///< r ‖ s ‖ v, v ∈ {27, 28} (what eth_signTypedData_v4 returns)
};

/// eth_signTypedData_v4: hashes the document and signs its preimage with
/// ethereum::sign_preimage (key.sign(keccak256, 0x1901 ‖ ...)).
/// Errors: those of hash_typed_data; the key's signing errors (field "signature").
template <engine_with_public_utilities E, signing_key K>
field_result<signed_typed_data> sign_typed_data(const K& key, const json::value& doc) {
  auto h = hash_typed_data<E>(doc);
  if (!h) return h.err();
  auto rs = sign_preimage(key, h->preimage);
  if (!rs) return at("signature", rs.code());
  signed_typed_data out{std::move(*h), *rs, to_rsv(*rs)};
  return out;
}

/// The same from JSON text (ethereum::json, strict). Errors: also invalid_json.
template <engine_with_public_utilities E, signing_key K>
field_result<signed_typed_data> sign_typed_data(const K& key, std::string_view json_text) {
  auto doc = json::parse(json_text);
  if (!doc) return doc.err();
  return sign_typed_data<E>(key, *doc);
}

/// The parts of an EIP-712 signing preimage: 0x19 0x01 ‖ 32 bytes [‖ 32 bytes].
struct preimage_parts {
  u256be domain_separator{};
  std::optional<u256be> struct_hash;
};

/// Classifies a preimage as EIP-712 (for a policy layer). Returns nullopt unless it is
/// exactly 0x19 0x01 followed by 32 or 64 bytes.
inline std::optional<preimage_parts> parse_preimage(std::span<const std::byte> p) noexcept {
  if ((p.size() != 34 && p.size() != 66) || p[0] != std::byte{0x19} || p[1] != std::byte{0x01}) return std::nullopt;
  preimage_parts out;
  for (std::size_t i = 0; i < 32; ++i) out.domain_separator[i] = p[2 + i];
  if (p.size() == 66) {
    u256be s{};
    for (std::size_t i = 0; i < 32; ++i) s[i] = p[34 + i];
    out.struct_hash = s;
  }
  return out;
}

}  // namespace isolated_crypto::ethereum::eip712
