// V2Driver::stats and oom_kill_count, in runc's units and with runc's v1-compatible meanings
// (swap usage and limit include memory, as v1's memsw did).
#include <limits>

#include "base/strings.h"
#include "cgroup/hugepage_sizes.h"
#include "cgroup/stats_parse.h"
#include "cgroup/v2_driver.h"

namespace berth::cgroup {
namespace {

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

uint64_t saturating_add(uint64_t a, uint64_t b) { return a > kMax - b ? kMax : a + b; }

}  // namespace

Result<Stats> V2Driver::stats() const {
  Stats stats;
  // cpu.stat exists in every cgroup2 directory, with or without the cpu controller.
  std::string cpu_stat = BERTH_TRY(read("cpu.stat"));
  auto optional = [this](const char* file) -> std::optional<std::string> {
    auto text = read(file);
    return text ? std::optional<std::string>(std::move(*text)) : std::nullopt;
  };
  auto number = [&](const char* file) -> uint64_t {
    auto text = optional(file);
    return text ? parse_limit(*text).value_or(0) : 0;
  };

  auto cpu = parse_flat_keyed(cpu_stat);
  stats.cpu.total_ns = cpu["usage_usec"] * 1000;
  stats.cpu.user_ns = cpu["user_usec"] * 1000;
  stats.cpu.kernel_ns = cpu["system_usec"] * 1000;
  stats.cpu.periods = cpu["nr_periods"];
  stats.cpu.throttled_periods = cpu["nr_throttled"];
  stats.cpu.throttled_time_ns = cpu["throttled_usec"] * 1000;

  MemoryStats& memory = stats.memory;
  memory.usage.usage = number("memory.current");
  memory.usage.max_usage = number("memory.peak");
  memory.usage.limit = number("memory.max");
  if (auto events = optional("memory.events"))
    memory.usage.failcnt = parse_flat_keyed(*events)["max"];
  uint64_t swap = number("memory.swap.current");
  memory.swap.usage = saturating_add(memory.usage.usage, swap);
  memory.swap.max_usage = saturating_add(memory.usage.max_usage, number("memory.swap.peak"));
  memory.swap.limit = saturating_add(memory.usage.limit, number("memory.swap.max"));
  if (auto stat = optional("memory.stat")) {
    memory.raw = parse_flat_keyed(*stat);
    memory.cache = memory.raw["file"];
    memory.kernel.usage = memory.raw["kernel"];
  }

  stats.pids.current = number("pids.current");
  if (auto limit = optional("pids.max"); limit && trim(*limit) != "max")
    stats.pids.limit = parse_limit(*limit).value_or(0);

  if (auto io = optional("io.stat")) parse_io_stat(*io, stats.blkio);

  for (const auto& size : hugepage_sizes()) {
    std::string prefix = "hugetlb." + size;
    auto current = optional((prefix + ".current").c_str());
    if (!current) continue;
    HugetlbStats& entry = stats.hugetlb[size];
    entry.usage = parse_limit(*current).value_or(0);
    if (auto events = optional((prefix + ".events").c_str()))
      entry.failcnt = parse_flat_keyed(*events)["max"];
  }
  return stats;
}

Result<uint64_t> V2Driver::oom_kill_count() const {
  std::string text = BERTH_TRY(read("memory.events"));
  return parse_flat_keyed(text)["oom_kill"];
}

}  // namespace berth::cgroup
