// The default config.json that `berth-runtime spec` writes; `run` accepts it as it is.
#pragma once

#include <cstdint>
#include <string>

namespace berth::spec {

struct DefaultSpecOptions {
  bool rootless = false;  // user namespace mapping the caller to root, no network namespace, etc.
  uint32_t host_uid = 0;  // the caller, mapped to root when rootless
  uint32_t host_gid = 0;
};

// Pretty-printed JSON (two-space indent, trailing newline).
std::string default_spec_json(const DefaultSpecOptions& options);

}  // namespace berth::spec
