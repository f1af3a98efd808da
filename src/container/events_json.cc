#include "container/events_json.h"

#include <nlohmann/json.hpp>

namespace berth::container {
namespace {

using nlohmann::ordered_json;

ordered_json memory_entry(const cgroup::MemoryEntry& entry) {
  return {{"limit", entry.limit}, {"usage", entry.usage}, {"max", entry.max_usage}, {"failcnt", entry.failcnt}};
}

ordered_json blkio_entries(const std::vector<cgroup::BlkioEntry>& entries) {
  ordered_json list = ordered_json::array();
  for (const auto& e : entries) {
    list.push_back({{"major", e.major}, {"minor", e.minor}, {"op", e.op}, {"value", e.value}});
  }
  return list;
}

std::string line(const ordered_json& document) {
  return document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string stats_event_json(const std::string& id, const cgroup::Stats& stats) {
  ordered_json hugetlb = ordered_json::object();
  for (const auto& [size, h] : stats.hugetlb) {
    hugetlb[size] = {{"usage", h.usage}, {"max", h.max_usage}, {"failcnt", h.failcnt}};
  }
  ordered_json data = {
      {"cpu",
       {{"usage",
         {{"total", stats.cpu.total_ns},
          {"percpu", stats.cpu.percpu_ns},
          {"kernel", stats.cpu.kernel_ns},
          {"user", stats.cpu.user_ns}}},
        {"throttling",
         {{"periods", stats.cpu.periods},
          {"throttledPeriods", stats.cpu.throttled_periods},
          {"throttledTime", stats.cpu.throttled_time_ns}}}}},
      {"memory",
       {{"cache", stats.memory.cache},
        {"usage", memory_entry(stats.memory.usage)},
        {"swap", memory_entry(stats.memory.swap)},
        {"kernel", memory_entry(stats.memory.kernel)},
        {"kernelTCP", memory_entry(stats.memory.kernel_tcp)},
        {"raw", stats.memory.raw}}},
      {"pids", {{"current", stats.pids.current}, {"limit", stats.pids.limit}}},
      {"blkio",
       {{"ioServiceBytesRecursive", blkio_entries(stats.blkio.io_service_bytes_recursive)},
        {"ioServicedRecursive", blkio_entries(stats.blkio.io_serviced_recursive)}}},
      {"hugetlb", hugetlb},
  };
  return line({{"type", "stats"}, {"id", id}, {"data", data}});
}

std::string oom_event_json(const std::string& id) { return line({{"type", "oom"}, {"id", id}}); }

}  // namespace berth::container
