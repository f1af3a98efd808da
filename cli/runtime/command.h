// What every berth-runtime command shares: the global options, the command table entry, and how
// errors become exit codes (1 for a failed operation, 2 for a usage error).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "base/error.h"
#include "container/container.h"
#include "flags.h"

namespace berth::cli {

struct GlobalOptions {
  container::RuntimeOptions runtime;
  bool systemd_cgroup = false;
};

using CommandMain = int (*)(const GlobalOptions& global, std::span<char* const> args);

struct Command {
  std::string_view name;
  CommandMain main;
  std::string_view usage;    // "create [options] <container-id>"
  std::string_view summary;  // one line
};

std::span<const Command> commands();

// Logs the error and returns 1.
int report_failure(const Error& error);
// Prints the message and the command's usage to stderr and returns 2.
int usage_error(std::string_view command, std::string_view message, std::span<const Flag> flags);
// Prints the command's usage to stdout and returns 0.
int print_help(std::string_view command, std::span<const Flag> flags);

// Parses the flags; on error prints usage. `help` is set by -h/--help (always accepted).
struct ParsedArgs {
  bool ok = false;
  int exit_code = 0;  // when !ok
  std::vector<std::string> positionals;
};
ParsedArgs parse_command_args(std::string_view command, std::span<char* const> args,
                              std::span<const Flag> flags, size_t min_positionals,
                              size_t max_positionals, ParseOptions options = {});

int command_spec(const GlobalOptions&, std::span<char* const>);
int command_create(const GlobalOptions&, std::span<char* const>);
int command_start(const GlobalOptions&, std::span<char* const>);
int command_run(const GlobalOptions&, std::span<char* const>);
int command_state(const GlobalOptions&, std::span<char* const>);
int command_kill(const GlobalOptions&, std::span<char* const>);
int command_delete(const GlobalOptions&, std::span<char* const>);
int command_list(const GlobalOptions&, std::span<char* const>);
int command_features(const GlobalOptions&, std::span<char* const>);
int command_exec(const GlobalOptions&, std::span<char* const>);
int command_update(const GlobalOptions&, std::span<char* const>);
int command_pause(const GlobalOptions&, std::span<char* const>);
int command_resume(const GlobalOptions&, std::span<char* const>);
int command_ps(const GlobalOptions&, std::span<char* const>);
int command_events(const GlobalOptions&, std::span<char* const>);

}  // namespace berth::cli
