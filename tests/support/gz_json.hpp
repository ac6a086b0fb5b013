// Loading gzip-compressed JSON vector files (tests/vectors/ethers/*.json.gz) with zlib.
#pragma once

#include <zlib.h>

#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#ifndef IC_VECTORS_DIR
#error "IC_VECTORS_DIR must point at tests/vectors"
#endif

namespace ic_test {

inline nlohmann::json load_json_gz(const std::string& relative) {
  const std::string path = std::string(IC_VECTORS_DIR) + "/" + relative;
  gzFile f = gzopen(path.c_str(), "rb");
  REQUIRE_MESSAGE(f != nullptr, "cannot open " << path);
  std::string text;
  char buf[65536];
  int n = 0;
  while ((n = gzread(f, buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(n));
  const bool ok = n == 0;
  gzclose(f);
  REQUIRE_MESSAGE(ok, "gzip read error in " << path);
  return nlohmann::json::parse(text);
}

}  // namespace ic_test
