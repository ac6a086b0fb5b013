// Text helpers of the demo tenant: UTF-8 validation, JSON string escaping, the minimal
// JSON reading the registry's answer needs, and splitting a base URL. Plain C++20 with no
// dependency, so adapters/wit/tests/demo/text_unit.cpp tests it natively.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace demo {

/// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
inline bool is_valid_utf8(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // bounds of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // > U+10FFFF
    } else {
      return false;
    }
    if (n - i < len) return false;
    if (p[i + 1] < lo || p[i + 1] > hi) return false;
    for (std::size_t k = 2; k < len; ++k)
      if ((p[i + k] & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

/// Appends `s` (valid UTF-8) as a JSON string literal, quotes included: `"` and `\` escaped,
/// control characters (< 0x20) as \n \r \t \b \f or \u00XX, DEL and non-ASCII copied as is.
inline void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(hex[c >> 4]);
          out.push_back(hex[c & 0xF]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

inline std::string json_string(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  append_json_string(out, s);
  return out;
}

namespace detail {
inline void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}
inline std::optional<std::uint32_t> hex4(std::string_view s, std::size_t at) {
  if (s.size() < at + 4) return std::nullopt;
  std::uint32_t v = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    const char c = s[at + k];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
    else return std::nullopt;
  }
  return v;
}
inline bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
}  // namespace detail

/// Reads the JSON string literal starting at s[i] == '"'; on success sets `end` past the
/// closing quote. Handles every JSON escape (\uXXXX including surrogate pairs).
inline std::optional<std::string> read_json_string(std::string_view s, std::size_t i, std::size_t& end) {
  if (i >= s.size() || s[i] != '"') return std::nullopt;
  std::string out;
  for (++i; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"') {
      end = i + 1;
      return out;
    }
    if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (++i >= s.size()) return std::nullopt;
    switch (s[i]) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        auto u = detail::hex4(s, i + 1);
        if (!u) return std::nullopt;
        i += 4;
        std::uint32_t cp = *u;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (s.size() < i + 7 || s[i + 1] != '\\' || s[i + 2] != 'u') return std::nullopt;
          auto lo = detail::hex4(s, i + 3);
          if (!lo || *lo < 0xDC00 || *lo > 0xDFFF) return std::nullopt;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (*lo - 0xDC00);
          i += 6;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return std::nullopt;
        }
        detail::append_utf8(out, cp);
        break;
      }
      default: return std::nullopt;
    }
  }
  return std::nullopt;
}

/// The string value of the first member named `key` ("key" <ws> : <ws> "value") anywhere in
/// `json`; nullopt if absent or not a string. Minimal: no full parse, but string-aware
/// (a key inside another string value does not match because values are skipped whole).
inline std::optional<std::string> find_json_string_member(std::string_view json, std::string_view key) {
  std::size_t i = 0;
  while (i < json.size()) {
    if (json[i] != '"') {
      ++i;
      continue;
    }
    std::size_t end = 0;
    auto s = read_json_string(json, i, end);
    if (!s) return std::nullopt;
    std::size_t j = end;
    while (j < json.size() && detail::is_ws(json[j])) ++j;
    const bool is_key = j < json.size() && json[j] == ':';
    if (is_key && *s == key) {
      ++j;
      while (j < json.size() && detail::is_ws(json[j])) ++j;
      std::size_t vend = 0;
      return read_json_string(json, j, vend);
    }
    i = end;
  }
  return std::nullopt;
}

/// http(s)://authority[/prefix] split into its parts; the prefix has no trailing '/'.
struct base_url {
  bool https = true;
  std::string authority;  ///< host[:port]
  std::string host;       ///< authority without the port
  std::string prefix;     ///< "" or "/path"
};

inline std::optional<base_url> parse_base_url(std::string_view s) {
  base_url u;
  if (s.starts_with("https://")) {
    s.remove_prefix(8);
  } else if (s.starts_with("http://")) {
    u.https = false;
    s.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  const auto slash = s.find_first_of("/?#");
  u.authority = std::string(s.substr(0, slash));
  if (u.authority.empty() || u.authority.find('@') != std::string::npos) return std::nullopt;
  std::string_view rest = slash == std::string_view::npos ? std::string_view{} : s.substr(slash);
  if (!rest.empty() && rest[0] != '/') return std::nullopt;  // no query or fragment in a base
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  u.prefix = std::string(rest);
  if (u.authority.front() == '[') {
    const auto close = u.authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    u.host = u.authority.substr(0, close + 1);
  } else {
    u.host = u.authority.substr(0, u.authority.find(':'));
  }
  return u;
}

/// "http(s)://authority" + prefix: the base without a trailing '/'.
inline std::string to_string(const base_url& u) {
  return (u.https ? "https://" : "http://") + u.authority + u.prefix;
}

}  // namespace demo
