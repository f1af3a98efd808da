// Switching the container process to process.user: supplementary groups, gid, uid, umask.
#pragma once

#include "base/error.h"
#include "spec/spec.h"

namespace berth::linux {

// setgroups(additionalGids) (skipped when setgroups is denied in a user namespace and no groups are
// requested), setresgid(gid), setresuid(uid), umask.
Result<> switch_user(const spec::User& user, bool setgroups_allowed);

}  // namespace berth::linux
