// Signature test only: a tenant of world `demo` that imports every function of
// the isolated-crypto interfaces it can see and the wasi:http subset a demo
// needs, and exports run-task. The calls sit behind a runtime condition; the
// module is never run.
#include <isolated_crypto/wit/bindings/isolated_crypto_imports.hpp>
#include <isolated_crypto/wit/bindings/wasi_http.hpp>
#include <isolated_crypto/wit/wit.hpp>

namespace wit = isolated_crypto::wit;
namespace ic = isolated_crypto::wit::ic;
namespace http = isolated_crypto::wit::wasi::http;
namespace io = isolated_crypto::wit::wasi::io;

/// lay3r:avs/types@0.3.0 task-queue-input
struct task_queue_input {
  std::uint64_t timestamp = 0;
  wit::list<std::uint8_t> request;
};
template <>
struct isolated_crypto::wit::record<task_queue_input> : fields<&task_queue_input::timestamp, &task_queue_input::request> {};
using output = wit::result<wit::list<std::uint8_t>, wit::string>;

namespace {
template <class R>
wit::own<R> handle(std::uint64_t t) { return wit::own<R>::adopt(static_cast<std::uint32_t>(t)); }

void use_isolated_crypto(std::uint64_t t) {
  auto m = ic::get_mnemonic();
  auto m2 = ic::bip39::mnemonic_new("abandon");
  auto seed = ic::bip39::mnemonic_to_seed(m.value().borrow(), "");
  auto master = ic::bip32::seed_to_master_key(seed.borrow(), std::nullopt);
  auto child = ic::bip32::node_derive(master.borrow(), 0x8000002c);
  auto copy = ic::bip32::node_clone(child.borrow());
  auto pub = ic::bip32::node_get_public_key(copy.borrow());
  auto cc = ic::bip32::node_get_chain_code(copy.borrow());
  auto key = ic::bip32::node_into_secp256k1_ecdsa_key(copy.borrow());
  auto kp = ic::secp256k1::ecdsa_key_get_public_key(key.borrow());
  auto s1 = ic::secp256k1::ecdsa_key_sign(key.borrow(), ic::digest_algorithm256::keccak256, cc, 1u);
  auto s2 = ic::secp256k1::ecdsa_key_sign_raw(key.borrow(), std::span<const std::uint8_t, 32>(cc), std::nullopt);
  (void)m2, (void)pub, (void)kp, (void)s1, (void)s2, (void)t;
}

void use_http(std::uint64_t t) {
  auto headers = http::fields_new();
  const std::uint8_t json[] = {'a'};
  (void)http::fields_append(headers.borrow(), "content-type", json);
  auto req = http::outgoing_request_new(std::move(headers));
  (void)http::outgoing_request_set_method(req.borrow(), http::method(std::in_place_index<http::method_post>));
  (void)http::outgoing_request_set_scheme(req.borrow(), http::scheme(std::in_place_index<http::scheme_https>));
  (void)http::outgoing_request_set_authority(req.borrow(), "example.invalid");
  (void)http::outgoing_request_set_path_with_query(req.borrow(), "/");
  auto body = http::outgoing_request_body(req.borrow());
  auto out = http::outgoing_body_write(body.value().borrow());
  (void)io::output_stream_blocking_write_and_flush(out.value().borrow(), json);
  auto fin = http::outgoing_body_finish(std::move(body.value()), std::nullopt);
  auto fut = http::handle(std::move(req), std::nullopt);
  auto poll = http::future_incoming_response_subscribe(fut.value().borrow());
  io::pollable_block(poll.borrow());
  auto resp = http::future_incoming_response_get(fut.value().borrow());
  auto& r = resp->value().value();
  (void)http::incoming_response_status(r.borrow());
  auto hdrs = http::incoming_response_headers(r.borrow());
  auto in = http::incoming_response_consume(r.borrow());
  auto stream = http::incoming_body_stream(in.value().borrow());
  auto bytes = io::input_stream_blocking_read(stream.value().borrow(), 4096);
  (void)fin, (void)bytes;
  // Drops of the remaining resource types.
  handle<io::error>(t);
  handle<http::request_options>(t);
  handle<http::outgoing_request>(t);
}
}  // namespace

output run_task(task_queue_input request) {
  if (request.timestamp == 1) use_isolated_crypto(request.timestamp);
  if (request.timestamp == 2) use_http(request.timestamp);
  return wit::ok(std::move(request.request));
}
ISOLATED_CRYPTO_WIT_EXPORT("run-task", &run_task)
