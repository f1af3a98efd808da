#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "base/files.h"
#include "base/log.h"
#include "base/strings.h"
#include "cgroup/driver.h"
#include "container/binary_protection.h"
#include "container/container.h"
#include "container/state_store.h"
#include "container/status.h"
#include "linux/namespaces.h"
#include "linux/process_info.h"
#include "linux/seccomp_cache.h"
#include "linux/seccomp_listener.h"
#include "spec/container_process_state.h"
#include "linux/terminal.h"
#include "linux/unix_socket.h"
#include "process/exec_child.h"
#include "process/foreground.h"
#include "process/process_setup.h"
#include "process/spawn.h"
#include "spec/parse.h"
#include "spec/validate.h"

namespace berth::container {
namespace {

constexpr int kExecSetupTimeoutMs = 60 * 1000;
constexpr int kExitedGraceMs = 100;

Result<spec::Process> exec_process(const spec::Spec& config, const ExecRequest& request) {
  spec::Process process;
  if (!request.process_file.empty()) {
    std::string text = BERTH_TRY_CTX(read_file(request.process_file), "--process");
    process = BERTH_TRY_CTX(spec::parse_process(text), request.process_file);
  } else {
    if (!config.process) return fail_invalid("the container's config.json has no process to start from");
    process = BERTH_TRY(spec::exec_process_from_flags(*config.process, request.flags));
  }
  BERTH_TRY_CTX(spec::validate_process(process, "process"), request.process_file.empty() ? "exec" : request.process_file);
  if (!process.apparmor_profile.empty()) return fail_invalid("process.apparmorProfile: AppArmor is not supported yet");
  if (!process.selinux_label.empty()) return fail_invalid("process.selinuxLabel: SELinux is not supported yet");
  return process;
}

Result<> check_console(const spec::Process& process, const ExecRequest& request) {
  if (process.terminal && request.detach && request.console_socket.empty()) {
    return fail_invalid("--tty with --detach needs a --console-socket to hand the terminal to");
  }
  if (!process.terminal && !request.console_socket.empty()) {
    return fail_invalid("--console-socket was given but the process has no terminal (--tty)");
  }
  if (!request.console_socket.empty()) {
    struct stat st;
    if (::stat(request.console_socket.c_str(), &st) != 0) {
      return fail_system("--console-socket " + quoted(request.console_socket));
    }
    if (!S_ISSOCK(st.st_mode)) return fail_invalid("--console-socket: " + quoted(request.console_socket) + " is not a socket");
  }
  return {};
}

// The init's namespaces, for every type the container has its own of (or joined).
Result<std::vector<process::NamespaceToJoin>> open_container_namespaces(const spec::Spec& config, pid_t init_pid,
                                                                       UniqueFd& pid_namespace) {
  std::vector<process::NamespaceToJoin> namespaces;
  if (!config.linux_config) return namespaces;
  for (const auto& ns : config.linux_config->namespaces) {
    std::string path = "/proc/" + std::to_string(init_pid) + "/ns/" + linux::proc_ns_name(ns.type);
    UniqueFd fd = BERTH_TRY(linux::open_namespace(path, ns.type));
    if (ns.type == spec::NamespaceType::pid) {
      pid_namespace = std::move(fd);
    } else {
      namespaces.push_back({ns.type, std::move(fd)});
    }
  }
  return namespaces;
}

// Terminal first (when there is one), then ready; then end-of-file once the program runs.
Result<> wait_until_running(process::SpawnedChild& child, const ExecRequest& request, const spec::Spec& config,
                            spec::ContainerRecord record, UniqueFd& pty_master) {
  for (;;) {
    process::Message message = BERTH_TRY(child.channel.receive(kExecSetupTimeoutMs, child.pidfd.get()));
    if (message.type == process::MessageType::seccomp_listener && message.fd.valid()) {
      const spec::Seccomp& seccomp = *config.linux_config->seccomp;
      record.pid = child.pid;
      std::string state = spec::container_process_state_json(record, spec::Status::running, seccomp.listener_metadata);
      BERTH_TRY(linux::send_seccomp_listener(seccomp.listener_path, message.fd.get(), state));
      continue;
    }
    if (message.type == process::MessageType::terminal && message.fd.valid()) {
      if (request.console_socket.empty()) {
        pty_master = std::move(message.fd);
      } else {
        BERTH_TRY(linux::send_fd_to_unix_socket(request.console_socket, message.fd.get(), message.payload));
      }
      continue;
    }
    if (message.type == process::MessageType::ready) break;
    if (process::is_end_of_file(message)) return fail_invalid("the exec process exited during setup");
    if (message.type == process::MessageType::error) return fail(Error(message.errnum, message.payload));
    return fail_invalid(std::string("protocol error: unexpected ") + process::message_type_name(message.type));
  }
  process::Message after = BERTH_TRY(child.channel.receive(kExecSetupTimeoutMs, child.pidfd.get()));
  if (process::is_end_of_file(after)) return {};
  if (after.type == process::MessageType::error) return fail(Error(after.errnum, after.payload));
  return fail_invalid(std::string("protocol error: unexpected ") + process::message_type_name(after.type));
}

// Whether the container's init is gone or going: a process that is exiting has lost its
// namespaces before it is a zombie, and one that was just killed gets a moment to show it.
bool init_exited(const spec::ContainerRecord& record) {
  auto pidfd = linux::open_pidfd(record.pid);
  if (!pidfd || !linux::process_matches(record.pid, record.pid_start_time)) return true;
  if (!path_exists("/proc/" + std::to_string(record.pid) + "/ns/mnt")) return true;
  struct pollfd fd = {pidfd->get(), POLLIN, 0};
  return ::poll(&fd, 1, kExitedGraceMs) > 0;
}

Result<int> exec_in_live_container(const RuntimeOptions& runtime, const std::string& id, const ExecRequest& request,
                                   const ContainerDir& dir, const spec::ContainerRecord& record) {
  std::string config_text = BERTH_TRY(read_file(dir.config_copy_path()));
  spec::Spec config = BERTH_TRY_CTX(spec::parse_config(config_text), dir.config_copy_path());
  BERTH_TRY(protect_runtime_binary(runtime, config));

  process::ExecOptions options;
  options.process = BERTH_TRY(exec_process(config, request));
  BERTH_TRY(check_console(options.process, request));
  options.container_spec = &config;
  options.container_id = id;
  options.preserve_fds = request.preserve_fds;
  options.log_fd = runtime.log_fd;
  options.in_user_namespace = config.linux_config && config.linux_config->has_namespace(spec::NamespaceType::user);
  UniqueFd pid_namespace;
  options.namespaces_to_join = BERTH_TRY(open_container_namespaces(config, record.pid, pid_namespace));
  if (config.linux_config && config.linux_config->seccomp) {
    options.seccomp = BERTH_TRY_CTX(linux::compile_seccomp_cached(*config.linux_config->seccomp, runtime.cache_dir),
                                    "linux.seccomp");
  }
  std::unique_ptr<cgroup::Driver> cgroup;
  if (!record.cgroup_paths.empty()) {
    cgroup = BERTH_TRY(cgroup::open_existing({record.cgroup_paths, record.created_cgroups}));
  }

  // Connected before the process starts, as runc does: a socket nobody listens on fails the exec
  // before anything ran.
  UniqueFd pidfd_socket;
  if (!request.pidfd_socket.empty()) {
    pidfd_socket = BERTH_TRY_CTX(linux::connect_unix_socket(request.pidfd_socket), "--pidfd-socket");
  }
  if (!request.detach) {
    process::block_forwarded_signals();
    if (!request.no_subreaper) ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  }
  auto run_exec_child = [](void* context, process::Channel& channel) {
    process::exec_child_main(*static_cast<process::ExecOptions*>(context), channel);
  };
  process::SpawnedChild child =
      BERTH_TRY(process::clone_child(0, cgroup.get(), pid_namespace.get(), run_exec_child, &options));
  UniqueFd pty_master;
  if (auto running = wait_until_running(child, request, config, record, pty_master); !running) {
    process::kill_and_reap(child.pid, child.pidfd.get());
    return fail(std::move(running.error()));
  }
  log::debug("exec in " + id + ": pid " + std::to_string(child.pid));
  // Whoever asked for the pid must get it; otherwise the process must not stay behind.
  Result<> handed_over;
  if (pidfd_socket.valid()) {
    handed_over = linux::send_fd(pidfd_socket.get(), child.pidfd.get(), "pidfd");
    if (!handed_over) handed_over = fail(std::move(handed_over.error()).with_context("--pidfd-socket"));
  }
  if (handed_over && !request.pid_file.empty()) {
    handed_over = write_file_atomic(request.pid_file, std::to_string(child.pid), 0644);
    if (!handed_over) handed_over = fail(std::move(handed_over.error()).with_context("--pid-file"));
  }
  if (!handed_over) {
    process::kill_and_reap(child.pid, child.pidfd.get());
    return fail(std::move(handed_over.error()));
  }
  if (request.detach) return 0;
  return process::supervise_foreground(child.pid, child.pidfd.get(), pty_master.get());
}

}  // namespace

Result<int> exec_in_container(const RuntimeOptions& runtime, const std::string& id, const ExecRequest& request) {
  BERTH_TRY(process::check_fds_to_preserve(request.preserve_fds, runtime.log_fd));
  StateStore store(runtime.root);
  ContainerDir dir = BERTH_TRY(store.open(id));
  spec::ContainerRecord record = BERTH_TRY(dir.read_record());
  spec::Status status = derive_status(dir, record);
  if (status == spec::Status::stopped || status == spec::Status::creating) {
    return fail_invalid("cannot exec in container " + quoted(id) + ": it is " + spec::status_name(status));
  }
  if (status == spec::Status::paused && !request.ignore_paused) {
    return fail_invalid("cannot exec in container " + quoted(id) + ": it is paused (use --ignore-paused)");
  }
  auto exec = exec_in_live_container(runtime, id, request, dir, record);
  // A container that stops meanwhile fails the exec somewhere in its setup (a namespace or cgroup
  // file gone, clone refused in a pid namespace without its init): say so, not just where.
  if (!exec && init_exited(record)) {
    return fail_invalid("cannot exec in container " + quoted(id) + ": it stopped while the process was set up (" +
                        exec.error().text() + ")");
  }
  return exec;
}

}  // namespace berth::container
