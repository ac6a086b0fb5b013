// isolated-crypto: the operator's native tool. Derives an Ethereum key from a BIP39
// mnemonic (env MNEMONIC or stdin, never argv), signs EIP-191 personal_sign messages,
// recovers/verifies signers, submits signatures to Etherscan's verified-signatures
// registry or to the embedded local one, and signs EIP-712 typed data, transactions and
// EIP-7702 authorizations. The key stays inside isolated_crypto handles.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "eth_commands.hpp"
#include "json_payload.hpp"
#include "key_source.hpp"
#include "registry_client.hpp"
#include "registry_server.hpp"
#include "stop_signal.hpp"

namespace {

namespace ic = isolated_crypto;
namespace eth = isolated_crypto::ethereum;
using ic_cli::engine;

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

constexpr std::string_view usage_text = R"(usage: isolated-crypto <command> [options] [args]

The mnemonic is read from env MNEMONIC or, if unset, from the first line of stdin
(never from the command line). Env PASSPHRASE: optional BIP39 passphrase (default empty).

commands:
  address [--path P]                 print the address (EIP-55), xpub and path of a node
  sign-message [--path P] MESSAGE    EIP-191 personal_sign: 0x + r||s||v (130 hex digits)
  recover MESSAGE SIGNATURE          print the address that signed MESSAGE
  verify MESSAGE SIGNATURE ADDRESS   print "valid" (exit 0) or "invalid" (exit 1)
  submit [--local [--keep-serving] | --registry URL] [--path P] MESSAGE
                                     sign MESSAGE and submit it to a verified-signatures
                                     registry; print the URL of the verified entry.
                                     default registry: $ETHERSCAN_BASE_URL or https://etherscan.io
                                     --local: start an embedded registry on 127.0.0.1
                                     --keep-serving: keep it running until Ctrl-C/SIGTERM
  sign-typed-data [--path P] FILE|-  EIP-712 (eth_signTypedData_v4 JSON): prints {"domainSeparator",
                                     "structHash","digest","signature" (r||s||v, v = 27/28),"address"}
  sign-tx [--path P] FILE|-          sign a transaction (ethers / eth_signTransaction JSON, types 0-4):
                                     prints {"hash","signed","from","r","s","yParity","v"}
  sign-authorization [--path P] --chain-id N --address A --nonce N
                                     EIP-7702 authorization: prints {"chainId","address","nonce",
                                     "yParity","r","s"}
  recover-tx RAW                     print the sender (EIP-55) of a signed raw transaction (0x-hex)
  request FILE|-                     run a JSON request (or a JSON array of them) in the format of
                                     the example tenant component (docs/COMPONENTS.md): ops
                                     sign-typed-data, sign-tx, sign-authorization, recover-tx,
                                     address, each with its own "path"; prints the answer
  registry [--host H] [--port N] [--store FILE]
                                     run the local Etherscan-compatible registry in the
                                     foreground (default 127.0.0.1, port 0 = any free port;
                                     --store FILE: keep entries as JSON lines)

options:
  --path P      BIP32 path (default m/44'/60'/0'/0/0)
  -h, --help    this text
  --            end of options (for a MESSAGE that starts with '-')

exit status: 0 ok, 1 failure (invalid signature, registry error, ...), 2 bad arguments
)";

int usage_error(const std::string& why) {
  std::cerr << "isolated-crypto: " << why << "\n\n" << usage_text;
  return exit_usage;
}

int fail(const std::string& why) {
  std::cerr << "isolated-crypto: " << why << '\n';
  return exit_failure;
}

/// Parsed command line: the command, its options and positional arguments.
struct command_line {
  std::string command;
  std::map<std::string, std::string> values;
  std::set<std::string> flags;
  std::vector<std::string> positional;
  bool help = false;
  std::string error;

