// berth-runtime: an OCI runtime with runc's command line.
//   berth-runtime [global options] <command> [command options] [arguments]
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "base/files.h"
#include "base/log.h"
#include "command.h"
#include "linux/seccomp_features.h"
#include "spec/spec.h"

namespace berth::cli {
namespace {

// root's state lives in /run; an unprivileged user's under $XDG_RUNTIME_DIR, as runc does.
std::string default_root() {
  if (::geteuid() == 0) return "/run/berth-runtime";
  if (const char* runtime_dir = ::getenv("XDG_RUNTIME_DIR"); runtime_dir && *runtime_dir) {
    return std::string(runtime_dir) + "/berth-runtime";
  }
  return "/tmp/berth-runtime-" + std::to_string(::geteuid());
}

// Where compiled seccomp filters are cached: /var/cache/berth-runtime for root, the XDG cache
// directory otherwise; BERTH_CACHE_DIR overrides it ("" turns the cache off).
std::string default_cache_dir() {
  if (const char* configured = ::getenv("BERTH_CACHE_DIR")) return configured;
  if (::geteuid() == 0) return "/var/cache/berth-runtime";
  if (const char* xdg = ::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/berth-runtime";
  if (const char* home = ::getenv("HOME"); home && *home) return std::string(home) + "/.cache/berth-runtime";
  return "";
}

struct GlobalFlags {
  std::string root = default_root();
  std::string log_path;
  std::string log_format = "text";
  std::string rootless = "auto";
  std::string criu;
  bool debug = false;
  bool systemd_cgroup = false;
  bool version = false;
  bool help = false;
};

std::string version_text() {
  return std::string("berth-runtime version ") + BERTH_VERSION + "\nspec: " + spec::kSpecVersion +
         "\nlibseccomp: " + linux::libseccomp_version() + "\n";
}

std::string global_usage(std::span<const Flag> flags) {
  std::string text =
      "Usage: berth-runtime [global options] <command> [command options] [arguments]\n\n"
      "berth-runtime is an OCI runtime (runtime-spec " + std::string(spec::kSpecVersion) +
      ") with runc's command line.\n\nCommands:\n";
  for (const auto& command : commands()) {
    std::string name = "  " + std::string(command.name);
    name.resize(14, ' ');
    text += name + std::string(command.summary) + "\n";
  }
  text += "\nGlobal " + describe_flags(flags);
  text += "  -v, --version                  print the version\n";
  text += "  -h, --help                     show this help\n";
  return text;
}

// Global flags come before the command name; returns the index of the command, or args.size().
Result<size_t> parse_global_flags(std::span<char* const> args, std::span<const Flag> flags) {
  size_t i = 0;
  while (i < args.size() && args[i][0] == '-') {
    std::string_view arg = args[i];
    // A value flag consumes the next argument unless given as --name=value.
    bool needs_value = false;
    std::string_view name = arg.substr(arg.starts_with("--") ? 2 : 1);
    if (name.find('=') == std::string_view::npos) {
      for (const auto& flag : flags) {
        if ((flag.name == name || (name.size() == 1 && flag.short_name == name[0])) &&
            flag.kind != Flag::Kind::boolean) {
          needs_value = true;
        }
      }
    }
    size_t count = needs_value ? 2 : 1;
    if (i + count > args.size()) return fail_invalid("flag \"" + std::string(arg) + "\" needs a value");
    auto positionals = parse_flags(args.subspan(i, count), flags);
    if (!positionals) return fail(std::move(positionals.error()));
    i += count;
  }
  return i;
}

// --root as given, made absolute against the working directory (as runc does).
std::string absolute_path(const std::string& path) {
  if (path.starts_with("/")) return path;
  char cwd[4096];
  if (!::getcwd(cwd, sizeof cwd)) return path;
  return join_path(cwd, path);
}

Result<> configure_logging(const GlobalFlags& global) {
  log::Config config;
  if (global.log_format == "json") {
    config.format = log::Format::json;
  } else if (global.log_format != "text") {
    return fail_invalid("--log-format: expected text or json, got \"" + global.log_format + "\"");
  }
  config.min_level = global.debug ? log::Level::debug : log::Level::warning;
  if (!global.log_path.empty()) {
    UniqueFd fd = BERTH_TRY_CTX(open_file(global.log_path, O_WRONLY | O_CREAT | O_APPEND, 0640), "--log");
    config.fd = fd.release();
  }
  log::configure(config);
  return {};
}

int main_with_args(int argc, char** argv) {
  GlobalFlags global;
  bool version_short = false;
  const Flag flags[] = {
      {"root", 0, Flag::Kind::text, &global.root, "state directory (default /run/berth-runtime)", "DIR"},
      {"log", 0, Flag::Kind::text, &global.log_path, "log file (default stderr)", "FILE"},
      {"log-format", 0, Flag::Kind::text, &global.log_format, "text or json", "FORMAT"},
      {"debug", 0, Flag::Kind::boolean, &global.debug, "log debug messages"},
      {"systemd-cgroup", 0, Flag::Kind::boolean, &global.systemd_cgroup, "use systemd for cgroups (not supported yet)"},
      {"rootless", 0, Flag::Kind::text, &global.rootless, "auto, true or false (accepted for runc compatibility)", "MODE"},
      {"criu", 0, Flag::Kind::text, &global.criu, "accepted for runc compatibility; checkpointing is not supported", "PATH"},
  };
  std::vector<Flag> all(std::begin(flags), std::end(flags));
  all.push_back({"version", 'v', Flag::Kind::boolean, &version_short, ""});
  all.push_back({"help", 'h', Flag::Kind::boolean, &global.help, ""});

  std::span<char* const> args(argv + 1, static_cast<size_t>(argc - 1));
  auto command_index = parse_global_flags(args, all);
  if (!command_index) {
    (void)write_all(STDERR_FILENO, "berth-runtime: " + command_index.error().text() + "\n\n" + global_usage(flags));
    return 2;
  }
  if (version_short) {
    (void)write_all(STDOUT_FILENO, version_text());
    return 0;
  }
  if (*command_index >= args.size()) {
    if (global.help) {
      (void)write_all(STDOUT_FILENO, global_usage(flags));
      return 0;
    }
    (void)write_all(STDERR_FILENO, "berth-runtime: no command given\n\n" + global_usage(flags));
    return 2;
  }
  std::string_view name = args[*command_index];
  if (name == "help") {
    (void)write_all(STDOUT_FILENO, global_usage(flags));
    return 0;
  }
  if (auto logging = configure_logging(global); !logging) {
    (void)write_all(STDERR_FILENO, "berth-runtime: " + logging.error().text() + "\n");
    return 2;
  }
  GlobalOptions options;
  options.runtime.root = absolute_path(global.root);
  options.runtime.log_fd = log::current().fd;
  options.runtime.cache_dir = default_cache_dir();
  options.runtime.argv = argv;
  options.systemd_cgroup = global.systemd_cgroup;
  for (const auto& command : commands()) {
    if (command.name == name) return command.main(options, args.subspan(*command_index + 1));
  }
  (void)write_all(STDERR_FILENO, "berth-runtime: unknown command \"" + std::string(name) +
                                     "\" (berth-runtime --help lists the commands)\n");
  return 2;
}

}  // namespace
}  // namespace berth::cli

int main(int argc, char** argv) {
  // A closed pipe (a hook that does not read its state, a caller that went away) must be an
  // EPIPE error, not the end of the runtime. Container processes get default dispositions back.
  ::signal(SIGPIPE, SIG_IGN);
  return berth::cli::main_with_args(argc, argv);
}
