// Parent cgroups the runtime created and two containers share.
//
// With linux.cgroupsPath "/a/c1" and "/a/c2", the first create makes "/a" and records it as its
// own to remove; the second finds it there. When the first is deleted while the second still
// lives in "/a", the parent cannot go: its removal is handed over to the container that is still
// inside it (its record takes the parent over), so the last delete removes it. Containers under
// another --root, or another runtime's, are not known here; their parent then stays.
#pragma once

#include "container/state_store.h"
#include "spec/state.h"

namespace berth::container {

// Call after the cgroup of `record` is destroyed; `store_root` is the state root both live in.
void hand_over_shared_parents(const std::string& store_root, const spec::ContainerRecord& record);

}  // namespace berth::container
