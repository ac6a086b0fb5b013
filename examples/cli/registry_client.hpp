// Client side of the Etherscan verified-signatures registry: parses the base URL,
// POSTs a signed message and turns every outcome into something a user can act on.
#pragma once

#include <httplib.h>
#include <netdb.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "json_payload.hpp"

namespace ic_cli {

inline constexpr std::string_view etherscan_base = "https://etherscan.io";
inline constexpr std::chrono::seconds connect_timeout{5};
inline constexpr std::chrono::seconds io_timeout{30};

/// "scheme://host[:port][/prefix]" split up. Only http and https.
struct base_url {
  std::string scheme;
  std::string host;
  int port = 0;
  bool explicit_port = false;
  std::string prefix;  ///< path before the endpoint, no trailing '/' ("" for none)

  /// "scheme://host:port", what httplib::Client takes.
  [[nodiscard]] std::string origin() const { return scheme + "://" + host + ":" + std::to_string(port); }
  /// How the user wrote it (without a trailing '/'): the base of printed URLs.
  [[nodiscard]] std::string text() const {
    return scheme + "://" + host + (explicit_port ? ":" + std::to_string(port) : "") + prefix;
  }
  /// The host as named in messages: "etherscan.io", "127.0.0.1:1".
  [[nodiscard]] std::string where() const { return explicit_port ? host + ":" + std::to_string(port) : host; }
};

/// Parses a base URL. Returns: nullopt (with `why` set) for anything but
/// http(s)://host[:port][/path] without query or fragment.
inline std::optional<base_url> parse_base_url(std::string_view s, std::string& why) {
  base_url u;
  const auto sep = s.find("://");
  if (sep == std::string_view::npos) {
    why = "expected http://host[:port] or https://host[:port]";
    return std::nullopt;
  }
  u.scheme = std::string(s.substr(0, sep));
  for (auto& c : u.scheme) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (u.scheme != "http" && u.scheme != "https") {
    why = "unsupported scheme \"" + u.scheme + "\" (use http or https)";
    return std::nullopt;
  }
  s.remove_prefix(sep + 3);
  const auto slash = s.find('/');
  std::string_view authority = s.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view{} : s.substr(slash);
  if (authority.find('@') != std::string_view::npos || path.find_first_of("?#") != std::string_view::npos) {
    why = "no user info, query or fragment allowed in a base URL";
    return std::nullopt;
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  u.prefix = std::string(path);
  u.port = u.scheme == "https" ? 443 : 80;
  if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    const std::string_view digits = authority.substr(colon + 1);
    int port = 0;
    if (digits.empty() || digits.size() > 5) port = -1;
    for (char c : digits) port = (port < 0 || c < '0' || c > '9') ? -1 : port * 10 + (c - '0');
    if (port <= 0 || port > 65535) {
      why = "bad port \"" + std::string(digits) + "\"";
      return std::nullopt;
    }
    u.port = port;
    u.explicit_port = true;
    authority = authority.substr(0, colon);
  }
  if (authority.empty() || authority.find_first_of("[] ") != std::string_view::npos) {
    why = "missing or unsupported host";
    return std::nullopt;
  }
  u.host = std::string(authority);
  return u;
}

/// The verified-message URL, or the reason there is none.
struct submit_outcome {
  std::optional<std::string> url;  ///< <base>/verifySig/N
  std::string error;
};

namespace detail {

/// At most `n` bytes of `body` on one line (control characters shown as spaces).
inline std::string excerpt(std::string_view body, std::size_t n = 200) {
  std::string out;
  for (char c : body.substr(0, n)) out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
  if (body.size() > n) out += "…";
  return out.empty() ? "(empty body)" : out;
}

inline bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

/// Returns: true if `host` has an address (distinguishes "no DNS" from "refused").
inline bool resolves(const std::string& host) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &res);
  if (res != nullptr) ::freeaddrinfo(res);
  return rc == 0;
}

inline std::string transport_error(const base_url& base, httplib::Error e) {
  std::string why;
  std::string hint = is_loopback(base.host)
                         ? "is a registry listening there? (start one with `isolated-crypto registry`) or try --local"
                         : "no network? try --local (embedded registry) or --registry URL";
  switch (e) {
    case httplib::Error::Connection:
      why = resolves(base.host) ? "connection failed" : "host name does not resolve";
      break;
    case httplib::Error::ConnectionTimeout:
      why = "no connection within " + std::to_string(connect_timeout.count()) + " s";
      break;
    case httplib::Error::Read:
      why = "no answer (read failed or timed out)";
      break;
    case httplib::Error::Write:
      why = "sending the request failed";
      break;
    case httplib::Error::SSLConnection:
      why = "TLS handshake failed";
      break;
    case httplib::Error::SSLLoadingCerts:
      why = "could not load the system CA certificates";
      hint = "check the ca-certificates package, or try --local";
      break;
    case httplib::Error::SSLServerVerification:
      why = "its TLS certificate did not verify";
      hint = "check the URL and the system clock, or try --local";
      break;
    default:
      why = httplib::to_string(e);
      break;
  }
  return "cannot reach " + base.where() + " (" + why + "): " + hint;
}

}  // namespace detail

/// POSTs `m` to <base>/verifiedSignatures.aspx/VerifyMessageSignature (Content-Type
/// application/json, saveOption "1"). Timeouts: connect 5 s, read/write 30 s.
/// Returns: url = <base>/verifySig/N on HTTP 200 with a verifiedMessageLocation; otherwise
/// error = one line naming the cause (transport failure with the host, HTTP status and
/// body excerpt, or the registry's rejection). Precondition: is_valid_utf8(m.message).
inline submit_outcome submit_signature(const base_url& base, const signed_message& m) {
  httplib::Client client(base.origin());
  client.set_connection_timeout(connect_timeout);
  client.set_read_timeout(io_timeout);
  client.set_write_timeout(io_timeout);
  client.set_follow_location(false);
  const httplib::Headers headers = {{"Accept", "application/json"}, {"User-Agent", "isolated-crypto-cli/0.14"}};
  auto res = client.Post(base.prefix + std::string(verify_endpoint), headers, request_body(m), "application/json");
  if (!res) return {std::nullopt, detail::transport_error(base, res.error())};
  if (res->status != 200) {
    return {std::nullopt, "registry " + base.text() + " answered HTTP " + std::to_string(res->status) + ": " +
                              detail::excerpt(res->body)};
  }
  const parsed_response r = parse_response(res->body);
  if (!r.is_json) {
    return {std::nullopt,
            "registry " + base.text() + " answered HTTP 200 but not with JSON: " + detail::excerpt(res->body)};
  }
  if (!r.location) return {std::nullopt, "the registry rejected the signature: " + r.reason};
  const std::string& loc = *r.location;
  if (loc.rfind("http://", 0) == 0 || loc.rfind("https://", 0) == 0) return {loc, {}};
  return {base.text() + (loc.front() == '/' ? "" : "/") + loc, {}};
}

}  // namespace ic_cli
