#include <unistd.h>

#include "base/files.h"
#include "command.h"

namespace berth::cli {

int command_state(const GlobalOptions& global, std::span<char* const> args) {
  auto parsed = parse_command_args("state", args, {}, 1, 1);
  if (!parsed.ok) return parsed.exit_code;
  auto state = container::container_state(global.runtime, parsed.positionals[0]);
  if (!state) return report_failure(state.error());
  (void)write_all(STDOUT_FILENO, spec::oci_state_json(state->record, state->status, true));
  return 0;
}

}  // namespace berth::cli
