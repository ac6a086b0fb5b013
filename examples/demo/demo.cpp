// Demo tenant (world `demo`): signs the request text with EIP-191 personal_sign using an
// operator key it never holds, and publishes the signature to an Etherscan-compatible
// "verified signatures" registry over wasi:http.
//
//   run-task({timestamp, request}) -> result<list<u8>, string>
//     request: the message (UTF-8)
//     ok:      bytes of "<base>/verifySig/N", the registry's page for the signature
//
// Key: mnemonic-provider.get-mnemonic → to-seed("") → to-master-key(none) →
// m/44'/60'/0'/0/0 → into-secp256k1-ecdsa-key, all handles of the engine component.
// The signing helpers are the SDK's own (isolated_crypto::ethereum over signing_key);
// `public_engine` supplies only public maths (Keccak-256, point decompression).
// Registry: $ETHERSCAN_BASE_URL (non-secret tenant setting) or https://etherscan.io.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <isolated_crypto/concepts.hpp>
#include <isolated_crypto/engine/libsecp256k1.hpp>
#include <isolated_crypto/ethereum.hpp>
#include <isolated_crypto/hex.hpp>
#include <isolated_crypto/wit/bindings/isolated_crypto_imports.hpp>
#include <isolated_crypto/wit/bindings/lay3r_avs.hpp>
#include <isolated_crypto/wit/bindings/wasi_http.hpp>
#include <isolated_crypto/wit/imported_key.hpp>
#include <isolated_crypto/wit/wit.hpp>

#include "demo_text.hpp"

namespace wit = isolated_crypto::wit;
namespace ic = isolated_crypto::wit::ic;
namespace http = isolated_crypto::wit::wasi::http;
namespace io = isolated_crypto::wit::wasi::io;
namespace sdk = isolated_crypto;

using wit::avs::output;
using wit::avs::task_queue_input;

