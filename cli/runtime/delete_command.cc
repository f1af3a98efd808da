#include "command.h"

namespace berth::cli {

int command_delete(const GlobalOptions& global, std::span<char* const> args) {
  bool force = false;
  const Flag flags[] = {
      {"force", 'f', Flag::Kind::boolean, &force, "kill the container first if it is running"},
  };
  auto parsed = parse_command_args("delete", args, flags, 1, 1);
  if (!parsed.ok) return parsed.exit_code;
  auto deleted = container::delete_container(global.runtime, parsed.positionals[0], force);
  return deleted ? 0 : report_failure(deleted.error());
}

}  // namespace berth::cli
