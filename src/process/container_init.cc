#include "process/container_init.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "base/files.h"
#include "base/log.h"
#include "base/strings.h"
#include "linux/capabilities.h"
#include "linux/loopback.h"
#include "linux/namespaces.h"
#include "linux/oom_score.h"
#include "linux/path_in_root.h"
#include "linux/personality.h"
#include "linux/rlimits.h"
#include "linux/rootfs.h"
#include "linux/scheduling.h"
#include "linux/terminal.h"
#include "linux/user_identity.h"
#include "process/final_exec.h"
#include "process/hooks.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

namespace berth::process {
namespace {

constexpr int kParentTimeoutMs = 60 * 1000;
constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

const spec::Linux& linux_section(const spec::Spec& spec) {
  static const spec::Linux kEmpty;
  return spec.linux_config ? *spec.linux_config : kEmpty;
}

// Closes every descriptor except stdio, the preserved ones and those the init still needs, so
// nothing of the caller's leaks into the container (CVE-2024-21626).
void close_inherited_fds(const InitOptions& options, int channel_fd) {
  int first_free = 3 + options.preserve_fds;
  std::vector<int> keep = {channel_fd, options.exec_fifo_fd, options.log_fd};
  for (const auto& ns : options.namespaces_to_join) keep.push_back(ns.fd.get());
  for (int& fd : keep) {
    if (fd >= 0 && fd < first_free) fd = -1;  // already kept as a preserved fd
  }
  std::sort(keep.begin(), keep.end());
  unsigned int from = static_cast<unsigned int>(first_free);
  for (int fd : keep) {
    if (fd < 0) continue;
    if (static_cast<unsigned int>(fd) > from) ::syscall(SYS_close_range, from, fd - 1, 0);
    from = static_cast<unsigned int>(fd) + 1;
  }
  ::syscall(SYS_close_range, from, ~0U, 0);
}

// Preserved descriptors must survive exec.
Result<> clear_cloexec_on_preserved(int preserve_fds) {
  for (int fd = 3; fd < 3 + preserve_fds; ++fd) {
    int flags = ::fcntl(fd, F_GETFD);
    if (flags < 0) continue;
    if (::fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) != 0) return fail_system("--preserve-fds: fd " + std::to_string(fd));
  }
  return {};
}

Result<> join_namespaces(InitOptions& options) {
  // A user namespace first: it decides what the process may do in the others.
  for (auto& ns : options.namespaces_to_join) {
    if (ns.type != spec::NamespaceType::user) continue;
    BERTH_TRY(linux::join_namespace(ns.fd.get(), ns.type));
  }
  for (auto& ns : options.namespaces_to_join) {
    if (ns.type == spec::NamespaceType::user) continue;
    BERTH_TRY(linux::join_namespace(ns.fd.get(), ns.type));
    ns.fd.reset();
  }
  return {};
}

// Root of the user namespace the init is now in, so that files it creates belong to the mapped
// root and not to an unmapped id.
Result<> become_namespace_root() {
  if (::syscall(SYS_setresgid, 0, 0, 0) != 0) return fail_system("setresgid(0) in the user namespace");
  if (::syscall(SYS_setresuid, 0, 0, 0) != 0) return fail_system("setresuid(0) in the user namespace");
  return {};
}

// The child's half of the two-stage start (InitOptions::two_stage). Only the real init returns.
Result<> enter_namespaces_in_stages(InitOptions& options, Channel& channel) {
  BERTH_TRY(join_namespaces(options));
  int flags = options.new_namespace_flags;
  if (flags & CLONE_NEWUSER) {
    if (::unshare(CLONE_NEWUSER) != 0) return fail_system("unshare the user namespace");
    BERTH_TRY(channel.send(MessageType::map_request));
    BERTH_TRY(channel.expect(MessageType::maps_written, kParentTimeoutMs));
  }
  if (options.in_user_namespace) BERTH_TRY(become_namespace_root());
  int others = flags & ~(CLONE_NEWUSER | CLONE_NEWPID);
  if (others != 0 && ::unshare(others) != 0) return fail_system("unshare the container's namespaces");
  if (!(flags & CLONE_NEWPID)) return {};
  if (::unshare(CLONE_NEWPID) != 0) return fail_system("unshare the pid namespace");
  pid_t pid = ::fork();
  if (pid < 0) return fail_system("fork the container's init");
  if (pid > 0) {
    (void)channel.send(MessageType::pid, std::to_string(pid));
    ::_exit(0);
  }
  return {};  // the init: pid 1 of the new pid namespace
}

// Before "go" the parent may pass prepared (idmapped) mount trees, one per message.
Result<> receive_until_go(InitOptions& options, Channel& channel) {
  for (;;) {
    Message message = BERTH_TRY(channel.receive(kParentTimeoutMs));
    switch (message.type) {
      case MessageType::go:
        return {};
      case MessageType::mount_fd: {
        auto index = parse_u64(message.payload);
        if (!index || !message.fd.valid()) return fail_invalid("protocol error: bad mount-fd message");
        options.mount_context.prepared_trees[*index] = message.fd.release();
        break;
      }
      case MessageType::error:
        if (is_end_of_file(message)) return fail_invalid("the runtime closed the channel");
        return fail(Error(message.errnum, message.payload));
      default:
        return fail_invalid(std::string("protocol error: expected go, received ") +
                            message_type_name(message.type));
    }
  }
}

Result<> set_host_and_domain_name(const spec::Spec& spec) {
  if (!spec.hostname.empty() && ::sethostname(spec.hostname.data(), spec.hostname.size()) != 0) {
    return fail_system("hostname: sethostname " + quoted(spec.hostname));
  }
  if (!spec.domainname.empty() && ::setdomainname(spec.domainname.data(), spec.domainname.size()) != 0) {
    return fail_system("domainname: setdomainname " + quoted(spec.domainname));
  }
  return {};
}

Result<> enter_new_time_namespace(const spec::Linux& linux_config) {
  if (::unshare(CLONE_NEWTIME) != 0) return fail_system("unshare the time namespace");
  std::string offsets;
  for (const auto& [clock, offset] : linux_config.time_offsets) {
    offsets += clock + " " + std::to_string(offset.secs) + " " + std::to_string(offset.nanosecs) + "\n";
  }
  if (!offsets.empty()) {
    BERTH_TRY_CTX(write_file("/proc/self/timens_offsets", offsets), "linux.timeOffsets");
  }
  return {};  // the exec moves the process into the new time namespace
}

Result<> apply_process_attributes(const spec::Spec& spec, const std::string& container_id,
                                  bool no_new_keyring) {
  const spec::Process& process = *spec.process;
  const spec::Linux& linux_config = linux_section(spec);
  if (linux_config.personality) BERTH_TRY(linux::apply_personality(*linux_config.personality));
  BERTH_TRY(linux::apply_rlimits(process.rlimits));
  if (process.oom_score_adj) BERTH_TRY(linux::set_oom_score_adj(*process.oom_score_adj));
  if (process.io_priority) BERTH_TRY(linux::apply_io_priority(*process.io_priority));
  if (process.scheduler) BERTH_TRY(linux::apply_scheduler(*process.scheduler));
  if (process.exec_cpu_affinity && !process.exec_cpu_affinity->initial.empty()) {
    BERTH_TRY(linux::apply_cpu_affinity(process.exec_cpu_affinity->initial, "process.execCPUAffinity.initial"));
  }
  if (!no_new_keyring) {
    constexpr long kJoinSessionKeyring = 1;
    std::string name = "_ses." + container_id;  // the name runc gives it
    if (::syscall(SYS_keyctl, kJoinSessionKeyring, name.c_str()) < 0 && errno != ENOSYS &&
        errno != EDQUOT) {
      return fail_system("create a session keyring");
    }
  }
  return {};
}

Result<> drop_privileges(const spec::Spec& spec, bool in_user_namespace) {
  const spec::Process& process = *spec.process;
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

std::string state_for_hooks(InitOptions& options, spec::Status status) {
  return spec::oci_state_json(options.record, status, /*pretty=*/false);
}

// create: block until `start` opens the fifo for reading, then tell it how the last steps went.
Result<UniqueFd> wait_for_start_command(int exec_fifo_fd) {
  std::string path = linux::fd_path(exec_fifo_fd);
  int fd;
  do {
    fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return fail_system("open the exec fifo");
  ::close(exec_fifo_fd);
  return UniqueFd(fd);
}

Result<std::string> set_up_container(InitOptions& options, Channel& channel,
                                                  UniqueFd& dev_null) {
  const spec::Spec& spec = *options.spec;
  const spec::Linux& linux_config = linux_section(spec);
  const spec::Process& process = *spec.process;

  if (options.two_stage) BERTH_TRY(enter_namespaces_in_stages(options, channel));
  BERTH_TRY(receive_until_go(options, channel));
  if (!options.two_stage) {
    BERTH_TRY(join_namespaces(options));
    if (options.in_user_namespace) BERTH_TRY(become_namespace_root());
  }
  if (options.unshare_cgroup_namespace && ::unshare(CLONE_NEWCGROUP) != 0) {
    return fail_system("unshare the cgroup namespace");
  }
  BERTH_TRY(set_host_and_domain_name(spec));
  if (options.new_namespace_flags & CLONE_NEWNET) BERTH_TRY(linux::bring_up_loopback());

  dev_null = BERTH_TRY(linux::open_verified_dev_null());
  linux::RootfsSetup setup;
  setup.rootfs = options.rootfs;
  setup.spec = &spec;
  setup.mounts = options.mount_context;
  setup.user_namespace = options.in_user_namespace;
  UniqueFd root = BERTH_TRY(linux::mount_rootfs(setup));

  if (process.terminal) {
    linux::Pty pty = BERTH_TRY(linux::open_pty_in_root(root.get()));
    if (process.console_size) BERTH_TRY(linux::set_window_size(pty.slave.get(), *process.console_size));
    UniqueFd console = BERTH_TRY_CTX(linux::make_file_in_root(root.get(), "/dev/console", 0600), "/dev/console");
    BERTH_TRY_CTX(linux::bind_fd_onto(pty.slave.get(), false, console.get(), 0), "bind the pty on /dev/console");
    BERTH_TRY(linux::make_controlling_terminal(pty.slave.get()));
    BERTH_TRY(channel.send(MessageType::terminal, pty.slave_name, pty.master.get()));
  }

  BERTH_TRY(channel.send(MessageType::mounts_ready));
  Message hooks_done = BERTH_TRY(channel.expect(MessageType::hooks_done, kParentTimeoutMs));
  options.record.pid = static_cast<int>(parse_i64(hooks_done.payload).value_or(0));
  BERTH_TRY(run_hooks(spec.hooks.create_container, "createContainer",
                      state_for_hooks(options, spec::Status::creating)));

  BERTH_TRY(linux::harden_rootfs(root.get(), spec, dev_null.get()));
  BERTH_TRY(linux::enter_rootfs(root.get(), spec, options.no_pivot));
  root.reset();
  dev_null.reset();
  if (options.new_time_namespace) BERTH_TRY(enter_new_time_namespace(linux_config));

  BERTH_TRY(apply_process_attributes(spec, options.record.id, options.no_new_keyring));
  if (::chdir(process.cwd.c_str()) != 0) return fail_system("process.cwd: chdir to " + quoted(process.cwd));
  std::string executable = BERTH_TRY(resolve_executable(process.args[0], process.env));
  BERTH_TRY(drop_privileges(spec, options.in_user_namespace));
  BERTH_TRY(clear_cloexec_on_preserved(options.preserve_fds));
  return executable;
}

}  // namespace

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

void container_init_main(InitOptions& options, Channel& channel) {
  // Until the parent has seen "ready", the init must not outlive it.
  pid_t parent = ::getppid();
  ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (::getppid() != parent) ::_exit(1);
  // Not dumpable: other processes in the container cannot open /proc/<init>/fd or exe.
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  close_inherited_fds(options, channel.fd());

  UniqueFd dev_null;
  auto trampoline = make_exec_trampoline();
  auto set_up = trampoline ? set_up_container(options, channel, dev_null) : Result<std::string>(fail(trampoline.error()));
  if (!set_up) {
    (void)channel.send_error(set_up.error());
    ::_exit(1);
  }
  const spec::Spec& spec = *options.spec;
  ::prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
  if (auto ready = channel.send(MessageType::ready); !ready) ::_exit(1);

  UniqueFd start_reply;  // create: the exec fifo, where `start` reads how the last steps went
  if (options.exec_fifo_fd >= 0) {
    channel.close();
    auto fifo = wait_for_start_command(options.exec_fifo_fd);
    if (!fifo) ::_exit(1);
    start_reply = std::move(*fifo);
  } else if (auto start = channel.expect(MessageType::start, -1); !start) {
    ::_exit(1);
  }

  auto hooks = run_hooks(spec.hooks.start_container, "startContainer",
                         state_for_hooks(options, spec::Status::created));
  if (!hooks) {
    if (start_reply.valid()) {
      (void)write_all(start_reply.get(), "E" + hooks.error().text());
    } else {
      (void)channel.send_error(hooks.error());
    }
    ::_exit(1);
  }
  // "0", then the exec closes the fifo (close-on-exec): `start` reads end-of-file once the
  // program runs, so poststart hooks never run before it.
  if (start_reply.valid()) (void)write_all(start_reply.get(), "0");
  Error error = exec_container_process(trampoline->get(), *set_up, spec.process->args, spec.process->env);
  if (channel.fd() >= 0) (void)channel.send_error(error);
  log::error(error.text());
  ::_exit(127);
}

}  // namespace berth::process
