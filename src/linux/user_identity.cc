#include "linux/user_identity.h"

#include <grp.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace berth::linux {

Result<> switch_user(const spec::User& user, bool setgroups_allowed) {
  // Raw syscalls: glibc's wrappers would broadcast to other threads, and there are none here.
  if (setgroups_allowed || !user.additional_gids.empty()) {
    std::vector<gid_t> groups(user.additional_gids.begin(), user.additional_gids.end());
    if (::syscall(SYS_setgroups, groups.size(), groups.data()) != 0) {
      return fail_system("process.user.additionalGids: setgroups");
    }
  }
  if (::syscall(SYS_setresgid, user.gid, user.gid, user.gid) != 0) {
    return fail_system("process.user.gid: setresgid(" + std::to_string(user.gid) + ")");
  }
  if (::syscall(SYS_setresuid, user.uid, user.uid, user.uid) != 0) {
    return fail_system("process.user.uid: setresuid(" + std::to_string(user.uid) + ")");
  }
  if (user.umask) ::umask(static_cast<mode_t>(*user.umask));
  return {};
}

}  // namespace berth::linux
