// Waiting for Ctrl-C / SIGTERM in a process that runs server threads: the signals are
// blocked in every thread (construct this before starting any) and taken synchronously
// with sigwait(), so the server can be stopped cleanly from ordinary code.
#pragma once

#include <pthread.h>
#include <signal.h>

namespace ic_cli {

class stop_signal {
 public:
  stop_signal() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  }
  stop_signal(const stop_signal&) = delete;
  stop_signal& operator=(const stop_signal&) = delete;

  /// Blocks until SIGINT, SIGTERM or SIGHUP arrives. Returns: the signal number.
  int wait() const {
    int sig = 0;
    while (sigwait(&set_, &sig) != 0) {
    }
    return sig;
  }

 private:
  sigset_t set_{};
};

}  // namespace ic_cli
