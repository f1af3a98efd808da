#include "harness.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <string>
#include <type_traits>
#include <vector>

#include "base/strings.h"
#include "cgroup/bpf_device_filter.h"
#include "cgroup/cgroup_fs.h"
#include "cgroup/mounts.h"
#include "cgroup/placement.h"
#include "cgroup/render.h"
#include "cgroup/stats_parse.h"
#include "container/container.h"
#include "container/ps_table.h"
#include "linux/id_mappings.h"
#include "linux/mount_options.h"
#include "linux/mountinfo.h"
#include "linux/seccomp_cache.h"
#include "linux/seccomp_filter.h"
#include "spec/container_process_state.h"
#include "spec/effective_resources.h"
#include "spec/exec_process.h"
#include "spec/parse.h"
#include "spec/resource_flags.h"
#include "spec/state.h"
#include "spec/validate.h"

namespace berth::fuzz {
namespace {

// Inputs larger than this are cut (libFuzzer is given the same -max_len): long inputs only make
// the runs slower, they reach no other code.
constexpr size_t kMaxInput = 64 * 1024;

std::string_view bounded(std::string_view input) { return input.substr(0, kMaxInput); }

// Every failure must say what went wrong.
std::string check_error(const Error& error, std::string_view what) {
  if (error.message().empty()) return std::string(what) + " failed with an empty message";
  return "";
}

// A file the cgroup driver opens inside the container's cgroup directory: a plain name, never a
// path that could leave it.
bool is_plain_file_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

// The renderings the drivers make of validated resources, for every cgroup layout.
std::string check_render(const spec::Resources& resources, bool initial) {
  struct Case {
    cgroup::Version version;
    bool has_unified;
    std::optional<int64_t> current_memsw_limit;
  };
  const Case cases[] = {
      {cgroup::Version::v2, false, std::nullopt},
      {cgroup::Version::v1, false, std::nullopt},
      {cgroup::Version::v1, true, initial ? std::nullopt : std::optional<int64_t>(1 << 20)},
  };
  for (const Case& c : cases) {
    cgroup::RenderOptions options;
    options.initial = initial;
    options.has_unified = c.has_unified;
    options.current_memsw_limit = c.current_memsw_limit;
    auto rendered = cgroup::render(resources, c.version, options);
    if (!rendered) {
      if (auto problem = check_error(rendered.error(), "render"); !problem.empty()) return problem;
      continue;
    }
    for (const auto& write : rendered->writes) {
      if (!is_plain_file_name(write.file))
        return "render wrote to " + berth::quoted(write.file) + ", which is not a plain file name";
      if (!write.fallback_file.empty() && !is_plain_file_name(write.fallback_file))
        return "render fell back to " + berth::quoted(write.fallback_file) + ", not a plain file name";
      if (write.controller.empty()) return "render wrote " + berth::quoted(write.file) + " without a controller";
    }
    if (c.version == cgroup::Version::v2 && rendered->has_device_rules) {
      auto program = cgroup::device_filter_program(rendered->device_rules);
      if (program.empty()) return "the device program for " + std::to_string(rendered->device_rules.size()) +
                                  " rules is empty";
    }
  }
  return "";
}

// The kernel takes C strings: a NUL in an accepted string would cut off, after validation, what
// the kernel sees ("..\u0000" passes a ".." check, mkdir(2) reads ".."). NulFinder looks at every
// string the parser kept (unknown members are dropped, so a NUL there is harmless).
struct NulFinder {
  std::string found;

