#include <unistd.h>

#include "base/files.h"
#include "command.h"
#include "container/features.h"

namespace berth::cli {

int command_features(const GlobalOptions&, std::span<char* const> args) {
  auto parsed = parse_command_args("features", args, {}, 0, 0);
  if (!parsed.ok) return parsed.exit_code;
  (void)write_all(STDOUT_FILENO, container::features_document());
  return 0;
}

}  // namespace berth::cli