  [[nodiscard]] std::string value_or(const std::string& key, std::string fallback) const {
    const auto it = values.find(key);
    return it == values.end() ? std::move(fallback) : it->second;
  }
};

struct command_spec {
  std::set<std::string> value_options;
  std::set<std::string> flag_options;
  std::size_t positional;
  std::string_view positional_names;
};

const std::map<std::string, command_spec>& commands() {
  static const std::map<std::string, command_spec> table = {
      {"address", {{"--path"}, {}, 0, ""}},
      {"sign-message", {{"--path"}, {}, 1, "MESSAGE"}},
      {"recover", {{}, {}, 2, "MESSAGE SIGNATURE"}},
      {"verify", {{}, {}, 3, "MESSAGE SIGNATURE ADDRESS"}},
      {"submit", {{"--path", "--registry"}, {"--local", "--keep-serving"}, 1, "MESSAGE"}},
      {"registry", {{"--host", "--port", "--store"}, {}, 0, ""}},
      {"sign-typed-data", {{"--path"}, {}, 1, "FILE|-"}},
      {"sign-tx", {{"--path"}, {}, 1, "FILE|-"}},
      {"sign-authorization", {{"--path", "--chain-id", "--address", "--nonce"}, {}, 0, ""}},
      {"recover-tx", {{}, {}, 1, "RAW"}},
      {"request", {{}, {}, 1, "FILE|-"}},
      // Not in the usage text: many cases through one process (tests/differential).
      {"batch", {{"--path"}, {}, 0, ""}},
  };
  return table;
}

command_line parse_command_line(int argc, char** argv) {
  command_line cl;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    cl.error = "missing command";
    return cl;
  }
  if (args[0] == "-h" || args[0] == "--help") {
    cl.help = true;
    return cl;
  }
  cl.command = args[0];
  const auto it = commands().find(cl.command);
  if (it == commands().end()) {
    cl.error = "unknown command \"" + cl.command + "\"";
    return cl;
  }
  const command_spec& spec = it->second;
  bool options_done = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (options_done || a.size() < 2 || a[0] != '-') {
      cl.positional.push_back(a);
      continue;
    }
    if (a == "--") {
      options_done = true;
      continue;
    }
    if (a == "-h" || a == "--help") {
      cl.help = true;
      return cl;
    }
    const auto eq = a.find('=');
    const std::string name = a.substr(0, eq);
    if (spec.flag_options.count(name) != 0 && eq == std::string::npos) {
      cl.flags.insert(name);
    } else if (spec.value_options.count(name) != 0) {
      if (eq != std::string::npos) {
        cl.values[name] = a.substr(eq + 1);
      } else if (i + 1 < args.size()) {
        cl.values[name] = args[++i];
      } else {
        cl.error = name + " needs a value";
        return cl;
      }
    } else {
      cl.error = "unknown option \"" + name + "\" for " + cl.command + " (use -- before a MESSAGE starting with '-')";
      return cl;
    }
  }
  if (cl.positional.size() != spec.positional) {
    cl.error = cl.command + " takes " +
               (spec.positional == 0 ? std::string("no arguments") : std::string(spec.positional_names)) + " (got " +
               std::to_string(cl.positional.size()) + " argument(s))";
  }
  return cl;
}

std::span<const std::byte> bytes_of(std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); }

/// EIP-55 address of a node's public key.
std::optional<std::string> address_of(const ic_cli::node& n, std::string& why) {
  auto p = ic::secp256k1::decompress<engine>(n.public_key());
  if (!p) {
    why = ic::describe(p.err());
    return std::nullopt;
  }
  return eth::to_checksum_address<engine>(eth::address_of<engine>(*p));
}

/// Signs `message` with the key at `path`. Out: address (EIP-55) and 0x-signature.
std::optional<ic_cli::signed_message> sign_with_key(const std::string& path, const std::string& message,
                                                    std::string& why) {
  auto k = ic_cli::load_key(path);
  if (!k.key) {
    why = k.error;
    return std::nullopt;
  }
  auto address = address_of(*k.key, why);
  if (!address) return std::nullopt;
  const auto key = std::move(*k.key).into_ecdsa_key();
  auto sig = eth::personal_sign<engine>(key, bytes_of(message));
  if (!sig) {
    why = "signing: " + ic::describe(sig.err());
    return std::nullopt;
  }
  return ic_cli::signed_message{*address, "0x" + ic::hex::encode(*sig), message};
}

