// Move-only ownership of an engine state, with a "moved-from" flag: using a moved-from
// handle is a contract violation and aborts (in a component it traps).
#pragma once

#include <optional>
#include <utility>

#include "../error.hpp"

namespace isolated_crypto::detail {

template <class State>
class handle_base {
 public:
  handle_base(const handle_base&) = delete;
  handle_base& operator=(const handle_base&) = delete;
  handle_base(handle_base&& o) noexcept : state_(std::move(o.state_)) { o.state_.reset(); }
  /// Needs only State's (nothrow) move constructor, as the `engine` concept promises; not
  /// State's assignment.
  handle_base& operator=(handle_base&& o) noexcept {
    if (this != &o) {
      state_.reset();
      if (o.state_) state_.emplace(std::move(*o.state_));
      o.state_.reset();
    }
    return *this;
  }
  ~handle_base() = default;

  /// false after the handle was moved from (or consumed by into_*()).
  [[nodiscard]] bool valid() const noexcept { return state_.has_value(); }

 protected:
  explicit handle_base(State&& s) noexcept : state_(std::move(s)) {}
  const State& state() const noexcept {
    if (!state_) contract_violation("use of a moved-from handle");
    return *state_;
  }
  State take() noexcept {
    if (!state_) contract_violation("use of a moved-from handle");
    State s = std::move(*state_);
    state_.reset();
    return s;
  }

 private:
  std::optional<State> state_;
};

}  // namespace isolated_crypto::detail
