#include <fcntl.h>
#include <unistd.h>

#include "base/files.h"
#include "command.h"
#include "spec/defaults.h"

namespace berth::cli {

int command_spec(const GlobalOptions&, std::span<char* const> args) {
  std::string bundle = ".";
  bool rootless = false;
  const Flag flags[] = {
      {"bundle", 'b', Flag::Kind::text, &bundle, "where to write config.json (default: current directory)", "DIR"},
      {"rootless", 0, Flag::Kind::boolean, &rootless, "a configuration for an unprivileged user"},
  };
  auto parsed = parse_command_args("spec", args, flags, 0, 0);
  if (!parsed.ok) return parsed.exit_code;
  spec::DefaultSpecOptions options;
  options.rootless = rootless;
  options.host_uid = ::getuid();
  options.host_gid = ::getgid();
  std::string path = join_path(bundle, "config.json");
  // O_EXCL: never overwrite a config someone wrote by hand.
  auto file = open_file(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
  if (!file) {
    if (file.error().errnum() == EEXIST) {
      return report_failure(Error::invalid("File " + path + " exists. Remove it first"));
    }
    return report_failure(file.error());
  }
  auto written = write_all(file->get(), spec::default_spec_json(options));
  return written ? 0 : report_failure(std::move(written.error()).with_context("write " + path));
}

}  // namespace berth::cli