int cmd_address(const command_line& cl) {
  const std::string path = cl.value_or("--path", std::string(ic_cli::default_path));
  auto k = ic_cli::load_key(path);
  if (!k.key) return fail(k.error);
  std::string why;
  auto address = address_of(*k.key, why);
  if (!address) return fail(why);
  auto xpub = k.key->xpub();
  if (!xpub) return fail("xpub: " + ic::describe(xpub.err()));
  std::cout << "address: " << *address << "\nxpub: " << *xpub << "\npath: " << path << '\n';
  return exit_ok;
}

int cmd_sign_message(const command_line& cl) {
  std::string why;
  auto s = sign_with_key(cl.value_or("--path", std::string(ic_cli::default_path)), cl.positional[0], why);
  if (!s) return fail(why);
  std::cout << s->signature << '\n';
  return exit_ok;
}

/// The signer of a personal_sign signature, or the reason there is none.
std::optional<std::string> recover_signer(const std::string& message, const std::string& signature, std::string& why) {
  auto sig = ic::hex::decode(signature);
  if (!sig) {
    why = "SIGNATURE: " + ic::describe(sig.err());
    return std::nullopt;
  }
  auto signer = eth::recover_personal_signer<engine>(bytes_of(message), *sig);
  if (!signer) {
    why = "SIGNATURE: " + ic::describe(signer.err()) + (sig->size() != 65 ? " (want 65 bytes: r || s || v)" : "");
    return std::nullopt;
  }
  return eth::to_checksum_address<engine>(*signer);
}

int cmd_recover(const command_line& cl) {
  std::string why;
  auto signer = recover_signer(cl.positional[0], cl.positional[1], why);
  if (!signer) return fail(why);
  std::cout << *signer << '\n';
  return exit_ok;
}

int cmd_verify(const command_line& cl) {
  auto expected = eth::parse_address<engine>(cl.positional[2]);
  if (!expected) return usage_error("ADDRESS: " + ic::describe(expected.err()));
  std::string why;
  auto signer = recover_signer(cl.positional[0], cl.positional[1], why);
  if (signer && *signer == eth::to_checksum_address<engine>(*expected)) {
    std::cout << "valid\n";
    return exit_ok;
  }
  std::cout << "invalid\n";
  std::cerr << "isolated-crypto: "
            << (signer ? "signed by " + *signer + ", not by " + eth::to_checksum_address<engine>(*expected) : why)
            << '\n';
  return exit_failure;
}

int cmd_submit(const command_line& cl) {
  const bool local = cl.flags.count("--local") != 0;
  const bool keep = cl.flags.count("--keep-serving") != 0;
  if (local && cl.values.count("--registry") != 0) return usage_error("--local and --registry exclude each other");
  if (keep && !local) return usage_error("--keep-serving needs --local");
  const std::string& message = cl.positional[0];
  if (!ic_cli::is_valid_utf8(message)) return usage_error("MESSAGE is not valid UTF-8");

  std::string base_text;
  if (!local) {
    if (auto it = cl.values.find("--registry"); it != cl.values.end()) {
      base_text = it->second;
    } else if (const char* env = std::getenv("ETHERSCAN_BASE_URL"); env != nullptr && *env != '\0') {
      base_text = env;
    } else {
      base_text = std::string(ic_cli::etherscan_base);
    }
  }

  std::string why;
  auto signed_msg = sign_with_key(cl.value_or("--path", std::string(ic_cli::default_path)), message, why);
  if (!signed_msg) return fail(why);

  std::optional<ic_cli::stop_signal> signals;
  if (keep) signals.emplace();  // before the server thread starts
  ic_cli::local_registry embedded;
  if (local) {
    if (!embedded.start("127.0.0.1", 0, why)) return fail("local registry: " + why);
    base_text = embedded.base_url();
  }
  auto base = ic_cli::parse_base_url(base_text, why);
  if (!base) return usage_error("registry URL \"" + base_text + "\": " + why);

  const auto outcome = ic_cli::submit_signature(*base, *signed_msg);
  if (!outcome.url) return fail(outcome.error);
  std::cout << *outcome.url << std::endl;
  if (keep) {
    std::cerr << "registry: still serving " << embedded.base_url() << " (Ctrl-C or SIGTERM to stop)" << std::endl;
    signals->wait();
  }
  return exit_ok;
}

