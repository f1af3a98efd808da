#include "linux/id_mappings.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/files.h"

namespace berth::linux {

std::string format_id_mappings(const std::vector<spec::IdMapping>& mappings) {
  std::string text;
  for (const auto& m : mappings) {
    text += std::to_string(m.container_id) + " " + std::to_string(m.host_id) + " " + std::to_string(m.size) + "\n";
  }
  return text;
}

Result<> write_id_mappings(pid_t pid, const std::vector<spec::IdMapping>& uid_mappings,
                           const std::vector<spec::IdMapping>& gid_mappings, bool deny_setgroups) {
  std::string proc = "/proc/" + std::to_string(pid);
  if (deny_setgroups) BERTH_TRY_CTX(write_file(proc + "/setgroups", "deny"), "linux.gidMappings");
  if (!uid_mappings.empty()) {
    BERTH_TRY_CTX(write_file(proc + "/uid_map", format_id_mappings(uid_mappings)), "linux.uidMappings");
  }
  if (!gid_mappings.empty()) {
    BERTH_TRY_CTX(write_file(proc + "/gid_map", format_id_mappings(gid_mappings)), "linux.gidMappings");
  }
  return {};
}

Result<UniqueFd> make_user_namespace(const std::vector<spec::IdMapping>& uid_mappings,
                                     const std::vector<spec::IdMapping>& gid_mappings) {
  int ready[2];
  if (::pipe2(ready, O_CLOEXEC) != 0) return fail_system("pipe");
  UniqueFd read_end(ready[0]), write_end(ready[1]);
  pid_t pid = static_cast<pid_t>(::syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, nullptr, nullptr, nullptr, nullptr));
  if (pid < 0) return fail_system("create a user namespace for an idmapped mount");
  if (pid == 0) {
    // Wait until the parent has opened our namespace (it closes the pipe), then leave.
    write_end.reset();
    char byte;
    while (::read(read_end.get(), &byte, 1) < 0 && errno == EINTR) {
    }
    ::_exit(0);
  }
  read_end.reset();
  auto finish = [&] {
    write_end.reset();
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  };
  auto mapped = write_id_mappings(pid, uid_mappings, gid_mappings, false);
  if (!mapped) {
    finish();
    return fail(std::move(mapped.error()));
  }
  auto ns = open_file("/proc/" + std::to_string(pid) + "/ns/user", O_RDONLY);
  finish();
  return ns;
}

}  // namespace berth::linux
