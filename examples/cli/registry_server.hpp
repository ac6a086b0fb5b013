// A local, Etherscan-compatible verified-signatures registry (for offline use and tests).
//
//   POST /verifiedSignatures.aspx/VerifyMessageSignature   verify (really: recovers the
//        EIP-191 personal_sign signer of messageRaw) and, with saveOption "1", store;
//        200 {"d":{…,"verifiedMessageLocation":"/verifySig/N"}} or, when the signature
//        does not verify, 200 with verifiedMessageLocation null (as Etherscan does);
//        400 for a body that is not JSON or lacks a string field.
//   GET  /verifySig/N              HTML page (address, message, signature, "Verified: yes")
//                                  with the entry as <script type="application/json" id="entry">
//   GET  /verifySig/N?format=json  the entry as JSON;  unknown N: 404
//   GET  /                         a short index
// Entries live in memory; with a store file they are also appended as JSON lines and
// loaded again at start.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <isolated_crypto/engine/libsecp256k1.hpp>
#include <isolated_crypto/isolated_crypto.hpp>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "json_payload.hpp"

namespace ic_cli {

/// Checks an EIP-191 personal_sign submission.
/// Returns: nullopt if `m.signature` (0x + 65 bytes r||s||v) recovers to `m.address`
/// (all-lower/all-upper, or mixed case with a valid EIP-55 checksum); else the reason.
/// Out: `canonical` = the EIP-55 form of the address on success.
inline std::optional<std::string> verify_submission(const signed_message& m, std::string& canonical) {
  namespace eth = isolated_crypto::ethereum;
  using E = isolated_crypto::engines::libsecp256k1;
  auto claimed = eth::parse_address<E>(m.address);
  if (!claimed) return "address: " + isolated_crypto::describe(claimed.err());
  auto sig = isolated_crypto::hex::decode(m.signature);
  if (!sig) return "messageSignature: " + isolated_crypto::describe(sig.err());
  const auto msg = std::as_bytes(std::span(m.message.data(), m.message.size()));
  auto signer = eth::recover_personal_signer<E>(msg, *sig);
  if (!signer) return "messageSignature: " + isolated_crypto::describe(signer.err());
  if (*signer != *claimed)
    return "the signature was made by " + eth::to_checksum_address<E>(*signer) + ", not by the given address";
  canonical = eth::to_checksum_address<E>(*claimed);
  return std::nullopt;
}

/// HTML text escaping for &, <, >, " and '.
inline std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

/// JSON that may sit inside <script>: '<', '>' and '&' (only possible inside strings) as \u escapes.
inline std::string script_safe_json(const nlohmann::ordered_json& j) {
  std::string out;
  for (char c : j.dump()) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

/// The registry's state and HTTP routes. Thread-safe (httplib serves from a pool).
class registry {
 public:
  /// Errors: `error` set when the store file cannot be read or holds a bad line.
  explicit registry(std::string store_path = {}) : store_path_(std::move(store_path)) {
    if (store_path_.empty()) return;
    std::ifstream in(store_path_);
    std::string line;
    for (std::size_t n = 1; in && std::getline(in, line); ++n) {
      if (line.empty()) continue;
      const json j = json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("address") || !j.contains("message") ||
          !j.contains("signature")) {
        error = store_path_ + ": line " + std::to_string(n) + " is not a registry entry";
        return;
      }
      entries_.push_back(
          {j["address"].get<std::string>(), j["signature"].get<std::string>(), j["message"].get<std::string>()});
    }
  }

  std::string error;  ///< non-empty if the store could not be loaded

  [[nodiscard]] std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }

  /// Installs the routes on `server`.
  void install(httplib::Server& server) {
    server.set_payload_max_length(16U << 20U);
    server.Post(std::string(verify_endpoint),
                [this](const httplib::Request& req, httplib::Response& res) { handle_verify(req, res); });
    server.Get(R"(/verifySig/(\d{1,18}))",
               [this](const httplib::Request& req, httplib::Response& res) { handle_entry(req, res); });
    server.Get("/", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "<!doctype html><meta charset=\"utf-8\"><title>isolated-crypto local registry</title>"
          "<h1>isolated-crypto local registry</h1><p>" +
              std::to_string(size()) + " verified signature(s). POST " + std::string(verify_endpoint) + "</p>\n",
          "text/html; charset=utf-8");
    });
  }

 private:
  void handle_verify(const httplib::Request& req, httplib::Response& res) {
    const parsed_request p = parse_request(req.body);
    if (!p.value) {
      res.status = 400;
      res.set_content(json{{"Message", p.error}}.dump(), "application/json");
      return;
    }
    signed_message m = *p.value;
    std::string canonical;
    if (auto why = verify_submission(m, canonical)) {
      res.set_content(failure_response(*why), "application/json; charset=utf-8");
      return;
    }
    if (p.save_option != "1") {
      res.set_content(success_response(std::nullopt, false), "application/json; charset=utf-8");
      return;
    }
    m.address = canonical;
    m.signature = "0x" + isolated_crypto::hex::encode(*isolated_crypto::hex::decode(m.signature));
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      const signed_message& e = entries_[i];
      if (e.address == m.address && e.signature == m.signature && e.message == m.message) {
        res.set_content(success_response(location(i + 1), true), "application/json; charset=utf-8");
        return;
      }
    }
    entries_.push_back(m);
    const std::uint64_t id = entries_.size();
    if (!store_path_.empty()) {
      std::ofstream out(store_path_, std::ios::app);
      out << entry_json(id, m).dump() << '\n';
      out.flush();
      if (!out)
        std::fprintf(stderr, "registry: cannot append entry %llu to %s\n", static_cast<unsigned long long>(id),
                     store_path_.c_str());
    }
    res.set_content(success_response(location(id), false), "application/json; charset=utf-8");
  }

  void handle_entry(const httplib::Request& req, httplib::Response& res) {
    const std::uint64_t id = std::stoull(req.matches[1].str());
    std::optional<signed_message> e;
    {
      std::lock_guard lock(mutex_);
      if (id >= 1 && id <= entries_.size()) e = entries_[id - 1];
    }
    const bool want_json = req.get_param_value("format") == "json";
    if (!e) {
      res.status = 404;
      if (want_json) {
        res.set_content(json{{"error", "no such entry"}, {"id", id}}.dump(), "application/json");
      } else {
        res.set_content(
            "<!doctype html><title>not found</title><p>No verified signature #" + std::to_string(id) + "</p>\n",
            "text/html; charset=utf-8");
      }
      return;
    }
    const auto j = entry_json(id, *e);
    if (want_json) {
      res.set_content(j.dump(), "application/json; charset=utf-8");
      return;
    }
    res.set_content("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Verified signature #" +
                        std::to_string(id) + "</title></head>\n<body>\n<h1>Verified signature #" + std::to_string(id) +
                        "</h1>\n<dl>\n<dt>Address</dt><dd><code>" + html_escape(e->address) +
                        "</code></dd>\n<dt>Message</dt><dd><pre>" + html_escape(e->message) +
                        "</pre></dd>\n<dt>Signature</dt><dd><code>" + html_escape(e->signature) +
                        "</code></dd>\n<dt>Verified</dt><dd>Verified: yes (EIP-191 personal_sign)</dd>\n</dl>\n"
                        "<script type=\"application/json\" id=\"entry\">" +
                        script_safe_json(j) + "</script>\n</body></html>\n",
                    "text/html; charset=utf-8");
  }

  static std::string location(std::uint64_t id) { return "/verifySig/" + std::to_string(id); }

  mutable std::mutex mutex_;
  std::vector<signed_message> entries_;
  std::string store_path_;
};

/// A registry served from a background thread of this process.
class local_registry {
 public:
  explicit local_registry(std::string store_path = {}) : registry_(std::move(store_path)) {
    registry_.install(server_);
  }
  local_registry(const local_registry&) = delete;
  local_registry& operator=(const local_registry&) = delete;
  ~local_registry() { stop(); }

  /// Binds host:port (port 0 = a free one) and starts serving.
  /// Returns: the bound port, or an error text (store not loadable, bind failed).
  [[nodiscard]] std::optional<int> start(const std::string& host, int port, std::string& why) {
    if (!registry_.error.empty()) {
      why = registry_.error;
      return std::nullopt;
    }
    if (port == 0) {
      port_ = server_.bind_to_any_port(host);
    } else {
      port_ = server_.bind_to_port(host, port) ? port : -1;
    }
    if (port_ <= 0) {
      why = "cannot listen on " + host + ":" + std::to_string(port) + " (address in use or not local?)";
      return std::nullopt;
    }
    host_ = host;
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // The socket already listens; wait for the accept loop so that stop() cannot miss it.
    for (int i = 0; i < 5000 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return port_;
  }

  /// Logs one line per request ("POST /path -> 200") to stderr; bodies are not logged.
  void log_requests() {
    server_.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      std::fprintf(stderr, "registry: %s %s -> %d\n", req.method.c_str(), req.path.c_str(), res.status);
    });
  }

  [[nodiscard]] std::string base_url() const { return "http://" + host_ + ":" + std::to_string(port_); }
  [[nodiscard]] const registry& state() const { return registry_; }

  void stop() {
    if (!thread_.joinable()) return;
    server_.stop();
    thread_.join();
  }

 private:
  registry registry_;
  httplib::Server server_;
  std::thread thread_;
  std::string host_;
  int port_ = -1;
};

}  // namespace ic_cli