int cmd_registry(const command_line& cl) {
  const std::string host = cl.value_or("--host", "127.0.0.1");
  const std::string port_text = cl.value_or("--port", "0");
  int port = 0;
  for (char c : port_text) port = (c < '0' || c > '9' || port > 65535) ? 70000 : port * 10 + (c - '0');
  if (port_text.empty() || port > 65535) return usage_error("--port wants 0..65535");
  if (host != "127.0.0.1" && host != "localhost" && host != "::1") {
    std::cerr << "registry: warning: listening on " << host << ", not loopback only\n";
  }

  ic_cli::stop_signal signals;  // before the server thread starts
  ic_cli::local_registry reg(cl.value_or("--store", ""));
  reg.log_requests();
  std::string why;
  if (!reg.start(host, port, why)) return fail("registry: " + why);
  std::cout << "registry: listening on " << reg.base_url() << std::endl;  // endl: flushes for scripts
  const int sig = signals.wait();
  reg.stop();
  std::cerr << "registry: stopped (signal " << sig << ", " << reg.state().size() << " entries)\n";
  return exit_ok;
}

/// A key handle (ecdsa_key) plus its address.
struct loaded_key {
  std::optional<isolated_crypto::ecdsa_key<engine>> key;
  eth::address address{};
  std::string error;
};

loaded_key key_at(std::string_view path) {
  loaded_key out;
  auto k = ic_cli::load_key(path);
  if (!k.key) {
    out.error = k.error;
    return out;
  }
  out.key.emplace(std::move(*k.key).into_ecdsa_key());
  auto a = eth::address_of_key<engine>(*out.key);
  if (!a) {
    out.error = "address: " + isolated_crypto::describe(a.err());
    out.key.reset();
    return out;
  }
  out.address = *a;
  return out;
}

