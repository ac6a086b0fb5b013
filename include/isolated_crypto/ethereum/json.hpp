// A small strict JSON reader (RFC 8259) for the Ethereum front ends (EIP-712 typed data,
// transactions), with no third-party code and no exceptions. Stricter than most readers,
// because what it reads gets signed:
//  * duplicate object keys are an error (others silently keep one of them);
//  * numbers keep their text, so integers of any size are exact (no rounding through double);
//  * strings must be valid UTF-8 (no lone surrogates in \u escapes); no trailing content;
//  * nesting at most max_depth, input at most max_input bytes.
// Public data only; variable-time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "field_error.hpp"

namespace isolated_crypto::ethereum::json {

enum class kind : std::uint8_t { null, boolean, number, string, array, object };

inline constexpr std::string_view kind_name(kind k) noexcept {
  switch (k) {
    case kind::null: return "null";
    case kind::boolean: return "a boolean";
    case kind::number: return "a number";
    case kind::string: return "a string";
    case kind::array: return "an array";
    case kind::object: return "an object";
  }
  return "?";
}

struct member;

struct value {
  kind type = kind::null;
  bool boolean = false;
  std::string text;  ///< string contents (decoded), or the number literal as written
  std::vector<value> items;
  std::vector<member> members;  ///< object members in input order

