#include "process/spawn.h"

#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sys/prctl.h>

#include "base/files.h"
#include "base/strings.h"
#include "linux/id_mappings.h"
#include "linux/process_info.h"
#include "process/container_init.h"

namespace berth::process {
namespace {

// clone3(2) without a new stack: like fork(2), the child continues on a copy of this stack.
long clone3_fork_like(uint64_t flags, int* pidfd, int cgroup_fd) {
  struct clone_args args = {};
  args.flags = flags | CLONE_PIDFD;
  args.pidfd = reinterpret_cast<uint64_t>(pidfd);
  args.exit_signal = SIGCHLD;
  if (cgroup_fd >= 0) {
    args.flags |= CLONE_INTO_CGROUP;
    args.cgroup = static_cast<uint64_t>(cgroup_fd);
  }
  return ::syscall(SYS_clone3, &args, sizeof args);
}

constexpr int kStageTimeoutMs = 60 * 1000;

Result<> write_maps_for(pid_t pid, const InitOptions& options) {
  const spec::Linux& linux_config = *options.spec->linux_config;
  // Without CAP_SETGID in the parent namespace (rootless), the kernel only takes a gid_map after
  // setgroups is denied.
  bool deny_setgroups = ::geteuid() != 0;
  return linux::write_id_mappings(pid, linux_config.uid_mappings, linux_config.gid_mappings, deny_setgroups);
}

// The parent's half of the two-stage start (see InitOptions::two_stage): write the maps when the
// child asks, then learn the pid of the grandchild that is the real init.
Result<> follow_two_stage_start(SpawnedInit& init, const InitOptions& options) {
  if (options.new_namespace_flags & CLONE_NEWUSER) {
    BERTH_TRY(init.channel.expect(MessageType::map_request, kStageTimeoutMs, init.pidfd.get()));
    BERTH_TRY(write_maps_for(init.pid, options));
    BERTH_TRY(init.channel.send(MessageType::maps_written));
  }
  if (!(options.new_namespace_flags & CLONE_NEWPID)) return {};
  Message message = BERTH_TRY(init.channel.expect(MessageType::pid, kStageTimeoutMs, init.pidfd.get()));
  auto grandchild = parse_i64(message.payload);
  if (!grandchild || *grandchild <= 0) return fail_invalid("protocol error: bad pid " + message.payload);
  while (::waitpid(init.pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  // We are a subreaper, so the orphaned grandchild is ours to wait for and cannot be reaped by
  // anyone else: its pid cannot be reused under us.
  init.pid = static_cast<pid_t>(*grandchild);
  init.pidfd = BERTH_TRY(linux::open_pidfd(init.pid));
  return {};
}

}  // namespace

void kill_and_reap(pid_t pid, int pidfd) {
  if (pid <= 0) return;
  if (pidfd >= 0) {
    ::syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0);
  } else {
    ::kill(pid, SIGKILL);
  }
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

Result<SpawnedChild> clone_child(uint64_t clone_flags, cgroup::Driver* cgroup, int pid_namespace,
                                 void (*child_main)(void* context, Channel& channel), void* context) {
  auto [parent_end, child_end] = BERTH_TRY(Channel::make_pair());

  UniqueFd own_pid_namespace;
  if (pid_namespace >= 0) {
    own_pid_namespace = BERTH_TRY(open_file("/proc/self/ns/pid", O_RDONLY));
    if (::setns(pid_namespace, CLONE_NEWPID) != 0) return fail_system("join the container's pid namespace");
  }

  // Into the cgroup at birth: clone3(CLONE_INTO_CGROUP) for cgroup2, and the child writes "0" to
  // the v1 hierarchies itself. Moving a running process instead (add_process) waits for an RCU
  // grace period, 8-20 ms here.
  cgroup::ChildPlacement placement;
  if (cgroup) placement = BERTH_TRY_CTX(cgroup->prepare_child_placement(), "prepare the cgroup");
  int pidfd = -1;
  long pid = clone3_fork_like(clone_flags, &pidfd, placement.clone_into_cgroup_fd);
  if (pid == 0) {
    parent_end.close();
    if (int err = cgroup::join_from_child(placement); err != 0) {
      (void)child_end.send_error(Error(err, "join the container's cgroup"));
      ::_exit(1);
    }
    placement.join_fds.clear();
    child_main(context, child_end);
    ::_exit(127);  // child_main does not return
  }
  int clone_errno = errno;
  if (own_pid_namespace.valid()) ::setns(own_pid_namespace.get(), CLONE_NEWPID);
  if (pid < 0) return fail_system("clone", clone_errno);

  SpawnedChild child;
  child.pid = static_cast<pid_t>(pid);
  child.pidfd.reset(pidfd);
  child.channel = std::move(parent_end);
  child_end.close();
  return child;
}

Result<SpawnedInit> spawn_init(InitOptions& options, cgroup::Driver* cgroup, int pid_namespace) {
  if (!options.two_stage && (options.new_namespace_flags & CLONE_NEWUSER) &&
      (options.new_namespace_flags & CLONE_NEWIPC)) {
    // Made by the init once it is root of its user namespace (see InitOptions).
    options.new_namespace_flags &= ~CLONE_NEWIPC;
    options.unshare_ipc_namespace = true;
  }
  uint64_t clone_flags = options.two_stage ? 0 : static_cast<uint64_t>(options.new_namespace_flags);
  if (options.two_stage) ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  auto run_init = [](void* context, Channel& channel) {
    container_init_main(*static_cast<InitOptions*>(context), channel);
  };
  SpawnedInit init = BERTH_TRY_CTX(clone_child(clone_flags, cgroup, pid_namespace, run_init, &options),
                                   "start the container's init");
  Result<> namespaces_ready;
  if (options.two_stage) {
    namespaces_ready = follow_two_stage_start(init, options);
  } else if (options.new_namespace_flags & CLONE_NEWUSER) {
    namespaces_ready = write_maps_for(init.pid, options);
  }
  if (!namespaces_ready) {
    kill_and_reap(init.pid, init.pidfd.get());
    return fail(std::move(namespaces_ready.error()));
  }
  return init;
}

}  // namespace berth::process
