#include "process/container_init.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>


#include "base/files.h"
#include "base/log.h"
#include "base/strings.h"
#include "linux/loopback.h"
#include "linux/namespaces.h"
#include "linux/path_in_root.h"
#include "linux/personality.h"
#include "linux/rootfs.h"
#include "linux/terminal.h"
#include "process/final_exec.h"
#include "process/hooks.h"
#include "process/process_setup.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

namespace berth::process {
namespace {

constexpr int kParentTimeoutMs = 60 * 1000;

const spec::Linux& linux_section(const spec::Spec& spec) {
  static const spec::Linux kEmpty;
  return spec.linux_config ? *spec.linux_config : kEmpty;
}

// The child's half of the two-stage start (InitOptions::two_stage). Only the real init returns.
// Everything but stdio, the preserved descriptors and what the init still needs.
void close_inherited_fds(const InitOptions& options, int channel_fd) {
  std::vector<int> keep = {channel_fd, options.exec_fifo_fd, options.log_fd};
  for (const auto& ns : options.namespaces_to_join) keep.push_back(ns.fd.get());
  close_fds_except(options.preserve_fds, keep);
}

Result<> enter_namespaces_in_stages(InitOptions& options, Channel& channel) {
  BERTH_TRY(join_namespaces(options.namespaces_to_join));
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
  const spec::Linux& linux_config = linux_section(spec);
  if (linux_config.personality) BERTH_TRY(linux::apply_personality(*linux_config.personality));
  BERTH_TRY(apply_process_limits(*spec.process));
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
  // Not dumpable from here on: other processes in the container cannot open /proc/<init>/fd or
  // exe. (Not earlier: an unprivileged parent writes our uid_map through /proc/<pid>, which a
  // process that is not dumpable closes to it.)
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  if (!options.two_stage) {
    BERTH_TRY(join_namespaces(options.namespaces_to_join));
    if (options.in_user_namespace) BERTH_TRY(become_namespace_root());
  }
  // A new IPC namespace made by the root of the user namespace, so that its mqueue belongs to
  // that root (clone3 would have made it with the runtime's unmapped ids).
  if (options.unshare_ipc_namespace && ::unshare(CLONE_NEWIPC) != 0) {
    return fail_system("unshare the ipc namespace");
  }
  // Its own session: a signal to its process group cannot reach the runtime or its caller, and
  // it has no controlling terminal but its own.
  if (!process.terminal && ::setsid() < 0) return fail_system("setsid");
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
    BERTH_TRY(linux::give_terminal_to(pty.slave.get(), process.user.uid));
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
  std::optional<SeccompMoment> seccomp_at;
  if (options.seccomp) seccomp_at = seccomp_moment(process, *options.seccomp);
  if (seccomp_at == SeccompMoment::before_dropping_privileges) {
    BERTH_TRY(load_seccomp_and_send_listener(*options.seccomp, channel));
  }
  BERTH_TRY(drop_privileges(*spec.process, options.in_user_namespace));
  if (seccomp_at == SeccompMoment::after_dropping_privileges) {
    BERTH_TRY(load_seccomp_and_send_listener(*options.seccomp, channel));
  }
  BERTH_TRY(clear_cloexec_on_preserved(options.preserve_fds));
  return executable;
}

}  // namespace

void container_init_main(InitOptions& options, Channel& channel) {
  // Until the parent has seen "ready", the init must not outlive it.
  pid_t parent = ::getppid();
  ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (::getppid() != parent) ::_exit(1);
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
  // A runtime killed before it recorded the container as created must not leave an init that its
  // state calls stopped: its death is end-of-file here. (Not PR_SET_PDEATHSIG: "committed" is
  // read before end-of-file, so a runtime killed just after sending it leaves a created init.)
  if (auto committed = channel.expect(MessageType::committed, kParentTimeoutMs); !committed) ::_exit(1);

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
  if (hooks && options.seccomp && seccomp_moment(*spec.process, *options.seccomp) == SeccompMoment::just_before_exec) {
    auto loaded = linux::load_seccomp(*options.seccomp);
    if (!loaded) hooks = fail(std::move(loaded.error()).with_context("linux.seccomp"));
  }
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
