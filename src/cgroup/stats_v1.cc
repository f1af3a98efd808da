// V1Driver::stats and oom_kill_count, in runc's units: nanoseconds for CPU, bytes for memory.
#include <unistd.h>

#include "base/strings.h"
#include "cgroup/cgroup_fs.h"
#include "cgroup/hugepage_sizes.h"
#include "cgroup/stats_parse.h"
#include "cgroup/v1_driver.h"

namespace berth::cgroup {
namespace {

// Statistics are best effort: a file this kernel lacks leaves its value at zero.
std::optional<std::string> read_optional(const std::string& dir, const std::string& file) {
  auto text = read_cgroup_file(dir + "/" + file);
  if (!text) return std::nullopt;
  return std::move(*text);
}

uint64_t read_number(const std::string& dir, const std::string& file) {
  auto text = read_optional(dir, file);
  return text ? parse_limit(*text).value_or(0) : 0;
}

void read_memory_entry(const std::string& dir, const std::string& prefix, MemoryEntry& entry) {
  entry.usage = read_number(dir, prefix + ".usage_in_bytes");
  entry.max_usage = read_number(dir, prefix + ".max_usage_in_bytes");
  entry.failcnt = read_number(dir, prefix + ".failcnt");
  entry.limit = read_number(dir, prefix + ".limit_in_bytes");
}

void read_cpu(const std::string* cpuacct, const std::string* cpu, CpuStats& out) {
  if (cpuacct) {
    out.total_ns = read_number(*cpuacct, "cpuacct.usage");
    out.user_ns = read_number(*cpuacct, "cpuacct.usage_user");
    out.kernel_ns = read_number(*cpuacct, "cpuacct.usage_sys");
    if (auto percpu = read_optional(*cpuacct, "cpuacct.usage_percpu"))
      out.percpu_ns = parse_number_list(*percpu);
    if (out.user_ns == 0 && out.kernel_ns == 0) {
      // Older kernels: cpuacct.stat in clock ticks.
      if (auto stat = read_optional(*cpuacct, "cpuacct.stat")) {
        auto ticks = parse_flat_keyed(*stat);
        uint64_t hz = static_cast<uint64_t>(sysconf(_SC_CLK_TCK));
        out.user_ns = ticks["user"] * 1000000000ull / hz;
        out.kernel_ns = ticks["system"] * 1000000000ull / hz;
      }
    }
  }
  if (cpu) {
    if (auto stat = read_optional(*cpu, "cpu.stat")) {
      auto values = parse_flat_keyed(*stat);
      out.periods = values["nr_periods"];
      out.throttled_periods = values["nr_throttled"];
      out.throttled_time_ns = values["throttled_time"];
    }
  }
}

}  // namespace

Result<Stats> V1Driver::stats() const {
  Stats stats;
  if (hierarchies_.empty()) return stats;
  if (::access(hierarchies_.front().dir.c_str(), F_OK) != 0)
    return fail_system("stats: " + hierarchies_.front().dir);
  read_cpu(dir_of("cpuacct"), dir_of("cpu"), stats.cpu);
  if (const std::string* memory = dir_of("memory")) {
    read_memory_entry(*memory, "memory", stats.memory.usage);
    read_memory_entry(*memory, "memory.memsw", stats.memory.swap);
    read_memory_entry(*memory, "memory.kmem", stats.memory.kernel);
    read_memory_entry(*memory, "memory.kmem.tcp", stats.memory.kernel_tcp);
    if (auto stat = read_optional(*memory, "memory.stat")) {
      stats.memory.raw = parse_flat_keyed(*stat);
      stats.memory.cache = stats.memory.raw["cache"];
    }
  }
  if (const std::string* pids = dir_of("pids")) {
    stats.pids.current = read_number(*pids, "pids.current");
    auto limit = read_optional(*pids, "pids.max");
    if (limit && trim(*limit) != "max") stats.pids.limit = parse_limit(*limit).value_or(0);
  }
  if (const std::string* blkio = dir_of("blkio")) {
    if (auto bytes = read_optional(*blkio, "blkio.throttle.io_service_bytes_recursive"))
      stats.blkio.io_service_bytes_recursive = parse_blkio_v1(*bytes);
    if (auto ios = read_optional(*blkio, "blkio.throttle.io_serviced_recursive"))
      stats.blkio.io_serviced_recursive = parse_blkio_v1(*ios);
  }
  if (const std::string* hugetlb = dir_of("hugetlb")) {
    for (const auto& size : hugepage_sizes()) {
      HugetlbStats& entry = stats.hugetlb[size];
      entry.usage = read_number(*hugetlb, "hugetlb." + size + ".usage_in_bytes");
      entry.max_usage = read_number(*hugetlb, "hugetlb." + size + ".max_usage_in_bytes");
      entry.failcnt = read_number(*hugetlb, "hugetlb." + size + ".failcnt");
    }
  }
  return stats;
}

Result<uint64_t> V1Driver::oom_kill_count() const {
  const std::string* memory = dir_of("memory");
  if (memory == nullptr) return fail_invalid("no v1 memory hierarchy is mounted");
  std::string text = BERTH_TRY(read_cgroup_file(*memory + "/memory.oom_control"));
  return parse_flat_keyed(text)["oom_kill"];
}

}  // namespace berth::cgroup
