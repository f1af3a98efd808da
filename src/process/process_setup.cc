#include "process/process_setup.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "base/files.h"
#include "base/log.h"
#include "base/strings.h"
#include "linux/capabilities.h"
#include "linux/namespaces.h"
#include "linux/oom_score.h"
#include "linux/rlimits.h"
#include "linux/scheduling.h"
#include "linux/user_identity.h"

namespace berth::process {
namespace {

constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

}  // namespace

void close_fds_except(int preserve_fds, std::vector<int> keep) {
#ifdef BERTH_SANITIZE_BUILD
  // Sanitized builds only (scripts/test-sanitized.sh): the directory that sanitizer reports go to
  // (log_path=/proc/self/fd/N/asan) stays open, close-on-exec, so that a report from the init after
  // pivot_root still reaches it instead of being lost.
  if (const char* fd_text = ::getenv("BERTH_SANITIZER_LOG_DIR_FD")) {
    int fd = std::atoi(fd_text);
    if (fd > 2 && ::fcntl(fd, F_SETFD, FD_CLOEXEC) == 0) keep.push_back(fd);
  }
#endif
  int first_free = 3 + preserve_fds;
  std::erase_if(keep, [&](int fd) { return fd < first_free; });
  std::sort(keep.begin(), keep.end());
  unsigned int from = static_cast<unsigned int>(first_free);
  for (int fd : keep) {
    if (static_cast<unsigned int>(fd) > from) ::syscall(SYS_close_range, from, fd - 1, 0);
    from = static_cast<unsigned int>(fd) + 1;
  }
  ::syscall(SYS_close_range, from, ~0U, 0);
}

Result<> check_fds_to_preserve(int count, int log_fd) {
  if (count < 0) return fail_invalid("--preserve-fds must not be negative");
  for (int fd = 3; fd < 3 + count; ++fd) {
    if (fd == log_fd) {
      return fail_invalid("--preserve-fds " + std::to_string(count) + ": fd " + std::to_string(fd) +
                          " is berth-runtime's own --log file, not one of the caller's");
    }
    if (::fcntl(fd, F_GETFD) < 0) {
      return fail_invalid("--preserve-fds " + std::to_string(count) + ": fd " + std::to_string(fd) + " is not open");
    }
  }
  return {};
}

Result<> clear_cloexec_on_preserved(int preserve_fds) {
  for (int fd = 3; fd < 3 + preserve_fds; ++fd) {
    int flags = ::fcntl(fd, F_GETFD);
    if (flags < 0) continue;
    if (::fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) != 0) {
      return fail_system("--preserve-fds: fd " + std::to_string(fd));
    }
  }
  return {};
}

Result<> join_namespaces(std::vector<NamespaceToJoin>& namespaces) {
  for (auto& ns : namespaces) {
    if (ns.type != spec::NamespaceType::user) continue;
    BERTH_TRY(linux::join_namespace(ns.fd.get(), ns.type));
    ns.fd.reset();
  }
  for (auto& ns : namespaces) {
    if (!ns.fd.valid()) continue;
    BERTH_TRY(linux::join_namespace(ns.fd.get(), ns.type));
    ns.fd.reset();
  }
  return {};
}

Result<> become_namespace_root() {
  if (::syscall(SYS_setresgid, 0, 0, 0) != 0) return fail_system("setresgid(0) in the user namespace");
  if (::syscall(SYS_setresuid, 0, 0, 0) != 0) return fail_system("setresuid(0) in the user namespace");
  return {};
}

Result<> apply_process_limits(const spec::Process& process) {
  BERTH_TRY(linux::apply_rlimits(process.rlimits));
  if (process.oom_score_adj) BERTH_TRY(linux::set_oom_score_adj(*process.oom_score_adj));
  if (process.io_priority) BERTH_TRY(linux::apply_io_priority(*process.io_priority));
  if (process.scheduler) BERTH_TRY(linux::apply_scheduler(*process.scheduler));
  if (process.exec_cpu_affinity && !process.exec_cpu_affinity->initial.empty()) {
    BERTH_TRY(linux::apply_cpu_affinity(process.exec_cpu_affinity->initial, "process.execCPUAffinity.initial"));
  }
  return {};
}

Result<> drop_privileges(const spec::Process& process, bool in_user_namespace) {
  std::vector<std::string> warnings;
  linux::CapabilitySets caps;
  bool has_caps = process.capabilities.has_value();
  if (has_caps) caps = BERTH_TRY(linux::resolve_capabilities(*process.capabilities, warnings));
  for (const auto& warning : warnings) log::warning(warning);
  if (has_caps) BERTH_TRY(linux::apply_capabilities_before_user_change(caps));
  bool setgroups_allowed = true;
  if (in_user_namespace) {
    auto setgroups = read_file("/proc/self/setgroups");
    setgroups_allowed = !setgroups || trim(*setgroups) != "deny";
  }
  BERTH_TRY(linux::switch_user(process.user, setgroups_allowed));
  if (has_caps) BERTH_TRY(linux::apply_capabilities_after_user_change(caps));
  if (process.no_new_privileges && ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    return fail_system("process.noNewPrivileges: prctl(PR_SET_NO_NEW_PRIVS)");
  }
  return {};
}

SeccompMoment seccomp_moment(const spec::Process& process, const linux::SeccompProgram& program) {
  if (!process.no_new_privileges) return SeccompMoment::before_dropping_privileges;
  if (program.uses_notify()) return SeccompMoment::after_dropping_privileges;
  return SeccompMoment::just_before_exec;
}

Result<> load_seccomp_and_send_listener(const linux::SeccompProgram& program, Channel& channel) {
  UniqueFd listener = BERTH_TRY_CTX(linux::load_seccomp(program), "linux.seccomp");
  if (listener.valid()) BERTH_TRY(channel.send(MessageType::seccomp_listener, "", listener.get()));
  return {};
}

Result<std::string> resolve_executable(const std::string& name, const std::vector<std::string>& env) {
  auto check = [&](const std::string& path) -> Result<std::string> {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return fail_system("exec: " + quoted(name) + ": stat " + path);
    if (S_ISDIR(st.st_mode)) return fail_system("exec: " + quoted(name) + ": is a directory", EACCES);
    if (::access(path.c_str(), X_OK) != 0) return fail_system("exec: " + quoted(name));
    return path;
  };
  if (name.empty()) return fail_invalid("process.args[0]: empty");
  if (name.find('/') != std::string::npos) return check(name);
  std::string search_path = kDefaultPath;
  for (const auto& entry : env) {
    if (entry.starts_with("PATH=")) search_path = entry.substr(5);
  }
  for (std::string_view dir : split(search_path, ':')) {
    std::string candidate = join_path(dir.empty() ? "." : dir, name);
    struct stat st;
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return fail_invalid("exec: " + quoted(name) + ": executable file not found in $PATH");
}

}  // namespace berth::process
