// Reading an OCI bundle: <bundle>/config.json parsed and validated into a Spec.
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "spec/spec.h"

namespace berth::container {

struct Bundle {
  std::string path;         // absolute, symlinks resolved
  std::string config_text;  // config.json as read (kept in the state directory)
  spec::Spec spec;
  std::string rootfs;       // absolute host path of root.path
  std::vector<std::string> warnings;
};

// Errors name the file and the field: `/b/config.json: linux.namespaces[1].type: unknown ...`.
Result<Bundle> load_bundle(const std::string& bundle_dir);

}  // namespace berth::container
