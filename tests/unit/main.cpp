// doctest's main, then the tally check: every counted set must have the number of checks
// listed in expected_counts.txt (a truncated vector file runs fewer). With a test filter
// (-tc, -ts, ...) only the sets that ran are compared.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstring>

#include "../support/vectors.hpp"

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int rc = context.run();
  if (context.shouldExit()) return rc;
  bool filtered = false;
  for (int i = 1; i < argc; ++i) filtered = filtered || (argv[i][0] == '-' && std::strchr(argv[i], '=') != nullptr);
  const bool counts_ok = ic_test::tally::instance().check_expected(IC_EXPECTED_COUNTS, !filtered);
  return rc != 0 ? rc : (counts_ok ? 0 : 1);
}
