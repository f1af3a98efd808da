// Idmapped bind mounts (mounts[].uidMappings/gidMappings and the "idmap"/"ridmap" options).
//
// The kernel only lets a process privileged over the source filesystem's user namespace make an
// idmapped mount, which the container's init (root of its own user namespace) is not. So the
// runtime's parent process prepares a detached, idmapped copy of the source with open_tree +
// mount_setattr(MOUNT_ATTR_IDMAP) and passes its descriptor to the init, which moves it into place.
#pragma once

#include <string>

#include "base/error.h"
#include "base/unique_fd.h"

namespace berth::linux {

// A detached copy of `source` (recursively with `recursive`), idmapped through `userns_fd`
// (only the top mount, or every mount with `recursive_idmap`).
Result<UniqueFd> make_idmapped_tree(const std::string& source, bool recursive, bool recursive_idmap,
                                    int userns_fd);

}  // namespace berth::linux