  void text(std::string_view value, std::string_view where) {
    if (found.empty() && value.find('\0') != std::string_view::npos)
      found = "accepted a string with a NUL character in " + std::string(where);
  }
  void texts(const std::vector<std::string>& values, std::string_view where) {
    for (const auto& value : values) text(value, where);
  }
  void map(const std::map<std::string, std::string>& values, std::string_view where) {
    for (const auto& [key, value] : values) text(key, where), text(value, where);
  }
  void process(const spec::Process& p) {
    texts(p.args, "process.args"), texts(p.env, "process.env"), text(p.cwd, "process.cwd");
    text(p.user.username, "process.user.username"), text(p.apparmor_profile, "process.apparmorProfile");
    text(p.selinux_label, "process.selinuxLabel");
    for (const auto& rlimit : p.rlimits) text(rlimit.type, "process.rlimits");
    if (p.capabilities)
      for (const auto* set : {&p.capabilities->bounding, &p.capabilities->effective, &p.capabilities->inheritable,
                              &p.capabilities->permitted, &p.capabilities->ambient})
        texts(*set, "process.capabilities");
    if (p.scheduler) text(p.scheduler->policy, "process.scheduler"), texts(p.scheduler->flags, "process.scheduler");
    if (p.io_priority) text(p.io_priority->io_class, "process.ioPriority");
    if (p.exec_cpu_affinity)
      text(p.exec_cpu_affinity->initial, "process.execCPUAffinity"), text(p.exec_cpu_affinity->final, "process.execCPUAffinity");
  }
  void resources(const spec::Resources& r) {
    for (const auto& rule : r.devices) text(rule.type, "resources.devices"), text(rule.access, "resources.devices");
    if (r.cpu) text(r.cpu->cpus, "resources.cpu.cpus"), text(r.cpu->mems, "resources.cpu.mems");
    for (const auto& limit : r.hugepage_limits) text(limit.page_size, "resources.hugepageLimits");
    if (r.network)
      for (const auto& priority : r.network->priorities) text(priority.name, "resources.network");
    for (const auto& [device, limit] : r.rdma) text(device, "resources.rdma");
    map(r.unified, "resources.unified");
  }
  void spec(const spec::Spec& s) {
    text(s.oci_version, "ociVersion"), text(s.hostname, "hostname"), text(s.domainname, "domainname");
    if (s.root) text(s.root->path, "root.path");
    for (const auto& m : s.mounts)
      text(m.destination, "mounts"), text(m.source, "mounts"), text(m.type, "mounts"), texts(m.options, "mounts");
    if (s.process) process(*s.process);
    for (const auto* hooks : {&s.hooks.prestart, &s.hooks.create_runtime, &s.hooks.create_container,
                              &s.hooks.start_container, &s.hooks.poststart, &s.hooks.poststop})
      for (const auto& hook : *hooks) text(hook.path, "hooks"), texts(hook.args, "hooks"), texts(hook.env, "hooks");
    map(s.annotations, "annotations");
    if (!s.linux_config) return;
    const spec::Linux& l = *s.linux_config;
    for (const auto& ns : l.namespaces) text(ns.path, "linux.namespaces");
    for (const auto& device : l.devices) text(device.path, "linux.devices"), text(device.type, "linux.devices");
    if (l.cgroups_path) text(*l.cgroups_path, "linux.cgroupsPath");
    if (l.resources) resources(*l.resources);
    map(l.sysctl, "linux.sysctl");
    for (const auto& [clock, offset] : l.time_offsets) text(clock, "linux.timeOffsets");
    texts(l.masked_paths, "linux.maskedPaths"), texts(l.readonly_paths, "linux.readonlyPaths");
    text(l.rootfs_propagation, "linux.rootfsPropagation"), text(l.mount_label, "linux.mountLabel");
    if (l.personality) text(l.personality->domain, "linux.personality"), texts(l.personality->flags, "linux.personality");
    if (l.intel_rdt) text(l.intel_rdt->clos_id, "linux.intelRdt.closID");
    if (l.seccomp) {
      text(l.seccomp->default_action, "linux.seccomp"), text(l.seccomp->listener_path, "linux.seccomp.listenerPath");
      texts(l.seccomp->architectures, "linux.seccomp"), texts(l.seccomp->flags, "linux.seccomp");
      for (const auto& rule : l.seccomp->syscalls) {
        texts(rule.names, "linux.seccomp.syscalls"), text(rule.action, "linux.seccomp.syscalls");
        for (const auto& arg : rule.args) text(arg.op, "linux.seccomp.syscalls");
      }
    }
  }
};

template <typename T>
std::string find_nul(const T& value) {
  NulFinder finder;
  if constexpr (std::is_same_v<T, spec::Spec>) finder.spec(value);
  else if constexpr (std::is_same_v<T, spec::Process>) finder.process(value);
  else finder.resources(value);
  return finder.found;
}

std::vector<std::string_view> lines_of(std::string_view input) {
  std::vector<std::string_view> lines = split(input, '\n');
  if (lines.size() > 64) lines.resize(64);
  return lines;
}

}  // namespace

Outcome check_config(std::string_view input) {
  Outcome outcome;
  auto spec = spec::parse_config(bounded(input));
  if (!spec) {
    outcome.problem = check_error(spec.error(), "parse_config");
    return outcome;
  }
  auto validation = spec::validate_spec(*spec);
  if (!validation) {
    outcome.problem = check_error(validation.error(), "validate_spec");
    return outcome;
  }
  outcome.accepted = true;
  if (outcome.problem = find_nul(*spec); !outcome.problem.empty()) return outcome;
  // What create does next with a valid config, short of the kernel.
  cgroup::CreateRequest request;
  request.container_id = "fuzz";
  if (spec->linux_config) request.cgroups_path = spec->linux_config->cgroups_path;
  if (auto requested = cgroup::requested_cgroup(request)) {
    for (std::string_view part : split(requested->c_str(), '/')) {  // what mkdir(2) gets
      if (part == "..") {
        outcome.problem = "the container's cgroup " + berth::quoted(requested->c_str()) + " leaves its parent";
        return outcome;
      }
    }
  }
  spec::Resources resources = spec::effective_resources(*spec);
  if (resources.devices.size() < 11) {
    outcome.problem = "effective_resources dropped the default device rules";
    return outcome;
  }
  if (outcome.problem = check_render(resources, /*initial=*/true); !outcome.problem.empty()) return outcome;
  for (const auto& mount : spec->mounts) {
    auto options = linux::parse_mount_options(mount.options);
    if (!options) {
      if (outcome.problem = check_error(options.error(), "parse_mount_options"); !outcome.problem.empty())
        return outcome;
    }
    (void)linux::format_id_mappings(mount.uid_mappings);
  }
  if (spec->linux_config) {
    std::string uid_map = linux::format_id_mappings(spec->linux_config->uid_mappings);
    if (std::ranges::count(uid_map, '\n') != static_cast<long>(spec->linux_config->uid_mappings.size()))
      outcome.problem = "uid_map text has not one line per mapping: " + berth::quoted(uid_map);
  }
  return outcome;
}

Outcome check_exec_process(std::string_view input) {
  Outcome outcome;
  auto process = spec::parse_process(bounded(input));
  if (!process) {
    outcome.problem = check_error(process.error(), "parse_process");
    return outcome;
  }
  spec::Validation validation;
  auto valid = spec::validate_process(*process, "process", &validation);
  if (!valid) {
    outcome.problem = check_error(valid.error(), "validate_process");
    return outcome;
  }
  outcome.accepted = true;
  if (outcome.problem = find_nul(*process); !outcome.problem.empty()) return outcome;
  if (process->args.empty()) outcome.problem = "validate_process accepted a process without args";
  else if (!process->cwd.starts_with('/')) outcome.problem = "validate_process accepted a relative cwd";
  return outcome;
}

Outcome check_update_resources(std::string_view input) {
  Outcome outcome;
  auto resources = spec::parse_resources(bounded(input));
  if (!resources) {
    outcome.problem = check_error(resources.error(), "parse_resources");
    return outcome;
  }
  auto valid = spec::validate_resources(*resources, "resources");
  if (!valid) {
    outcome.problem = check_error(valid.error(), "validate_resources");
    return outcome;
  }
  outcome.accepted = true;
  if (outcome.problem = find_nul(*resources); !outcome.problem.empty()) return outcome;
  outcome.problem = check_render(*resources, /*initial=*/false);
  return outcome;
}

Outcome check_state(std::string_view input) {
  Outcome outcome;
  auto record = spec::record_from_json(bounded(input));
  if (!record) {
    outcome.problem = check_error(record.error(), "record_from_json");
    return outcome;
  }
  outcome.accepted = true;
  // What the runtime writes, it reads back unchanged.
  std::string text = spec::record_to_json(*record);
  auto again = spec::record_from_json(text);
  if (!again) {
    outcome.problem = "record_to_json wrote text that record_from_json refuses: " + again.error().text();
    return outcome;
  }
  if (spec::record_to_json(*again) != text) {
    outcome.problem = "state.json changed on a write/read/write round trip: " + text;
    return outcome;
  }
  for (spec::Status status : {spec::Status::creating, spec::Status::running, spec::Status::stopped}) {
    for (bool pretty : {false, true}) {
      std::string state = spec::oci_state_json(*record, status, pretty);
      if (!nlohmann::json::accept(state)) {
        outcome.problem = "oci_state_json printed invalid JSON: " + state;
        return outcome;
      }
    }
    std::string process_state = spec::container_process_state_json(*record, status, record->id);
    if (!nlohmann::json::accept(process_state)) {
      outcome.problem = "container_process_state_json printed invalid JSON: " + process_state;
      return outcome;
    }
  }
  return outcome;
}

Outcome check_seccomp(std::string_view input) {
  Outcome outcome;
  std::string config = R"({"ociVersion":"1.2.0","root":{"path":"rootfs"},"process":{"args":["sh"],"cwd":"/"},)"
                       R"("linux":{"seccomp":)" +
                       std::string(bounded(input)) + "}}";
  auto spec = spec::parse_config(config);
  if (!spec) {
    outcome.problem = check_error(spec.error(), "parse_config");
    return outcome;
  }
  auto valid = spec::validate_spec(*spec);
  if (!valid) {
    outcome.problem = check_error(valid.error(), "validate_spec");
    return outcome;
  }
  if (!spec->linux_config || !spec->linux_config->seccomp) return outcome;  // "null"
  const spec::Seccomp& seccomp = *spec->linux_config->seccomp;
  (void)linux::seccomp_cache_key(seccomp);
  auto program = linux::compile_seccomp(seccomp);
  if (!program) {
    outcome.problem = check_error(program.error(), "compile_seccomp");
    return outcome;
  }
  outcome.accepted = true;
  if (program->instructions.empty()) outcome.problem = "compile_seccomp made an empty program";
  else if (program->instructions.size() > 4096) outcome.problem = "the seccomp program is longer than BPF_MAXINSNS";
  return outcome;
}

Outcome check_flags(std::string_view input) {
  Outcome outcome;
  auto lines = lines_of(bounded(input));
  // Every line through every single-value parser.
  for (std::string_view line : lines) {
    if (auto signal = container::parse_signal(line)) {
      if (*signal < 1 || *signal > SIGRTMAX) {
        outcome.problem = "parse_signal(" + berth::quoted(line) + ") = " + std::to_string(*signal);
        return outcome;
      }
      outcome.accepted = true;
    }
    if (auto ms = parse_duration_ms(line); ms && *ms < 0) {
      outcome.problem = "parse_duration_ms(" + berth::quoted(line) + ") = " + std::to_string(*ms);
      return outcome;
    }
    if (spec::validate_container_id(line)) {
      bool safe = !line.empty() && line.size() <= 1024 && line != "." && line != ".." &&
                  line.find('/') == std::string_view::npos && line.find('\0') == std::string_view::npos;
      if (!safe) {
        outcome.problem = "validate_container_id accepted " + berth::quoted(line);
        return outcome;
      }
    }
    if (auto size = spec::parse_memory_size(line, "memory"); size && *size < -1) {
      outcome.problem = "parse_memory_size(" + berth::quoted(line) + ") = " + std::to_string(*size);
      return outcome;
    }
    if (auto u = parse_u64(line); u && std::to_string(*u).size() > line.size()) {
      outcome.problem = "parse_u64(" + berth::quoted(line) + ") = " + std::to_string(*u);
      return outcome;
    }
    (void)parse_i64(line);
  }
  auto line = [&](size_t i) { return i < lines.size() ? std::string(lines[i]) : std::string(); };
  // Lines 0-14: update's flags, in ResourceFlags order.
  spec::ResourceFlags resource_flags;
  std::string* fields[] = {&resource_flags.memory,         &resource_flags.memory_swap,
                           &resource_flags.memory_reservation, &resource_flags.kernel_memory,
                           &resource_flags.kernel_memory_tcp,  &resource_flags.cpu_shares,
                           &resource_flags.cpu_quota,      &resource_flags.cpu_period,
                           &resource_flags.cpu_burst,      &resource_flags.cpu_rt_runtime,
                           &resource_flags.cpu_rt_period,  &resource_flags.cpuset_cpus,
                           &resource_flags.cpuset_mems,    &resource_flags.pids_limit,
                           &resource_flags.blkio_weight};
  for (size_t i = 0; i < std::size(fields); ++i) *fields[i] = line(i);
  if (auto resources = spec::resources_from_flags(resource_flags)) {
    if (spec::validate_resources(*resources, "resources")) {
      if (outcome.problem = check_render(*resources, /*initial=*/false); !outcome.problem.empty()) return outcome;
    }
  } else if (outcome.problem = check_error(resources.error(), "resources_from_flags"); !outcome.problem.empty()) {
    return outcome;
  }
  // Lines 15-21: exec's flags (comma-separated lists for the repeatable ones).
  spec::ExecFlags exec_flags;
  for (auto arg : split(line(15), ',')) exec_flags.args.emplace_back(arg);
  exec_flags.cwd = line(16);
  for (auto entry : split(line(17), ',')) exec_flags.env.emplace_back(entry);
  exec_flags.user = line(18);
  if (!line(19).empty())
    for (auto gid : split(line(19), ',')) exec_flags.additional_gids.emplace_back(gid);
  if (!line(20).empty())
    for (auto cap : split(line(20), ',')) exec_flags.capabilities.emplace_back(cap);
  exec_flags.tty = !line(21).empty();
  spec::Process container_process;
  container_process.args = {"sh"};
  container_process.cwd = "/";
  container_process.env = {"PATH=/bin", "HOME=/root"};
  container_process.capabilities.emplace();
  container_process.capabilities->inheritable = {"CAP_NET_RAW", "CAP_CHOWN"};
  if (auto process = spec::exec_process_from_flags(container_process, exec_flags)) {
    if (process->args != exec_flags.args) outcome.problem = "exec_process_from_flags changed the args";
    (void)spec::validate_process(*process, "process");
  } else {
    outcome.problem = check_error(process.error(), "exec_process_from_flags");
  }
  return outcome;
}

Outcome check_host_text(std::string_view input) {
  Outcome outcome;
  input = bounded(input);
  auto mounts = linux::parse_mountinfo(input);
  // One entry per line at most; octal escapes (\040) only ever shorten a field.
  if (mounts.size() > static_cast<size_t>(std::ranges::count(input, '\n')) + 1) {
    outcome.problem = "parse_mountinfo made more entries than there are lines";
    return outcome;
  }
  for (const auto& mount : mounts) {
    if (mount.mount_point.size() + mount.root.size() + mount.source.size() > input.size()) {
      outcome.problem = "parse_mountinfo made longer fields than its input";
      return outcome;
    }
  }
  auto cgroup_mounts = cgroup::parse_cgroup_mounts(input);
  auto entries = cgroup::parse_proc_cgroup(input);
  for (const auto& mount : cgroup_mounts) (void)cgroup::cgroup_in_hierarchy(entries, mount);
  if (auto hierarchies = cgroup::select_hierarchies(cgroup_mounts)) {
    for (const auto& mount : hierarchies->v1) (void)cgroup::cgroup_in_hierarchy(entries, mount);
    if (hierarchies->v2) (void)cgroup::cgroup_in_hierarchy(entries, *hierarchies->v2);
  }
  (void)cgroup::parse_flat_keyed(input);
  (void)cgroup::parse_limit(input);
  (void)cgroup::parse_number_list(input);
  (void)cgroup::parse_blkio_v1(input);
  cgroup::BlkioStats blkio;
  cgroup::parse_io_stat(input, blkio);
  (void)cgroup::hugepage_dir_to_size(input);
  auto pids = cgroup::parse_pid_list(input);
  if (auto table = container::filter_ps_output(std::string(input), pids)) {
    outcome.accepted = true;
    if (table->size() > input.size() + 1 + std::ranges::count(input, '\n'))
      outcome.problem = "filter_ps_output printed more than it was given";
  }
  return outcome;
}

std::span<const Target> targets() {
  static constexpr Target kTargets[] = {
      {"config", check_config},   {"exec_process", check_exec_process},
      {"update_resources", check_update_resources}, {"state", check_state},
      {"seccomp", check_seccomp}, {"flags", check_flags},
      {"host_text", check_host_text},
  };
  return kTargets;
}

}  // namespace berth::fuzz
