// ethereum::from_rsv and recover_personal_signer: input = rsv (65 bytes) || message.
#include "common.hpp"
using namespace fz;
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  if (n > 1024) return 0;
  keep(ic::ethereum::from_rsv(bytes(d, n)).code());
  const std::size_t cut = n < 65 ? n : 65;
  auto rs = ic::ethereum::from_rsv(bytes(d, cut));
  auto who = ic::ethereum::recover_personal_signer<E>(bytes(d + cut, n - cut), bytes(d, cut));
  if (who && !rs) __builtin_trap();
  if (rs) {
    const auto back = ic::ethereum::to_rsv(*rs);
    keep(back);
  }
  return 0;
}
