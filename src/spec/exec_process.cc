#include "spec/exec_process.h"

#include "base/strings.h"

namespace berth::spec {
namespace {

Result<uint32_t> parse_id(std::string_view text, std::string_view flag) {
  auto value = parse_u64(text);
  if (!value || *value > UINT32_MAX) {
    return fail_invalid(std::string(flag) + ": expected a numeric id, got " + quoted(text));
  }
  return static_cast<uint32_t>(*value);
}

// KEY=VALUE replaces an existing KEY (the last one wins, as execve callers expect).
void set_env(std::vector<std::string>& env, const std::string& entry) {
  std::string key = entry.substr(0, entry.find('='));
  for (auto& existing : env) {
    if (existing.substr(0, existing.find('=')) == key) {
      existing = entry;
      return;
    }
  }
  env.push_back(entry);
}

void add_unique(std::vector<std::string>& set, const std::string& name) {
  for (const auto& existing : set) {
    if (existing == name) return;
  }
  set.push_back(name);
}

}  // namespace

Result<Process> exec_process_from_flags(const Process& container_process, const ExecFlags& flags) {
  if (flags.args.empty()) return fail_invalid("exec: a command is required (or --process FILE)");
  Process process = container_process;
  process.args = flags.args;
  process.terminal = flags.tty;
  process.console_size.reset();
  if (!flags.cwd.empty()) process.cwd = flags.cwd;
  for (const auto& entry : flags.env) {
    if (entry.find('=') == std::string::npos) {
      return fail_invalid("--env: expected KEY=VALUE, got " + quoted(entry));
    }
    set_env(process.env, entry);
  }
  if (!flags.user.empty()) {
    auto parts = split(flags.user, ':');
    if (parts.size() > 2) return fail_invalid("--user: expected UID[:GID], got " + quoted(flags.user));
    process.user.uid = BERTH_TRY(parse_id(parts[0], "--user"));
    process.user.gid = parts.size() == 2 ? BERTH_TRY(parse_id(parts[1], "--user")) : 0;
    process.user.username.clear();
  }
  if (!flags.additional_gids.empty()) {
    process.user.additional_gids.clear();
    for (const auto& gid : flags.additional_gids) {
      process.user.additional_gids.push_back(BERTH_TRY(parse_id(gid, "--additional-gids")));
    }
  }
  if (!flags.capabilities.empty()) {
    if (!process.capabilities) process.capabilities.emplace();
    for (const auto& cap : flags.capabilities) {
      std::string name = cap.starts_with("CAP_") ? cap : "CAP_" + cap;
      add_unique(process.capabilities->bounding, name);
      add_unique(process.capabilities->effective, name);
      add_unique(process.capabilities->permitted, name);
      // The kernel only raises an ambient capability that is also inheritable.
      for (const auto& inheritable : process.capabilities->inheritable) {
        if (inheritable == name) add_unique(process.capabilities->ambient, name);
      }
    }
  }
  if (flags.no_new_privileges) process.no_new_privileges = true;
  if (!flags.apparmor_profile.empty()) process.apparmor_profile = flags.apparmor_profile;
  if (!flags.process_label.empty()) process.selinux_label = flags.process_label;
  return process;
}

}  // namespace berth::spec
