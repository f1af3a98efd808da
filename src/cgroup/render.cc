#include "cgroup/render.h"

#include "cgroup/render_controllers.h"

namespace berth::cgroup {

void add_write(Rendered& out, std::string_view field, std::string_view controller,
               std::string_view file, std::string value) {
  CgroupWrite write;
  write.field = std::string(kResources) + std::string(field);
  write.controller = controller;
  write.file = file;
  write.value = std::move(value);
  out.writes.push_back(std::move(write));
}

uint64_t cpu_shares_to_weight(uint64_t shares) {
  if (shares == 0) return 0;
  if (shares < 2) shares = 2;
  return 1 + ((shares - 2) * 9999) / 262142;
}

uint64_t blkio_weight_to_io_weight(uint64_t weight) {
  if (weight == 0) return 0;
  if (weight < 10) weight = 10;
  return 1 + ((weight - 10) * 9999) / 990;
}

Result<int64_t> swap_to_v2_swap_max(int64_t swap, std::optional<int64_t> limit) {
  if (swap == -1) return -1;
  if (swap < -1)
    return fail_invalid("linux.resources.memory.swap: " + std::to_string(swap) +
                        " is not a byte count (use -1 for unlimited)");
  if (!limit || *limit == -1)
    return fail_invalid("linux.resources.memory.swap: " + std::to_string(swap) +
                        " needs linux.resources.memory.limit (swap is memory+swap, so it "
                        "limits nothing without a memory limit)");
  if (swap < *limit)
    return fail_invalid("linux.resources.memory.swap: " + std::to_string(swap) +
                        " is below linux.resources.memory.limit " + std::to_string(*limit) +
                        " (swap is the memory+swap limit, so it must be at least the limit)");
  return swap - *limit;
}

// The order follows runc: on v1 cpuset and devices first (a process may already be in the
// cgroup), on v2 pids and memory first; `unified` comes last so that raw values win.
Result<Rendered> render(const spec::Resources& resources, Version version,
                        const RenderOptions& options) {
  Rendered out;
  auto render_cpu_parts = [&]() -> Result<> {
    if (!resources.cpu) return {};
    BERTH_TRY(render_cpu(*resources.cpu, version, out));
    return {};
  };
  if (version == Version::v1) {
    if (resources.cpu) BERTH_TRY(render_cpuset(*resources.cpu, out));
    BERTH_TRY(render_devices(resources.devices, version, out));
    if (resources.memory) BERTH_TRY(render_memory(*resources.memory, version, options, out));
    BERTH_TRY(render_cpu_parts());
    if (resources.pids_limit) BERTH_TRY(render_pids(*resources.pids_limit, out));
  } else {
    if (resources.pids_limit) BERTH_TRY(render_pids(*resources.pids_limit, out));
    if (resources.memory) BERTH_TRY(render_memory(*resources.memory, version, options, out));
    BERTH_TRY(render_cpu_parts());
    if (resources.cpu) BERTH_TRY(render_cpuset(*resources.cpu, out));
  }
  if (resources.block_io) BERTH_TRY(render_block_io(*resources.block_io, version, out));
  BERTH_TRY(render_hugetlb(resources.hugepage_limits, version, out));
  if (resources.network) BERTH_TRY(render_network(*resources.network, version, out));
  BERTH_TRY(render_rdma(resources.rdma, out));
  if (version == Version::v2) BERTH_TRY(render_devices(resources.devices, version, out));
  BERTH_TRY(render_unified(resources.unified, version, options, out));
  return out;
}

}  // namespace berth::cgroup
