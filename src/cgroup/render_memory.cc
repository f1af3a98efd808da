// linux.resources.memory
//   field             v1                                  v2
//   limit             memory.limit_in_bytes (-1)          memory.max ("max")
//   reservation       memory.soft_limit_in_bytes          memory.low
//   swap (mem+swap)   memory.memsw.limit_in_bytes         memory.swap.max = swap - limit
//   kernel            ignored with a warning: kernels since 5.16 do not enforce it (6.x accepts
//                     the write to memory.kmem.limit_in_bytes and changes nothing), runc ignores it
//   kernelTCP         memory.kmem.tcp.limit_in_bytes      ignored with a warning (no v2 file)
//   swappiness        memory.swappiness (0-100)           ignored with a warning (no v2 file)
//   disableOOMKiller  memory.oom_control                  ignored with a warning when true
//   useHierarchy      memory.use_hierarchy                always hierarchical; warning when false
//   checkBeforeUpdate (the driver compares the new limit with the current usage on update)
#include "cgroup/render_controllers.h"

namespace berth::cgroup {
namespace {

// A byte count: -1 (unlimited) or >= 0.
Result<> check_bytes(std::optional<int64_t> value, std::string_view name) {
  if (value && *value < -1)
    return fail_invalid(std::string(kResources) + "memory." + std::string(name) + ": " +
                        std::to_string(*value) + " is not a byte count (use -1 for unlimited)");
  return {};
}

std::string v1_bytes(int64_t value) { return std::to_string(value); }
std::string v2_bytes(int64_t value) { return value == -1 ? "max" : std::to_string(value); }

void render_v1_limits(const spec::MemoryResources& memory, const RenderOptions& options,
                      Rendered& out) {
  std::optional<int64_t> limit = memory.limit;
  std::optional<int64_t> swap = memory.swap;
  // As runc: lifting the memory limit on update lifts the memory+swap limit with it.
  if (limit == -1 && !swap && !options.initial) swap = -1;
  auto write_limit = [&] {
    if (limit) add_write(out, "memory.limit", "memory", "memory.limit_in_bytes", v1_bytes(*limit));
  };
  auto write_swap = [&] {
    if (swap)
      add_write(out, "memory.swap", "memory", "memory.memsw.limit_in_bytes", v1_bytes(*swap));
  };
  // The kernel requires memsw >= limit after every single write. A fresh cgroup has both at the
  // maximum, so limit goes first; on update, a growing memsw must go first.
  bool swap_first = false;
  if (limit && swap && !options.initial)
    swap_first =
        *swap == -1 || (options.current_memsw_limit && *options.current_memsw_limit < *swap);
  if (swap_first) {
    write_swap();
    write_limit();
  } else {
    write_limit();
    write_swap();
  }
}

}  // namespace

Result<> render_memory(const spec::MemoryResources& memory, Version version,
                       const RenderOptions& options, Rendered& out) {
  BERTH_TRY(check_bytes(memory.limit, "limit"));
  BERTH_TRY(check_bytes(memory.reservation, "reservation"));
  BERTH_TRY(check_bytes(memory.swap, "swap"));
  BERTH_TRY(check_bytes(memory.kernel_tcp, "kernelTCP"));
  if (memory.swappiness && *memory.swappiness > 100)
    return fail_invalid("linux.resources.memory.swappiness: " + std::to_string(*memory.swappiness) +
                        " is outside 0-100");
  // memory+swap below memory is refused by v1's kernel and meaningless on v2: say so up front.
  if (memory.swap && *memory.swap != -1 && memory.limit && *memory.limit != -1 &&
      *memory.swap < *memory.limit)
    BERTH_TRY(swap_to_v2_swap_max(*memory.swap, memory.limit));
  if (memory.kernel)
    out.warnings.push_back(
        "linux.resources.memory.kernel: ignored; the kernel no longer enforces kernel memory "
        "limits (deprecated since Linux 5.4, without effect since 5.16)");

  if (version == Version::v1) {
    render_v1_limits(memory, options, out);
    if (memory.reservation)
      add_write(out, "memory.reservation", "memory", "memory.soft_limit_in_bytes",
                v1_bytes(*memory.reservation));
    if (memory.kernel_tcp)
      add_write(out, "memory.kernelTCP", "memory", "memory.kmem.tcp.limit_in_bytes",
                v1_bytes(*memory.kernel_tcp));
    if (memory.swappiness)
      add_write(out, "memory.swappiness", "memory", "memory.swappiness",
                std::to_string(*memory.swappiness));
    if (memory.disable_oom_killer)
      add_write(out, "memory.disableOOMKiller", "memory", "memory.oom_control",
                *memory.disable_oom_killer ? "1" : "0");
    if (memory.use_hierarchy)
      add_write(out, "memory.useHierarchy", "memory", "memory.use_hierarchy",
                *memory.use_hierarchy ? "1" : "0");
    return {};
  }

  if (memory.swap) {
    int64_t swap_max = BERTH_TRY(swap_to_v2_swap_max(*memory.swap, memory.limit));
    add_write(out, "memory.swap", "memory", "memory.swap.max", v2_bytes(swap_max));
    // Without swap accounting there is no memory.swap.max; "no limit" is then true anyway.
    if (swap_max == -1) out.writes.back().skip_if_missing = true;
  } else if (memory.limit == -1 && !options.initial) {
    add_write(out, "memory.swap", "memory", "memory.swap.max", "max");
    out.writes.back().skip_if_missing = true;
  }
  if (memory.limit) add_write(out, "memory.limit", "memory", "memory.max", v2_bytes(*memory.limit));
  if (memory.reservation)
    add_write(out, "memory.reservation", "memory", "memory.low", v2_bytes(*memory.reservation));
  if (memory.kernel_tcp)
    out.warnings.push_back(
        "linux.resources.memory.kernelTCP: ignored; cgroup v2 has no separate "
        "TCP buffer limit (it is part of memory.max)");
  if (memory.swappiness)
    out.warnings.push_back(
        "linux.resources.memory.swappiness: ignored; cgroup v2 has no "
        "per-cgroup swappiness");
  if (memory.disable_oom_killer.value_or(false))
    out.warnings.push_back(
        "linux.resources.memory.disableOOMKiller: ignored; cgroup v2 cannot "
        "disable the OOM killer for a cgroup");
  if (memory.use_hierarchy && !*memory.use_hierarchy)
    out.warnings.push_back(
        "linux.resources.memory.useHierarchy: ignored; cgroup v2 is always "
        "hierarchical");
  return {};
}

}  // namespace berth::cgroup
