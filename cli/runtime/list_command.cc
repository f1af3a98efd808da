#include <unistd.h>

#include <algorithm>

#include "base/files.h"
#include "command.h"

namespace berth::cli {
namespace {

// Columns padded like Go's tabwriter with minwidth 12 and padding 3, as runc prints them.
std::string format_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size() + 3);
  }
  for (auto& width : widths) width = std::max<size_t>(width, 12);
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      out += row[i];
      if (i + 1 < row.size()) out.append(widths[i] - row[i].size(), ' ');
    }
    out += "\n";
  }
  return out;
}

}  // namespace

int command_list(const GlobalOptions& global, std::span<char* const> args) {
  std::string format = "table";
  bool quiet = false;
  const Flag flags[] = {
      {"format", 'f', Flag::Kind::text, &format, "table or json", "FORMAT"},
      {"quiet", 'q', Flag::Kind::boolean, &quiet, "print only the container ids"},
  };
  auto parsed = parse_command_args("list", args, flags, 0, 0);
  if (!parsed.ok) return parsed.exit_code;
  if (format != "table" && format != "json") {
    return usage_error("list", "--format: expected table or json, got \"" + format + "\"", flags);
  }
  auto states = container::list_containers(global.runtime);
  if (!states) return report_failure(states.error());
  std::string out;
  if (quiet) {
    for (const auto& state : *states) out += state.record.id + "\n";
  } else if (format == "json") {
    out = "[";
    for (size_t i = 0; i < states->size(); ++i) {
      if (i) out += ",";
      out += spec::oci_state_json((*states)[i].record, (*states)[i].status, false);
    }
    out += "]\n";
  } else {
    std::vector<std::vector<std::string>> rows = {{"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"}};
    for (const auto& state : *states) {
      bool alive = state.status != spec::Status::stopped;
      rows.push_back({state.record.id, std::to_string(alive ? state.record.pid : 0),
                      spec::status_name(state.status), state.record.bundle, state.record.created,
                      state.record.owner});
    }
    out = format_table(rows);
  }
  (void)write_all(STDOUT_FILENO, out);
  return 0;
}

}  // namespace berth::cli
