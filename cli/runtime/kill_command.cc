#include <signal.h>

#include "command.h"

namespace berth::cli {

int command_kill(const GlobalOptions& global, std::span<char* const> args) {
  bool all = false;
  const Flag flags[] = {
      {"all", 'a', Flag::Kind::boolean, &all, "send the signal to every process of the container"},
  };
  auto parsed = parse_command_args("kill", args, flags, 1, 2);
  if (!parsed.ok) return parsed.exit_code;
  int signal = SIGTERM;
  if (parsed.positionals.size() == 2) {
    auto number = container::parse_signal(parsed.positionals[1]);
    if (!number) return usage_error("kill", number.error().text(), flags);
    signal = *number;
  }
  auto killed = container::kill_container(global.runtime, parsed.positionals[0], signal, all);
  return killed ? 0 : report_failure(killed.error());
}

}  // namespace berth::cli
