// Where the CLI's key comes from: the mnemonic (env MNEMONIC, else the first line of
// stdin; never argv), the optional passphrase (env PASSPHRASE) and a BIP32 path.
// The phrase is secret: it is never printed, never put in an error message, and the
// buffer it was read into is wiped before return.
#pragma once

#include <termios.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <isolated_crypto/engine/libsecp256k1.hpp>
#include <isolated_crypto/isolated_crypto.hpp>
#include <string>
#include <string_view>

namespace ic_cli {

using engine = isolated_crypto::engines::libsecp256k1;
using node = isolated_crypto::node<engine>;

inline constexpr std::string_view default_path = "m/44'/60'/0'/0/0";

/// A derived key or a message for the user (never containing the mnemonic).
struct key_or_error {
  std::optional<node> key;
  std::string error;
};

namespace detail {

/// Turns terminal echo off while the phrase is typed (only if stdin is a terminal).
class echo_off {
 public:
  echo_off() {
    if (::isatty(STDIN_FILENO) == 1 && ::tcgetattr(STDIN_FILENO, &saved_) == 0) {
      termios quiet = saved_;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      active_ = ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
      std::fputs("mnemonic (input hidden): ", stderr);
      std::fflush(stderr);
    }
  }
  echo_off(const echo_off&) = delete;
  echo_off& operator=(const echo_off&) = delete;
  ~echo_off() {
    if (active_) {
      ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
      std::fputs("\n", stderr);
    }
  }

 private:
  termios saved_{};
  bool active_ = false;
};

}  // namespace detail

/// Parses `phrase` (secret), applies PASSPHRASE and derives `path`.
/// Errors: text from isolated_crypto::describe() (no input text, only word positions).
inline key_or_error derive_from_phrase(std::string_view phrase, std::string_view path) {
  auto m = isolated_crypto::mnemonic<engine>::parse(phrase);
  if (!m) return {std::nullopt, "mnemonic: " + isolated_crypto::describe(m.err())};
  const char* pass = std::getenv("PASSPHRASE");
  auto s = m->to_seed(pass != nullptr ? std::string_view(pass) : std::string_view{});
  if (!s) return {std::nullopt, "passphrase: " + isolated_crypto::describe(s.err())};
  auto master = s->to_master_key();
  if (!master) return {std::nullopt, "master key: " + isolated_crypto::describe(master.err())};
  auto n = master->derive_path(path);
  if (!n) return {std::nullopt, "--path: " + isolated_crypto::describe(n.err())};
  return {std::move(*n), {}};
}

/// Reads the mnemonic from env MNEMONIC or, if unset, the first line of stdin (read with
/// read(2) into a fixed buffer, so no stdio copy is left behind), then derives `path`.
inline key_or_error load_key(std::string_view path) {
  if (const char* env = std::getenv("MNEMONIC"); env != nullptr) return derive_from_phrase(env, path);

  std::array<char, 4096> buf{};
  std::size_t len = 0;
  bool line_done = false;
  {
    detail::echo_off guard;
    while (!line_done && len < buf.size()) {
      const ssize_t n = ::read(STDIN_FILENO, buf.data() + len, 1);  // one byte: leave the rest of stdin
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      if (buf[len] == '\n') {
        line_done = true;
      } else {
        ++len;
      }
    }
  }
  key_or_error out;
  if (len == 0) {
    out.error = "no mnemonic: set MNEMONIC or pass it as the first line of stdin";
  } else if (len == buf.size()) {
    out.error = "mnemonic: first line of stdin is longer than 4096 bytes";
  } else {
    std::string_view phrase(buf.data(), len);
    if (!phrase.empty() && phrase.back() == '\r') phrase.remove_suffix(1);
    out = derive_from_phrase(phrase, path);
  }
  isolated_crypto::secure_wipe(buf.data(), buf.size());
  return out;
}

}  // namespace ic_cli
