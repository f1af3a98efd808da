// update, pause, resume, ps, events: the commands that act on a running container's cgroup.
#include <unistd.h>

#include "base/files.h"
#include "base/strings.h"
#include "command.h"
#include "container/ps_table.h"
#include "spec/parse.h"
#include "spec/resource_flags.h"

namespace berth::cli {

int command_update(const GlobalOptions& global, std::span<char* const> args) {
  std::string resources_file;
  spec::ResourceFlags r;
  const Flag flags[] = {
      {"resources", 'r', Flag::Kind::text, &resources_file, "a linux.resources JSON object (- for stdin)", "FILE"},
      {"memory", 0, Flag::Kind::text, &r.memory, "memory limit (e.g. 512m; -1 unlimited)", "SIZE"},
      {"memory-swap", 0, Flag::Kind::text, &r.memory_swap, "memory plus swap limit", "SIZE"},
      {"memory-reservation", 0, Flag::Kind::text, &r.memory_reservation, "memory soft limit", "SIZE"},
      {"kernel-memory", 0, Flag::Kind::text, &r.kernel_memory, "kernel memory limit (ignored by current kernels)", "SIZE"},
      {"kernel-memory-tcp", 0, Flag::Kind::text, &r.kernel_memory_tcp, "kernel TCP buffer limit", "SIZE"},
      {"cpu-shares", 0, Flag::Kind::text, &r.cpu_shares, "CPU shares (relative weight)", "N"},
      {"cpu-share", 0, Flag::Kind::text, &r.cpu_shares, "same as --cpu-shares (runc's name)", "N"},
      {"cpu-quota", 0, Flag::Kind::text, &r.cpu_quota, "CPU CFS quota in microseconds", "US"},
      {"cpu-period", 0, Flag::Kind::text, &r.cpu_period, "CPU CFS period in microseconds", "US"},
      {"cpu-burst", 0, Flag::Kind::text, &r.cpu_burst, "CPU CFS burst in microseconds", "US"},
      {"cpu-rt-runtime", 0, Flag::Kind::text, &r.cpu_rt_runtime, "realtime runtime in microseconds", "US"},
      {"cpu-rt-period", 0, Flag::Kind::text, &r.cpu_rt_period, "realtime period in microseconds", "US"},
      {"cpuset-cpus", 0, Flag::Kind::text, &r.cpuset_cpus, "CPUs allowed (e.g. 0-1)", "LIST"},
      {"cpuset-mems", 0, Flag::Kind::text, &r.cpuset_mems, "memory nodes allowed", "LIST"},
      {"pids-limit", 0, Flag::Kind::text, &r.pids_limit, "maximum number of processes (-1 unlimited)", "N"},
      {"blkio-weight", 0, Flag::Kind::text, &r.blkio_weight, "block IO weight (10-1000)", "N"},
  };
  auto parsed = parse_command_args("update", args, flags, 1, 1);
  if (!parsed.ok) return parsed.exit_code;
  Result<spec::Resources> resources = spec::Resources{};
  if (!resources_file.empty()) {
    if (r.any()) return usage_error("update", "--resources cannot be combined with the other flags", flags);
    auto text = resources_file == "-" ? read_fd(STDIN_FILENO) : read_file(resources_file);
    if (!text) return report_failure(std::move(text.error()).with_context("--resources"));
    resources = spec::parse_resources(*text);
    if (!resources) return report_failure(std::move(resources.error()).with_context("--resources " + resources_file));
  } else {
    if (!r.any()) return usage_error("update", "nothing to update: give --resources or a limit flag", flags);
    resources = spec::resources_from_flags(r);
    if (!resources) return usage_error("update", resources.error().text(), flags);
  }
  auto updated = container::update_container(global.runtime, parsed.positionals[0], *resources);
  return updated ? 0 : report_failure(updated.error());
}

int command_pause(const GlobalOptions& global, std::span<char* const> args) {
  auto parsed = parse_command_args("pause", args, {}, 1, 1);
  if (!parsed.ok) return parsed.exit_code;
  auto paused = container::pause_container(global.runtime, parsed.positionals[0]);
  return paused ? 0 : report_failure(paused.error());
}

int command_resume(const GlobalOptions& global, std::span<char* const> args) {
  auto parsed = parse_command_args("resume", args, {}, 1, 1);
  if (!parsed.ok) return parsed.exit_code;
  auto resumed = container::resume_container(global.runtime, parsed.positionals[0]);
  return resumed ? 0 : report_failure(resumed.error());
}

int command_ps(const GlobalOptions& global, std::span<char* const> args) {
  std::string format = "table";
  const Flag flags[] = {{"format", 'f', Flag::Kind::text, &format, "table or json", "FORMAT"}};
  auto parsed = parse_command_args("ps", args, flags, 1, SIZE_MAX, {.stop_at_first_positional = true});
  if (!parsed.ok) return parsed.exit_code;
  if (format != "table" && format != "json") {
    return usage_error("ps", "--format: expected table or json, got \"" + format + "\"", flags);
  }
  auto pids = container::container_pids(global.runtime, parsed.positionals[0]);
  if (!pids) return report_failure(pids.error());
  std::string out;
  if (format == "json") {
    out = "[";
    for (size_t i = 0; i < pids->size(); ++i) out += (i ? "," : "") + std::to_string((*pids)[i]);
    out += "]\n";
  } else {
    std::vector<std::string> ps_options(parsed.positionals.begin() + 1, parsed.positionals.end());
    auto table = container::ps_table(*pids, ps_options);
    if (!table) return report_failure(table.error());
    out = *table;
  }
  (void)write_all(STDOUT_FILENO, out);
  return 0;
}

int command_events(const GlobalOptions& global, std::span<char* const> args) {
  bool stats = false;
  std::string interval = "5s";
  const Flag flags[] = {
      {"stats", 0, Flag::Kind::boolean, &stats, "print one stats event and exit"},
      {"interval", 0, Flag::Kind::text, &interval, "time between stats events (e.g. 5s, 500ms)", "DURATION"},
  };
  auto parsed = parse_command_args("events", args, flags, 1, 1);
  if (!parsed.ok) return parsed.exit_code;
  auto interval_ms = parse_duration_ms(interval);
  if (!interval_ms || *interval_ms <= 0) return usage_error("events", "--interval: expected a duration such as 5s, got \"" + interval + "\"", flags);
  auto streamed = container::stream_events(global.runtime, parsed.positionals[0], static_cast<int>(*interval_ms), stats,
                                           STDOUT_FILENO);
  return streamed ? 0 : report_failure(streamed.error());
}

}  // namespace berth::cli
