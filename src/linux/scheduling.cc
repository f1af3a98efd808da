#include "linux/scheduling.h"

#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>

#include "base/strings.h"

namespace berth::linux {
namespace {

struct SchedAttr {
  uint32_t size;
  uint32_t sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime;
  uint64_t sched_deadline;
  uint64_t sched_period;
};

struct NamedValue {
  std::string_view name;
  uint64_t value;
};

constexpr NamedValue kPolicies[] = {
    {"SCHED_OTHER", 0}, {"SCHED_FIFO", 1},  {"SCHED_RR", 2},       {"SCHED_BATCH", 3},
    {"SCHED_ISO", 4},   {"SCHED_IDLE", 5},  {"SCHED_DEADLINE", 6},
};

constexpr NamedValue kSchedulerFlags[] = {
    {"SCHED_FLAG_RESET_ON_FORK", 0x01}, {"SCHED_FLAG_RECLAIM", 0x02},
    {"SCHED_FLAG_DL_OVERRUN", 0x04},    {"SCHED_FLAG_KEEP_POLICY", 0x08},
    {"SCHED_FLAG_KEEP_PARAMS", 0x10},   {"SCHED_FLAG_UTIL_CLAMP_MIN", 0x20},
    {"SCHED_FLAG_UTIL_CLAMP_MAX", 0x40},
};

std::optional<uint64_t> lookup(std::string_view name, const NamedValue* table, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    if (table[i].name == name) return table[i].value;
  }
  return std::nullopt;
}

}  // namespace

Result<> apply_io_priority(const spec::IoPriority& priority) {
  int io_class;
  if (priority.io_class == "IOPRIO_CLASS_RT") {
    io_class = 1;
  } else if (priority.io_class == "IOPRIO_CLASS_BE") {
    io_class = 2;
  } else if (priority.io_class == "IOPRIO_CLASS_IDLE") {
    io_class = 3;
  } else {
    return fail_invalid("process.ioPriority.class: unknown class " + quoted(priority.io_class));
  }
  if (priority.priority < 0 || priority.priority > 7) {
    return fail_invalid("process.ioPriority.priority: must be 0..7, got " + std::to_string(priority.priority));
  }
  constexpr int kWhoProcess = 1;
  if (::syscall(SYS_ioprio_set, kWhoProcess, 0, (io_class << 13) | priority.priority) != 0) {
    return fail_system("process.ioPriority: ioprio_set");
  }
  return {};
}

Result<> apply_scheduler(const spec::Scheduler& scheduler) {
  auto policy = lookup(scheduler.policy, kPolicies, std::size(kPolicies));
  if (!policy) return fail_invalid("process.scheduler.policy: unknown policy " + quoted(scheduler.policy));
  SchedAttr attr = {};
  attr.size = sizeof attr;
  attr.sched_policy = static_cast<uint32_t>(*policy);
  attr.sched_nice = scheduler.nice;
  attr.sched_priority = static_cast<uint32_t>(scheduler.priority);
  attr.sched_runtime = scheduler.runtime;
  attr.sched_deadline = scheduler.deadline;
  attr.sched_period = scheduler.period;
  for (size_t i = 0; i < scheduler.flags.size(); ++i) {
    auto flag = lookup(scheduler.flags[i], kSchedulerFlags, std::size(kSchedulerFlags));
    if (!flag) {
      return fail_invalid("process.scheduler.flags[" + std::to_string(i) + "]: unknown flag " +
                          quoted(scheduler.flags[i]));
    }
    attr.sched_flags |= *flag;
  }
  if (::syscall(SYS_sched_setattr, 0, &attr, 0) != 0) return fail_system("process.scheduler: sched_setattr");
  return {};
}

Result<> apply_cpu_affinity(const std::string& cpus, const std::string& field) {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (std::string_view range : split(cpus, ',')) {
    range = trim(range);
    auto dash = range.find('-');
    auto first = parse_u64(range.substr(0, dash));
    auto last = dash == std::string_view::npos ? first : parse_u64(range.substr(dash + 1));
    if (!first || !last || *last < *first || *last >= CPU_SETSIZE) {
      return fail_invalid(field + ": invalid cpu list " + quoted(cpus));
    }
    for (uint64_t cpu = *first; cpu <= *last; ++cpu) CPU_SET(cpu, &set);
  }
  if (::sched_setaffinity(0, sizeof set, &set) != 0) return fail_system(field + ": sched_setaffinity");
  return {};
}

}  // namespace berth::linux