/// The whole of FILE, or of stdin for "-". nullopt if it cannot be read.
std::optional<std::string> read_input(const std::string& name) {
  if (name == "-") return std::string((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  std::ifstream in(name, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

int print_outcome(const ic_cli::eth_outcome& o) {
  if (!o.json) return fail(o.error);
  std::cout << *o.json << '\n';
  return exit_ok;
}

int cmd_sign_document(const command_line& cl, bool typed_data) {
  auto k = key_at(cl.value_or("--path", std::string(ic_cli::default_path)));  // first: may read stdin's first line
  if (!k.key) return fail(k.error);
  auto text = read_input(cl.positional[0]);
  if (!text) return usage_error("cannot read " + cl.positional[0]);
  return print_outcome(typed_data ? ic_cli::sign_typed_data<engine>(*k.key, k.address, *text)
                                  : ic_cli::sign_transaction<engine>(*k.key, k.address, *text));
}

int cmd_recover_tx(const command_line& cl) {
  std::string why;
  const auto from = eth::requests::sender_of<engine>(cl.positional[0], "RAW", why);
  if (!from) return fail(why);
  std::cout << eth::to_checksum_address<engine>(*from) << '\n';
  return exit_ok;
}

int cmd_sign_authorization(const command_line& cl) {
  for (const char* o : {"--chain-id", "--address", "--nonce"}) {
    if (cl.values.count(o) == 0) return usage_error(std::string("sign-authorization needs ") + o);
  }
  auto k = key_at(cl.value_or("--path", std::string(ic_cli::default_path)));
  if (!k.key) return fail(k.error);
  return print_outcome(ic_cli::sign_authorization<engine>(*k.key, cl.values.at("--chain-id"), cl.values.at("--address"),
                                                  cl.values.at("--nonce")));
}

/// Keys by path for `request`: derived from one master node, each path once.
class keys_by_path {
 public:
  explicit keys_by_path(ic_cli::node master) : master_(std::move(master)) {}

  eth::requests::key_lookup<isolated_crypto::ecdsa_key<engine>> operator()(std::string_view path) {
    auto it = keys_.find(std::string(path));
    if (it == keys_.end()) {
      entry e;
      if (auto n = master_.derive_path(path); !n) {
        e.error = "path: " + isolated_crypto::describe(n.err());
      } else if (auto p = ic::secp256k1::decompress<engine>(n->public_key()); !p) {
        e.error = "address: " + isolated_crypto::describe(p.err());
      } else {
        e.address = eth::address_of<engine>(*p);
        e.key.emplace(std::move(*n).into_ecdsa_key());
      }
      it = keys_.emplace(std::string(path), std::move(e)).first;
    }
    const entry& e = it->second;
    return {e.key ? &*e.key : nullptr, e.address, e.error};
  }

 private:
  struct entry {
    std::optional<isolated_crypto::ecdsa_key<engine>> key;
    eth::address address{};
    std::string error;
  };
  ic_cli::node master_;
  std::map<std::string, entry> keys_;
};

/// request FILE|-: the example tenant's request format (ethereum/requests.hpp) natively.
/// The mnemonic is read first (env MNEMONIC, else stdin's first line), then the request.
int cmd_request(const command_line& cl) {
  auto k = ic_cli::load_key("m");
  if (!k.key) return fail(k.error);
  auto text = read_input(cl.positional[0]);
  if (!text) return usage_error("cannot read " + cl.positional[0]);
  keys_by_path keys(std::move(*k.key));
  const auto o = eth::requests::run_requests<engine>(keys, *text);
  return print_outcome(o);
}

/// Hidden: one case per stdin line, "OP<TAB>PAYLOAD", OP = typed-data | tx (PAYLOAD: one line
/// of JSON), authorization (PAYLOAD: "CHAIN_ID ADDRESS NONCE") or recover-tx (PAYLOAD: raw
/// hex). Prints one line per case: the command's JSON (recover-tx: {"from": ...}) or
/// {"error": ...}. The key comes from env MNEMONIC (stdin carries the cases).
int cmd_batch(const command_line& cl) {
  if (std::getenv("MNEMONIC") == nullptr) return usage_error("batch needs env MNEMONIC (stdin carries the cases)");
  auto k = key_at(cl.value_or("--path", std::string(ic_cli::default_path)));
  if (!k.key) return fail(k.error);
  std::string line;
  while (std::getline(std::cin, line)) std::cout << ic_cli::run_batch_line<engine>(*k.key, k.address, line) << '\n';
  return exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  const command_line cl = parse_command_line(argc, argv);
  if (cl.help) {
    std::cout << usage_text;
    return exit_ok;
  }
  if (!cl.error.empty()) return usage_error(cl.error);
  try {
    if (cl.command == "address") return cmd_address(cl);
    if (cl.command == "sign-message") return cmd_sign_message(cl);
    if (cl.command == "recover") return cmd_recover(cl);
    if (cl.command == "verify") return cmd_verify(cl);
    if (cl.command == "submit") return cmd_submit(cl);
    if (cl.command == "registry") return cmd_registry(cl);
    if (cl.command == "sign-typed-data") return cmd_sign_document(cl, true);
    if (cl.command == "sign-tx") return cmd_sign_document(cl, false);
    if (cl.command == "sign-authorization") return cmd_sign_authorization(cl);
    if (cl.command == "recover-tx") return cmd_recover_tx(cl);
    if (cl.command == "request") return cmd_request(cl);
    if (cl.command == "batch") return cmd_batch(cl);
  } catch (const std::exception& e) {
    return fail(std::string("unexpected error: ") + e.what());
  }
  return usage_error("unknown command");
}
