#include "command.h"

#include <unistd.h>

#include <vector>

#include "base/files.h"
#include "base/log.h"

namespace berth::cli {
namespace {

constexpr Command kCommands[] = {
    {"create", command_create, "create [options] <container-id>", "create a container"},
    {"start", command_start, "start <container-id>", "start the process of a created container"},
    {"run", command_run, "run [options] <container-id>", "create and start a container"},
    {"exec", command_exec, "exec [options] <container-id> <command> [args...]",
     "run a new process in a running container"},
    {"state", command_state, "state <container-id>", "print the state of a container"},
    {"kill", command_kill, "kill [options] <container-id> [signal]",
     "send a signal (default SIGTERM) to the container's init"},
    {"delete", command_delete, "delete [options] <container-id>", "delete a container"},
    {"list", command_list, "list [options]", "list containers"},
    {"update", command_update, "update [options] <container-id>", "change the resource limits of a running container"},
    {"pause", command_pause, "pause <container-id>", "freeze every process of the container"},
    {"resume", command_resume, "resume <container-id>", "thaw a paused container"},
    {"ps", command_ps, "ps [--format table|json] <container-id> [ps options]", "list the container's processes"},
    {"events", command_events, "events [--stats] [--interval D] <container-id>", "stream stats and OOM events as JSON"},
    {"spec", command_spec, "spec [options]", "write a default config.json"},
    {"features", command_features, "features", "print the features this build supports"},
};

const Command* find_command(std::string_view name) {
  for (const auto& command : kCommands) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

std::string usage_text(std::string_view command, std::span<const Flag> flags) {
  const Command* entry = find_command(command);
  std::string text = "Usage: berth-runtime ";
  text += entry ? std::string(entry->usage) : std::string(command);
  text += "\n\n";
  if (entry) text += std::string(entry->summary) + "\n\n";
  text += describe_flags(flags);
  text += "  -h, --help                     show this help\n";
  return text;
}

}  // namespace

std::span<const Command> commands() { return kCommands; }

int report_failure(const Error& error) {
  log::error(error.text());
  return 1;
}

int usage_error(std::string_view command, std::string_view message, std::span<const Flag> flags) {
  std::string text = "berth-runtime " + std::string(command) + ": " + std::string(message) + "\n\n" +
                     usage_text(command, flags);
  if (log::current().fd >= 0) log::error(std::string(command) + ": " + std::string(message));
  (void)write_all(STDERR_FILENO, text);
  return 2;
}

int print_help(std::string_view command, std::span<const Flag> flags) {
  (void)write_all(STDOUT_FILENO, usage_text(command, flags));
  return 0;
}

ParsedArgs parse_command_args(std::string_view command, std::span<char* const> args,
                              std::span<const Flag> flags, size_t min_positionals,
                              size_t max_positionals, ParseOptions options) {
  bool help = false;
  std::vector<Flag> all(flags.begin(), flags.end());
  all.push_back({"help", 'h', Flag::Kind::boolean, &help, "show this help"});
  ParsedArgs parsed;
  auto positionals = parse_flags(args, all, options);
  if (!positionals) {
    parsed.exit_code = usage_error(command, positionals.error().text(), flags);
    return parsed;
  }
  if (help) {
    parsed.exit_code = print_help(command, flags);
    return parsed;
  }
  if (positionals->size() < min_positionals) {
    parsed.exit_code = usage_error(command, min_positionals == 1 ? "a container id is required"
                                                                 : "missing arguments", flags);
    return parsed;
  }
  if (positionals->size() > max_positionals) {
    parsed.exit_code = usage_error(command, "unexpected argument \"" + (*positionals)[max_positionals] + "\"", flags);
    return parsed;
  }
  parsed.ok = true;
  parsed.positionals = std::move(*positionals);
  return parsed;
}

}  // namespace berth::cli
