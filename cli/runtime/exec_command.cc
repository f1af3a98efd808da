#include "command.h"

namespace berth::cli {

int command_exec(const GlobalOptions& global, std::span<char* const> args) {
  container::ExecRequest request;
  spec::ExecFlags& f = request.flags;
  std::vector<std::string> caps;
  std::string additional_gids;
  const Flag flags[] = {
      {"process", 'p', Flag::Kind::text, &request.process_file, "a JSON process object (config.json's \"process\")", "FILE"},
      {"tty", 't', Flag::Kind::boolean, &f.tty, "allocate a terminal"},
      {"console-socket", 0, Flag::Kind::text, &request.console_socket, "AF_UNIX socket that receives the terminal", "PATH"},
      {"detach", 'd', Flag::Kind::boolean, &request.detach, "return once the process runs"},
      {"pid-file", 0, Flag::Kind::text, &request.pid_file, "write the process's pid to FILE", "FILE"},
      {"cwd", 0, Flag::Kind::text, &f.cwd, "working directory in the container", "DIR"},
      {"env", 'e', Flag::Kind::repeated_text, &f.env, "set an environment variable", "KEY=VALUE"},
      {"user", 'u', Flag::Kind::text, &f.user, "run as UID[:GID]", "UID[:GID]"},
      {"additional-gids", 'g', Flag::Kind::repeated_text, &f.additional_gids, "supplementary group", "GID"},
      {"cap", 'c', Flag::Kind::repeated_text, &f.capabilities, "add a capability", "CAP"},
      {"no-new-privs", 0, Flag::Kind::boolean, &f.no_new_privileges, "set no_new_privs"},
      {"preserve-fds", 0, Flag::Kind::integer, &request.preserve_fds, "pass N extra file descriptors", "N"},
      {"process-label", 0, Flag::Kind::text, &f.process_label, "SELinux label", "LABEL"},
      {"apparmor", 0, Flag::Kind::text, &f.apparmor_profile, "AppArmor profile", "PROFILE"},
      {"ignore-paused", 0, Flag::Kind::boolean, &request.ignore_paused, "exec even if the container is paused"},
      {"no-subreaper", 0, Flag::Kind::boolean, &request.no_subreaper, "do not reap orphans"},
      {"pidfd-socket", 0, Flag::Kind::text, &request.pidfd_socket, "AF_UNIX socket that receives a pidfd of the process", "PATH"},
  };
  auto parsed = parse_command_args("exec", args, flags, 1, SIZE_MAX, {.stop_at_first_positional = true});
  if (!parsed.ok) return parsed.exit_code;
  f.args.assign(parsed.positionals.begin() + 1, parsed.positionals.end());
  if (request.process_file.empty() && f.args.empty()) {
    return usage_error("exec", "a command is required (or --process FILE)", flags);
  }
  auto exit_code = container::exec_in_container(global.runtime, parsed.positionals[0], request);
  return exit_code ? *exit_code : report_failure(exit_code.error());
}

}  // namespace berth::cli
