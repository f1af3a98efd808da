// The container's /dev: default device nodes, linux.devices, and the standard symlinks.
#pragma once

#include <vector>

#include "base/error.h"
#include "spec/spec.h"

namespace berth::linux {

// null, zero, full, random, urandom, tty: 0666, owned by root.
std::vector<spec::Device> default_devices();

// Creates `device` inside the root with mknod(2), or, when `bind_from_host` (a user namespace
// cannot mknod), binds the host's node of the same path onto an empty file. Ownership and mode
// come from the entry; mknod(2) applies the umask, so call this with the umask cleared (0).
// `field` names the config entry in errors.
Result<> create_device(int root_fd, const spec::Device& device, bool bind_from_host,
                       const std::string& field);

// /dev/fd, /dev/stdin, /dev/stdout, /dev/stderr, /dev/core (when /proc/kcore exists) and
// /dev/ptmx -> pts/ptmx.
Result<> create_dev_symlinks(int root_fd);

}  // namespace berth::linux
