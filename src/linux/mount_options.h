// Mount option strings (config.json mounts[].options) -> mount(2) flags, propagation changes,
// recursive mount_setattr(2) attributes and the filesystem data string. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/error.h"

namespace berth::linux {

struct MountOptions {
  unsigned long flags = 0;                 // MS_* for mount(2)
  std::vector<unsigned long> propagation;  // MS_SHARED/MS_SLAVE/MS_PRIVATE/MS_UNBINDABLE [|MS_REC]
  uint64_t recursive_attr_set = 0;         // MOUNT_ATTR_* applied with AT_RECURSIVE ("rro", ...)
  uint64_t recursive_attr_clear = 0;
  bool idmap = false;        // "idmap": idmapped mount of the top mount
  bool recursive_idmap = false;  // "ridmap"
  bool tmpcopyup = false;    // copy the directory's content into a new tmpfs
  std::string data;          // what the filesystem parses: "size=64m,mode=755"

  bool is_bind() const;
  bool is_recursive_bind() const;
};

// Unknown words go to `data` (the filesystem decides); nothing here fails except a malformed
// empty option, which is reported with its index.
Result<MountOptions> parse_mount_options(const std::vector<std::string>& options);

// The option names this build understands (for `features`).
std::vector<std::string> known_mount_options();

}  // namespace berth::linux
