#include "process/exec_child.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "base/files.h"
#include "base/log.h"
#include "base/strings.h"
#include "linux/personality.h"
#include "linux/terminal.h"
#include "process/final_exec.h"
#include "process/process_setup.h"

namespace berth::process {
namespace {

Result<std::string> set_up_exec(ExecOptions& options, Channel& channel) {
  const spec::Process& process = options.process;
  BERTH_TRY(join_namespaces(options.namespaces_to_join));
  if (options.in_user_namespace) BERTH_TRY(become_namespace_root());
  // Joining the mount namespace put us at its root; everything below is the container's view.
  if (process.terminal) {
    UniqueFd root = BERTH_TRY(open_file("/", O_PATH | O_DIRECTORY));
    linux::Pty pty = BERTH_TRY(linux::open_pty_in_root(root.get()));
    if (process.console_size) BERTH_TRY(linux::set_window_size(pty.slave.get(), *process.console_size));
    BERTH_TRY(linux::give_terminal_to(pty.slave.get(), process.user.uid));
    BERTH_TRY(linux::make_controlling_terminal(pty.slave.get()));
    BERTH_TRY(channel.send(MessageType::terminal, pty.slave_name, pty.master.get()));
  }
  const spec::Spec& spec = *options.container_spec;
  if (spec.linux_config && spec.linux_config->personality) {
    BERTH_TRY(linux::apply_personality(*spec.linux_config->personality));
  }
  BERTH_TRY(apply_process_limits(process));
  if (::chdir(process.cwd.c_str()) != 0) return fail_system("process.cwd: chdir to " + quoted(process.cwd));
  std::string executable = BERTH_TRY(resolve_executable(process.args[0], process.env));
  std::optional<SeccompMoment> seccomp_at;
  if (options.seccomp) seccomp_at = seccomp_moment(process, *options.seccomp);
  if (seccomp_at == SeccompMoment::before_dropping_privileges) {
    BERTH_TRY(load_seccomp_and_send_listener(*options.seccomp, channel));
  }
  BERTH_TRY(drop_privileges(process, options.in_user_namespace));
  if (seccomp_at == SeccompMoment::after_dropping_privileges) {
    BERTH_TRY(load_seccomp_and_send_listener(*options.seccomp, channel));
  }
  BERTH_TRY(clear_cloexec_on_preserved(options.preserve_fds));
  return executable;
}

}  // namespace

void exec_child_main(ExecOptions& options, Channel& channel) {
  pid_t parent = ::getppid();
  ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (::getppid() != parent) ::_exit(1);
  // Not dumpable while it runs the runtime's code inside the container (CVE-2019-5736).
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  if (!options.process.terminal) ::setsid();  // its own session, as the init has
  std::vector<int> keep = {channel.fd(), options.log_fd};
  for (const auto& ns : options.namespaces_to_join) keep.push_back(ns.fd.get());
  close_fds_except(options.preserve_fds, keep);

  auto trampoline = make_exec_trampoline();
  auto executable = trampoline ? set_up_exec(options, channel) : Result<std::string>(fail(trampoline.error()));
  if (!executable) {
    (void)channel.send_error(executable.error());
    ::_exit(1);
  }
  // The parent may return before this process execs (exec --detach); it must outlive it.
  ::prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
  if (!channel.send(MessageType::ready)) ::_exit(1);
  if (options.seccomp && seccomp_moment(options.process, *options.seccomp) == SeccompMoment::just_before_exec) {
    if (auto loaded = linux::load_seccomp(*options.seccomp); !loaded) {
      (void)channel.send_error(std::move(loaded.error()).with_context("linux.seccomp"));
      ::_exit(1);
    }
  }
  Error error = exec_container_process(trampoline->get(), *executable, options.process.args, options.process.env);
  (void)channel.send_error(error);
  ::_exit(127);
}

}  // namespace berth::process
