#include "command.h"

namespace berth::cli {

int command_start(const GlobalOptions& global, std::span<char* const> args) {
  auto parsed = parse_command_args("start", args, {}, 1, 1);
  if (!parsed.ok) return parsed.exit_code;
  auto started = container::start_container(global.runtime, parsed.positionals[0]);
  return started ? 0 : report_failure(started.error());
}

}  // namespace berth::cli
