// linux.resources.cpu
//   field                v1                                   v2
//   shares               cpu.shares                           cpu.weight = 1 +
//   (shares-2)*9999/262142 quota, period        cpu.cfs_period_us, cpu.cfs_quota_us  cpu.max "QUOTA
//   PERIOD" ("max" for -1) burst                cpu.cfs_burst_us                     cpu.max.burst
//   realtimePeriod/Runtime cpu.rt_period_us, cpu.rt_runtime_us  error: no realtime groups on v2
//   idle                 cpu.idle                             cpu.idle
//   cpus, mems           cpuset.cpus, cpuset.mems (render_cpuset, same names on both)
//
// A quota without a period keeps the cgroup's period (100 ms unless changed), as runc does and as
// Docker's --cpu-quota relies on; a period of 0 is refused.
#include "cgroup/render_controllers.h"

namespace berth::cgroup {

Result<> render_cpu(const spec::CpuResources& cpu, Version version, Rendered& out) {
  if (cpu.period && *cpu.period == 0)
    return fail_invalid(
        "linux.resources.cpu.period: must be positive (microseconds, "
        "1000-1000000)");
  if (cpu.quota && *cpu.quota < -1)
    return fail_invalid("linux.resources.cpu.quota: " + std::to_string(*cpu.quota) +
                        " is not a duration in microseconds (use -1 for unlimited)");
  if (cpu.quota == 0)
    return fail_invalid(
        "linux.resources.cpu.quota: 0 would stop the container; use -1 for "
        "unlimited");
  if (cpu.idle && *cpu.idle != 0 && *cpu.idle != 1)
    return fail_invalid("linux.resources.cpu.idle: " + std::to_string(*cpu.idle) +
                        " must be 0 or 1");

  if (version == Version::v1) {
    if (cpu.shares && *cpu.shares != 0)
      add_write(out, "cpu.shares", "cpu", "cpu.shares", std::to_string(*cpu.shares));
    if (cpu.period)
      add_write(out, "cpu.period", "cpu", "cpu.cfs_period_us", std::to_string(*cpu.period));
    if (cpu.quota)
      add_write(out, "cpu.quota", "cpu", "cpu.cfs_quota_us", std::to_string(*cpu.quota));
    if (cpu.burst)
      add_write(out, "cpu.burst", "cpu", "cpu.cfs_burst_us", std::to_string(*cpu.burst));
    // The runtime may only be raised within the period, so the period goes first.
    if (cpu.realtime_period)
      add_write(out, "cpu.realtimePeriod", "cpu", "cpu.rt_period_us",
                std::to_string(*cpu.realtime_period));
    if (cpu.realtime_runtime)
      add_write(out, "cpu.realtimeRuntime", "cpu", "cpu.rt_runtime_us",
                std::to_string(*cpu.realtime_runtime));
    // cpu.shares cannot change while the group is idle: idle last.
    if (cpu.idle) add_write(out, "cpu.idle", "cpu", "cpu.idle", std::to_string(*cpu.idle));
    return {};
  }

  if (cpu.realtime_runtime.value_or(0) != 0)
    return fail_invalid(
        "linux.resources.cpu.realtimeRuntime: realtime scheduling groups exist "
        "only on cgroup v1 (this host is cgroup v2)");
  if (cpu.realtime_period.value_or(0) != 0)
    return fail_invalid(
        "linux.resources.cpu.realtimePeriod: realtime scheduling groups exist "
        "only on cgroup v1 (this host is cgroup v2)");
  if (cpu.shares && *cpu.shares != 0)
    add_write(out, "cpu.shares", "cpu", "cpu.weight",
              std::to_string(cpu_shares_to_weight(*cpu.shares)));
  if (cpu.quota || cpu.period) {
    // cpu.max takes "QUOTA [PERIOD]"; without a period the cgroup keeps its own.
    std::string value = !cpu.quota || *cpu.quota == -1 ? "max" : std::to_string(*cpu.quota);
    if (cpu.period) value += " " + std::to_string(*cpu.period);
    add_write(out, cpu.quota ? "cpu.quota" : "cpu.period", "cpu", "cpu.max", value);
  }
  if (cpu.burst) add_write(out, "cpu.burst", "cpu", "cpu.max.burst", std::to_string(*cpu.burst));
  if (cpu.idle) add_write(out, "cpu.idle", "cpu", "cpu.idle", std::to_string(*cpu.idle));
  return {};
}

Result<> render_cpuset(const spec::CpuResources& cpu, Rendered& out) {
  if (!cpu.cpus.empty()) add_write(out, "cpu.cpus", "cpuset", "cpuset.cpus", cpu.cpus);
  if (!cpu.mems.empty()) add_write(out, "cpu.mems", "cpuset", "cpuset.mems", cpu.mems);
  return {};
}

}  // namespace berth::cgroup
