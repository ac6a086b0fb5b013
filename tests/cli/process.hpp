// Running the isolated-crypto executable from tests: explicit environment (nothing
// inherited, so a MNEMONIC or ETHERSCAN_BASE_URL of the caller cannot leak in), stdin
// data, captured stdout/stderr, a deadline (a hung child is killed and the test fails).
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace cli_test {

using clock = std::chrono::steady_clock;

struct run_result {
  int exit_code = -1;  ///< exit status; 128 + signal if killed; -1 on timeout
  std::string out;
  std::string err;
  bool timed_out = false;
  [[nodiscard]] std::string all() const { return out + err; }
};

/// A running child with pipes to its stdin, stdout and stderr.
class child {
 public:
  child(const std::string& exe, const std::vector<std::string>& args, const std::vector<std::string>& env) {
    int in[2];
    int out[2];
    int err[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err[1], 2);
    std::vector<std::string> argv_s{exe};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_s = env;
    std::vector<char*> envp;
    for (auto& e : env_s) envp.push_back(e.data());
    envp.push_back(nullptr);
    if (posix_spawn(&pid_, exe.c_str(), &fa, nullptr, argv.data(), envp.data()) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    in_ = in[1];
    out_ = out[0];
    err_ = err[0];
  }
  child(const child&) = delete;
  child& operator=(const child&) = delete;
  ~child() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    for (int fd : {in_, out_, err_}) {
      if (fd >= 0) ::close(fd);
    }
  }

  [[nodiscard]] bool started() const { return pid_ > 0; }
  [[nodiscard]] pid_t pid() const { return pid_; }

  /// Writes `data` to the child's stdin and closes it.
  void send_stdin_and_close(const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
      const ssize_t n = ::write(in_, data.data() + done, data.size() - done);
      if (n <= 0) break;  // the child may not read stdin at all (SIGPIPE is ignored)
      done += static_cast<std::size_t>(n);
    }
    ::close(in_);
    in_ = -1;
  }

  /// Reads until stdout holds a full line. Returns: that line (without '\n'), or nullopt
  /// at EOF or deadline.
  std::optional<std::string> read_stdout_line(clock::time_point deadline) {
    while (true) {
      if (const auto nl = res_.out.find('\n', consumed_); nl != std::string::npos) {
        std::string line = res_.out.substr(consumed_, nl - consumed_);
        consumed_ = nl + 1;
        return line;
      }
      if (!pump(deadline, /*stdout_only=*/true)) return std::nullopt;
    }
  }

  void signal(int sig) const {
    if (pid_ > 0 && !reaped_) ::kill(pid_, sig);
  }

  /// Drains both pipes until EOF and reaps the child (SIGKILL at the deadline).
  run_result finish(clock::time_point deadline) {
    if (in_ >= 0) {
      ::close(in_);
      in_ = -1;
    }
    while (out_ >= 0 || err_ >= 0) {
      if (!pump(deadline, false) && clock::now() >= deadline) {
        res_.timed_out = true;
        ::kill(pid_, SIGKILL);
        break;
      }
    }
    int status = 0;
    if (pid_ > 0 && ::waitpid(pid_, &status, 0) == pid_) {
      reaped_ = true;
      if (WIFEXITED(status)) res_.exit_code = WEXITSTATUS(status);
      if (WIFSIGNALED(status)) res_.exit_code = 128 + WTERMSIG(status);
    }
    if (res_.timed_out) res_.exit_code = -1;
    return res_;
  }

 private:
  /// One poll round. Returns: false when nothing more can come (EOF or deadline).
  bool pump(clock::time_point deadline, bool stdout_only) {
    pollfd fds[2] = {{out_, POLLIN, 0}, {stdout_only ? -1 : err_, POLLIN, 0}};
    if (fds[0].fd < 0 && fds[1].fd < 0) return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
    if (left <= 0) return false;
    const int n = ::poll(fds, 2, static_cast<int>(left));
    if (n <= 0) return n < 0;  // EINTR: try again; timeout: stop
    char buf[65536];
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t r = ::read(fds[i].fd, buf, sizeof buf);
      if (r > 0) {
        (i == 0 ? res_.out : res_.err).append(buf, static_cast<std::size_t>(r));
      } else {
        ::close(fds[i].fd);
        (i == 0 ? out_ : err_) = -1;
      }
    }
    return true;
  }

  pid_t pid_ = -1;
  int in_ = -1;
  int out_ = -1;
  int err_ = -1;
  bool reaped_ = false;
  std::size_t consumed_ = 0;
  run_result res_;
};

}  // namespace cli_test