namespace {

/// Public maths only (Keccak-256, decompression); never holds a secret.
using public_engine = sdk::engines::libsecp256k1;

constexpr std::string_view default_base_url = "https://etherscan.io";
constexpr std::string_view submit_path = "/verifiedSignatures.aspx/VerifyMessageSignature";
constexpr std::size_t excerpt_bytes = 200;

// ---- the key ---------------------------------------------------------------------------------

/// m/44'/60'/0'/0/0 of the provider's mnemonic (empty passphrase), as a key handle.
wit::result<wit::imported_ecdsa_key, std::string> operator_key() {
  auto mnemonic = ic::get_mnemonic();
  if (!mnemonic) return wit::err("mnemonic provider: " + std::string(mnemonic.error().view()));
  auto seed = ic::bip39::mnemonic_to_seed(mnemonic.value().borrow(), "");
  mnemonic = wit::err(wit::string());  // drop the mnemonic handle
  const auto master = ic::bip32::seed_to_master_key(seed.borrow(), std::nullopt);
  seed = {};
  constexpr std::uint32_t h = 0x80000000U;
  constexpr std::uint32_t path[] = {44 | h, 60 | h, 0 | h, 0U, 0U};
  return wit::ok(wit::derive_imported_key(master.borrow(), path));
}

// ---- wasi:http ------------------------------------------------------------------------------

/// Names of wasi:http error-code cases (see bindings/wasi_http.hpp).
constexpr std::string_view error_code_names[] = {
    "DNS-timeout", "DNS-error", "destination-not-found", "destination-unavailable", "destination-IP-prohibited",
    "destination-IP-unroutable", "connection-refused", "connection-terminated", "connection-timeout",
    "connection-read-timeout", "connection-write-timeout", "connection-limit-reached", "TLS-protocol-error",
    "TLS-certificate-error", "TLS-alert-received", "HTTP-request-denied", "HTTP-request-length-required",
    "HTTP-request-body-size", "HTTP-request-method-invalid", "HTTP-request-URI-invalid", "HTTP-request-URI-too-long",
    "HTTP-request-header-section-size", "HTTP-request-header-size", "HTTP-request-trailer-section-size",
    "HTTP-request-trailer-size", "HTTP-response-incomplete", "HTTP-response-header-section-size",
    "HTTP-response-header-size", "HTTP-response-body-size", "HTTP-response-trailer-section-size",
    "HTTP-response-trailer-size", "HTTP-response-transfer-coding", "HTTP-response-content-coding",
    "HTTP-response-timeout", "HTTP-upgrade-failed", "HTTP-protocol-error", "loop-detected", "configuration-error",
    "internal-error"};

std::string describe(const http::error_code& e) {
  const std::size_t i = e.index();
  std::string s(i < std::size(error_code_names) ? error_code_names[i] : "unknown-error");
  if (const auto* dns = std::get_if<1>(&e); dns != nullptr && dns->rcode) s += " (" + std::string(dns->rcode->view()) + ")";
  if (const auto* other = std::get_if<38>(&e); other != nullptr && *other) s += " (" + std::string((*other)->view()) + ")";
  return s;
}

struct http_response {
  std::uint16_t status = 0;
  std::string body;
};

/// POST `body` as application/json. Errors are wasi:http error-code names (or a short
/// description of what failed).
wit::result<http_response, std::string> post_json(const demo::base_url& base, std::string_view path, std::string_view body) {
  auto headers = http::fields_new();
  constexpr std::string_view json_type = "application/json";
  if (!http::fields_append(headers.borrow(), "content-type",
                           std::span(reinterpret_cast<const std::uint8_t*>(json_type.data()), json_type.size())))
    return wit::err(std::string("cannot set content-type"));
  const std::string length = std::to_string(body.size());
  if (!http::fields_append(headers.borrow(), "content-length",
                           std::span(reinterpret_cast<const std::uint8_t*>(length.data()), length.size())))
    return wit::err(std::string("cannot set content-length"));
  auto req = http::outgoing_request_new(std::move(headers));
  const bool set = http::outgoing_request_set_method(req.borrow(), http::method(std::in_place_index<http::method_post>)) &&
                   http::outgoing_request_set_scheme(req.borrow(), base.https ? http::scheme(std::in_place_index<http::scheme_https>)
                                                                              : http::scheme(std::in_place_index<http::scheme_http>)) &&
                   http::outgoing_request_set_authority(req.borrow(), std::string_view(base.authority)) &&
                   http::outgoing_request_set_path_with_query(req.borrow(), path);
  if (!set) return wit::err(std::string("HTTP-request-URI-invalid"));

  auto out_body = http::outgoing_request_body(req.borrow());
  if (!out_body) return wit::err(std::string("internal-error (no request body)"));
  // Send the request first, then stream the body: a host may buffer only part of a body
  // until the request is under way (Node's preview2-shim blocks writes past 16 KiB).
  auto fut = http::handle(std::move(req), std::nullopt);
  if (!fut) return wit::err(describe(fut.error()));
  {
    auto stream = http::outgoing_body_write(out_body.value().borrow());
    if (!stream) return wit::err(std::string("internal-error (no request body stream)"));
    // blocking-write-and-flush takes at most 4096 bytes per call.
    const auto* p = reinterpret_cast<const std::uint8_t*>(body.data());
    for (std::size_t off = 0; off < body.size();) {
      const std::size_t n = std::min<std::size_t>(4096, body.size() - off);
      if (!io::output_stream_blocking_write_and_flush(stream.value().borrow(), std::span(p + off, n))) break;  // see the response
      off += n;
    }
  }  // the stream (a child of the body) is dropped before finish
  (void)http::outgoing_body_finish(std::move(out_body.value()), std::nullopt);  // errors show in the response

  http::maybe_response got;
  {
    auto ready = http::future_incoming_response_subscribe(fut.value().borrow());
    io::pollable_block(ready.borrow());
    got = http::future_incoming_response_get(fut.value().borrow());
  }
  if (!got || !got->has_value()) return wit::err(std::string("internal-error (response not ready)"));
  auto& r = got->value();
  if (!r) return wit::err(describe(r.error()));
  auto& resp = r.value();

  http_response out;
  out.status = http::incoming_response_status(resp.borrow());
  auto in_body = http::incoming_response_consume(resp.borrow());
  if (!in_body) return wit::err(std::string("internal-error (no response body)"));
  {
    auto stream = http::incoming_body_stream(in_body.value().borrow());
    if (!stream) return wit::err(std::string("internal-error (no response body stream)"));
    constexpr std::size_t max_body = 1U << 20;
    for (;;) {
      auto bytes = io::input_stream_blocking_read(stream.value().borrow(), 65536);
      if (!bytes) {
        if (bytes.error().index() == 1) break;  // closed: end of body
        return wit::err(std::string("HTTP-response-incomplete"));
      }
      out.body.append(reinterpret_cast<const char*>(bytes.value().data()), bytes.value().size());
      if (out.body.size() > max_body) return wit::err(std::string("HTTP-response-body-size"));
    }
  }
  return wit::ok(std::move(out));
}

/// At most the first 200 bytes of a response body for an error message: on one line, cut
/// at a character boundary, and valid UTF-8 (a WIT string must be).
std::string excerpt(std::string_view body) {
  if (body.empty()) return "(empty body)";
  std::size_t n = std::min(body.size(), excerpt_bytes);
  if (n < body.size())
    while (n > 0 && (static_cast<unsigned char>(body[n]) & 0xC0) == 0x80) --n;  // not inside a character
  std::string s(body.substr(0, n));
  if (!demo::is_valid_utf8(s))
    for (char& c : s)
      if (static_cast<unsigned char>(c) >= 0x80) c = '?';
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  return s;
}

// ---- the task -------------------------------------------------------------------------------

wit::result<std::string, std::string> run(std::string_view message) {
  if (!demo::is_valid_utf8(message)) return wit::err(std::string("the request is not valid UTF-8"));

  const char* env = std::getenv("ETHERSCAN_BASE_URL");
  const std::string_view base_text = env != nullptr && *env != '\0' ? std::string_view(env) : default_base_url;
  const auto base = demo::parse_base_url(base_text);
  if (!base) return wit::err("ETHERSCAN_BASE_URL \"" + std::string(base_text) + "\" is not an http(s) URL");

  auto key = operator_key();
  if (!key) return wit::err(std::move(key.error()));
  const auto msg = std::as_bytes(std::span(message.data(), message.size()));
  auto address = sdk::ethereum::address_of_key<public_engine>(key.value());
  if (!address) return wit::err("cannot compute the signer address: " + sdk::describe(address.err()));
  auto sig = sdk::ethereum::personal_sign<public_engine>(key.value(), msg);
  if (!sig) return wit::err("signing failed: " + sdk::describe(sig.err()));

  std::string body = R"({"address":)";
  demo::append_json_string(body, sdk::ethereum::to_checksum_address<public_engine>(*address));
  body += R"(,"messageSignature":)";
  demo::append_json_string(body, "0x" + sdk::hex::encode(*sig));
  body += R"(,"messageRaw":)";
  demo::append_json_string(body, message);
  body += R"(,"saveOption":"1"})";

  auto resp = post_json(*base, base->prefix + std::string(submit_path), body);
  if (!resp) return wit::err("cannot reach " + base->host + ": " + resp.error() + "; no network? try ./demo.sh --local");
  const auto& rv = resp.value();
  if (rv.status != 200) return wit::err("registry answered HTTP " + std::to_string(rv.status) + ": " + excerpt(rv.body));
  const auto location = demo::find_json_string_member(rv.body, "verifiedMessageLocation");
  if (!location || location->empty())
    return wit::err("the registry did not accept the signature (no verifiedMessageLocation): " + excerpt(rv.body));
  if (location->starts_with("http://") || location->starts_with("https://")) return wit::ok(*location);
  return wit::ok(demo::to_string(*base) + (location->front() == '/' ? "" : "/") + *location);
}

}  // namespace

output run_task(task_queue_input input) {
  const std::string_view message(reinterpret_cast<const char*>(input.request.data()), input.request.size());
  auto r = run(message);
  if (!r) return wit::err(wit::string::copy_of(r.error()));
  const auto& url = r.value();
  return wit::ok(wit::list<std::uint8_t>::copy_of(std::span(reinterpret_cast<const std::uint8_t*>(url.data()), url.size())));
}
ISOLATED_CRYPTO_WIT_EXPORT("run-task", &run_task)