  /// The member named `key`, or nullptr.
  [[nodiscard]] const value* find(std::string_view key) const noexcept;
  [[nodiscard]] bool is(kind k) const noexcept { return type == k; }
};

/// One object member (a struct, not std::pair: pair needs a complete `value`).
struct member {
  std::string key;
  value val;
};

inline const value* value::find(std::string_view key) const noexcept {
  for (const auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

inline constexpr std::size_t max_depth = 64;
inline constexpr std::size_t max_input = 16 * 1024 * 1024;

namespace detail {

class reader {
 public:
  explicit reader(std::string_view s) : s_(s) {}

  field_result<value> document() {
    value v;
    skip_ws();
    if (!parse_value(v, 0, "")) return fail_;
    skip_ws();
    if (pos_ != s_.size()) return failure("", "trailing characters after the JSON value");
    return v;
  }

 private:
  bool failure_set(const std::string& path, std::string what) {
    fail_ = field_error{errc::invalid_json, path, std::move(what) + " at byte " + std::to_string(pos_ + 1)};
    return false;
  }
  field_error failure(const std::string& path, std::string what) {
    failure_set(path, std::move(what));
    return fail_;
  }

  void skip_ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  bool eat(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  bool parse_value(value& v, std::size_t depth, const std::string& path) {
    if (pos_ >= s_.size()) return failure_set(path, "unexpected end of input");
    const char c = s_[pos_];
    if (c == '{' || c == '[') {
      if (depth >= max_depth) return failure_set(path, "nested too deep");
      return c == '{' ? parse_object(v, depth, path) : parse_array(v, depth, path);
    }
    if (c == '"') {
      v.type = kind::string;
      return parse_string(v.text, path);
    }
    if (literal("true")) {
      v.type = kind::boolean;
      v.boolean = true;
      return true;
    }
    if (literal("false")) {
      v.type = kind::boolean;
      return true;
    }
    if (literal("null")) {
      v.type = kind::null;
      return true;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return parse_number(v, path);
    return failure_set(path, "unexpected character");
  }

  bool parse_object(value& v, std::size_t depth, const std::string& path) {
    v.type = kind::object;
    ++pos_;
    skip_ws();
    if (eat('}')) return true;
    std::set<std::string> seen;  // duplicate check in O(log n): a large object must not cost O(n^2)
    for (;;) {
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != '"') return failure_set(path, "expected a member name");
      std::string key;
      if (!parse_string(key, path)) return false;
      const std::string child = path.empty() ? key : path + "." + key;
      if (!seen.insert(key).second) return failure_set(child, "duplicate key");
      skip_ws();
      if (!eat(':')) return failure_set(child, "expected ':'");
      skip_ws();
      value m;
      if (!parse_value(m, depth + 1, child)) return false;
      v.members.push_back(member{std::move(key), std::move(m)});
      skip_ws();
      if (eat('}')) return true;
      if (!eat(',')) return failure_set(path, "expected ',' or '}'");
    }
  }

  bool parse_array(value& v, std::size_t depth, const std::string& path) {
    v.type = kind::array;
    ++pos_;
    skip_ws();
    if (eat(']')) return true;
    for (;;) {
      skip_ws();
      value item;
      if (!parse_value(item, depth + 1, path + "[" + std::to_string(v.items.size()) + "]")) return false;
      v.items.push_back(std::move(item));
      skip_ws();
      if (eat(']')) return true;
      if (!eat(',')) return failure_set(path, "expected ',' or ']'");
    }
  }

  bool parse_number(value& v, const std::string& path) {
    const std::size_t start = pos_;
    eat('-');
    auto digits = [&] {
      const std::size_t d = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ - d;
    };
    const std::size_t int_start = pos_;
    if (digits() == 0) return failure_set(path, "bad number");
    if (s_[int_start] == '0' && pos_ - int_start > 1) return failure_set(path, "number with a leading zero");
    if (eat('.') && digits() == 0) return failure_set(path, "bad number");
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (!eat('+')) eat('-');
      if (digits() == 0) return failure_set(path, "bad number");
    }
    v.type = kind::number;
    v.text.assign(s_.substr(start, pos_ - start));
    return true;
  }

  bool hex4(std::uint32_t& out) {
    if (s_.size() - pos_ < 4) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = s_[pos_++];
      int d = -1;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
      if (d < 0) return false;
      out = out << 4 | static_cast<std::uint32_t>(d);
    }
    return true;
  }

  static void put_utf8(std::string& out, std::uint32_t cp) {
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

  /// One UTF-8 sequence starting at pos_ (strict: no overlongs, surrogates or > U+10FFFF).
  bool utf8_sequence(std::string& out) {
    const auto b0 = static_cast<unsigned char>(s_[pos_]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    std::uint32_t min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) { n = 1; cp = b0 & 0x1F; min = 0x80; }
    else if (b0 >= 0xE0 && b0 <= 0xEF) { n = 2; cp = b0 & 0x0F; min = 0x800; }
    else if (b0 >= 0xF0 && b0 <= 0xF4) { n = 3; cp = b0 & 0x07; min = 0x10000; }
    else return false;
    if (s_.size() - pos_ <= n) return false;
    for (std::size_t i = 1; i <= n; ++i) {
      const auto b = static_cast<unsigned char>(s_[pos_ + i]);
      if ((b & 0xC0) != 0x80) return false;
      cp = cp << 6 | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    out.append(s_.substr(pos_, n + 1));
    pos_ += n + 1;
    return true;
  }

  bool parse_string(std::string& out, const std::string& path) {
    ++pos_;  // opening quote
    for (;;) {
      if (pos_ >= s_.size()) return failure_set(path, "unterminated string");
      const auto c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return failure_set(path, "control character in a string");
      if (c >= 0x80) {
        if (!utf8_sequence(out)) return failure_set(path, "invalid UTF-8 in a string");
        continue;
      }
      ++pos_;
      if (c != '\\') {
        out.push_back(static_cast<char>(c));
        continue;
      }
      if (pos_ >= s_.size()) return failure_set(path, "unterminated string");
      const char e = s_[pos_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          std::uint32_t cp = 0;
          if (!hex4(cp)) return failure_set(path, "bad \\u escape");
          if (cp >= 0xDC00 && cp <= 0xDFFF) return failure_set(path, "lone low surrogate in a \\u escape");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t lo = 0;
            if (!literal("\\u") || !hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) {
              return failure_set(path, "lone high surrogate in a \\u escape");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          put_utf8(out, cp);
          break;
        }
        default: return failure_set(path, "bad escape");
      }
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  field_error fail_;
};

}  // namespace detail

/// Parses one JSON document. Errors: invalid_json (field = where, detail = what and the
/// byte offset), including duplicate keys and nesting deeper than max_depth.
inline field_result<value> parse(std::string_view text) {
  if (text.size() > max_input) return field_error{errc::invalid_json, "", "input larger than 16 MiB"};
  return detail::reader(text).document();
}

/// `s` as a JSON string literal (quotes, escapes for '"', '\\' and control characters).
inline std::string quote(std::string_view s) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20) {
      out += "\\u00";
      out.push_back(digits[c >> 4]);
      out.push_back(digits[c & 15]);
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace isolated_crypto::ethereum::json
