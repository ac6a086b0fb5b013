// Scripted tenant of tests/guard (world `scripted-tenant`, wit/scripted.wit): runs the
// operations its request lists, one per line, and returns one output line per operation.
// A test drives every path a tenant has through the guard with it (allowed and hostile).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <isolated_crypto/bip32_path.hpp>
#include <isolated_crypto/hex.hpp>
#include <isolated_crypto/wit/bindings/isolated_crypto_imports.hpp>
#include <isolated_crypto/wit/wit.hpp>

namespace wit = isolated_crypto::wit;
namespace ic = isolated_crypto::wit::ic;
namespace sdk = isolated_crypto;

/// lay3r:avs/types@0.3.0 task-queue-input
struct task_queue_input {
  std::uint64_t timestamp = 0;
  wit::list<std::uint8_t> request;
};
template <>
struct isolated_crypto::wit::record<task_queue_input> : fields<&task_queue_input::timestamp, &task_queue_input::request> {};
using output = wit::result<wit::list<std::uint8_t>, wit::string>;

namespace {
std::string hex(std::span<const std::uint8_t> b) { return sdk::hex::encode(std::as_bytes(b)); }

struct failure {
  std::string message;
};

struct script {
  std::optional<wit::own<ic::bip32::node>> node;
  std::optional<wit::own<ic::secp256k1::ecdsa_key>> key;
  std::string out;

  /// Runs one line; returns an error message, or nullopt.
  std::optional<std::string> run(std::string_view line) {
    const std::size_t sp = line.find(' ');
    const std::string_view op = line.substr(0, sp);
    const std::string_view rest = sp == std::string_view::npos ? std::string_view{} : line.substr(sp + 1);
    if (op == "key") return select(rest);
    if (!key) return "no key selected";
    if (op == "sign") {
      const std::size_t sp2 = rest.find(' ');
      const std::string_view alg = rest.substr(0, sp2);
      auto msg = sdk::hex::decode(sp2 == std::string_view::npos ? std::string_view{} : rest.substr(sp2 + 1));
      if (!msg) return "bad hex";
      const auto a = alg == "sha256" ? ic::digest_algorithm256::sha256 : ic::digest_algorithm256::keccak256;
      const auto* p = reinterpret_cast<const std::uint8_t*>(msg->data());
      return signature(ic::secp256k1::ecdsa_key_sign(key->borrow(), a, std::span(p, msg->size()), std::nullopt));
    }
    if (op == "sign-raw") {
      auto d = sdk::hex::decode_fixed<32>(rest);
      if (!d) return "bad digest";
      std::array<std::uint8_t, 32> digest{};
      for (std::size_t i = 0; i < 32; ++i) digest[i] = static_cast<std::uint8_t>((*d)[i]);
      return signature(ic::secp256k1::ecdsa_key_sign_raw(key->borrow(), digest, std::nullopt));
    }
    if (op == "chain-code") {
      out += hex(ic::bip32::node_get_chain_code(node->borrow())) + "\n";
      return std::nullopt;
    }
    if (op == "public-key") {
      const ic::compressed_point p = ic::secp256k1::ecdsa_key_get_public_key(key->borrow());
      out += (p.is_y_odd ? "03" : "02") + hex(p.x) + "\n";
      return std::nullopt;
    }
    return "unknown operation " + std::string(op);
  }

  std::optional<std::string> select(std::string_view args) {
    const std::size_t sp = args.find(' ');
    const std::string_view source = args.substr(0, sp);
    auto path = sdk::bip32::parse_path(sp == std::string_view::npos ? std::string_view("m") : args.substr(sp + 1));
    if (!path) return "bad path";
    wit::own<ic::bip32::node> n;
    if (source == "root") {
      auto r = ic::get_root_node();
      if (!r) return "root-node provider: " + std::string(r.error().view());
      n = std::move(r.value());
    } else {
      auto m = ic::get_mnemonic();
      if (!m) return "mnemonic provider: " + std::string(m.error().view());
      auto seed = ic::bip39::mnemonic_to_seed(m.value().borrow(), "");
      n = ic::bip32::seed_to_master_key(seed.borrow(), std::nullopt);
    }
    for (const std::uint32_t i : path->indices) n = ic::bip32::node_derive(n.borrow(), i);
    key = ic::bip32::node_into_secp256k1_ecdsa_key(n.borrow());
    node = std::move(n);
    out += "key\n";
    return std::nullopt;
  }

  std::optional<std::string> signature(const ic::secp256k1::signed_digest& sd) {
    const auto& [sig, recid] = sd;
    const int id = (ic::has(recid, ic::recovery_id::is_y_odd) ? 1 : 0) | (ic::has(recid, ic::recovery_id::is_x_reduced) ? 2 : 0);
    out += hex(sig.r) + " " + hex(sig.s) + " " + std::to_string(id) + "\n";
    return std::nullopt;
  }
};

output run_task(task_queue_input input) {
  const std::string_view text(reinterpret_cast<const char*>(input.request.data()), input.request.size());
  script s;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    if (auto e = s.run(line)) return wit::err(wit::string::copy_of(*e));
  }
  auto bytes = wit::list<std::uint8_t>::copy_of(std::span(reinterpret_cast<const std::uint8_t*>(s.out.data()), s.out.size()));
  return wit::ok(std::move(bytes));
}
}  // namespace

ISOLATED_CRYPTO_WIT_EXPORT("run-task", &run_task)
