#include "command.h"

namespace berth::cli {
namespace {

std::vector<Flag> create_flags(container::CreateOptions& options) {
  return {
      {"bundle", 'b', Flag::Kind::text, &options.bundle, "the bundle directory (default: current directory)", "DIR"},
      {"pid-file", 0, Flag::Kind::text, &options.pid_file, "write the init's pid to FILE", "FILE"},
      {"console-socket", 0, Flag::Kind::text, &options.console_socket,
       "AF_UNIX socket that receives the terminal's master fd", "PATH"},
      {"no-pivot", 0, Flag::Kind::boolean, &options.no_pivot, "use MS_MOVE and chroot instead of pivot_root"},
      {"no-new-keyring", 0, Flag::Kind::boolean, &options.no_new_keyring, "do not create a new session keyring"},
      {"preserve-fds", 0, Flag::Kind::integer, &options.preserve_fds,
       "pass N extra file descriptors (3 .. 3+N-1) to the container", "N"},
      {"pidfd-socket", 0, Flag::Kind::text, &options.pidfd_socket,
       "AF_UNIX socket that receives a pidfd of the container's init", "PATH"},
  };
}

Result<> reject_systemd(const GlobalOptions& global) {
  if (global.systemd_cgroup) {
    return fail_invalid("--systemd-cgroup: the systemd cgroup driver is not supported yet; use the cgroupfs driver");
  }
  return {};
}

}  // namespace

int command_create(const GlobalOptions& global, std::span<char* const> args) {
  container::CreateOptions options;
  auto flags = create_flags(options);
  auto parsed = parse_command_args("create", args, flags, 1, 1);
  if (!parsed.ok) return parsed.exit_code;
  if (auto systemd = reject_systemd(global); !systemd) return report_failure(systemd.error());
  auto created = container::create_container(global.runtime, parsed.positionals[0], options);
  return created ? 0 : report_failure(created.error());
}

int command_run(const GlobalOptions& global, std::span<char* const> args) {
  container::CreateOptions options;
  container::RunOptions run;
  auto flags = create_flags(options);
  flags.push_back({"detach", 'd', Flag::Kind::boolean, &run.detach, "return once the process is running"});
  flags.push_back({"keep", 0, Flag::Kind::boolean, &run.keep, "keep the container's state after it exits"});
  flags.push_back({"no-subreaper", 0, Flag::Kind::boolean, &run.no_subreaper,
                   "do not become a subreaper that reaps the container's orphans"});
  auto parsed = parse_command_args("run", args, flags, 1, 1);
  if (!parsed.ok) return parsed.exit_code;
  if (auto systemd = reject_systemd(global); !systemd) return report_failure(systemd.error());
  auto exit_code = container::run_container(global.runtime, parsed.positionals[0], options, run);
  return exit_code ? *exit_code : report_failure(exit_code.error());
}

}  // namespace berth::cli
