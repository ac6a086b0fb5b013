#pragma once
// Tenant side of lay3r:avs/types@0.3.0: the task-queue input and output of `run-task`
// (export it with ISOLATED_CRYPTO_WIT_EXPORT("run-task", &f), f: output(task_queue_input)).
#include <cstdint>

#include "../wit.hpp"

namespace isolated_crypto::wit::avs {

/// record task-queue-input { timestamp: u64, request: list<u8> (serialized JSON) }
struct task_queue_input {
  std::uint64_t timestamp = 0;
  list<std::uint8_t> request;
};

/// type output = result<list<u8>, string>
using output = result<list<std::uint8_t>, string>;

}  // namespace isolated_crypto::wit::avs

template <>
struct isolated_crypto::wit::record<isolated_crypto::wit::avs::task_queue_input>
    : fields<&isolated_crypto::wit::avs::task_queue_input::timestamp, &isolated_crypto::wit::avs::task_queue_input::request> {};
