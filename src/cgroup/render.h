// linux.resources -> the cgroup files to write, for cgroup v1 or v2. Pure: no file system access,
// so every conversion (shares -> weight, memory+swap -> swap.max, blkio -> io) is unit-tested.
// The drivers resolve each write's controller to a directory and do the writing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "spec/spec.h"

namespace berth::cgroup {

enum class Version { v1, v2 };

// Writes addressed to this pseudo-controller go to the cgroup2 directory on a hybrid host
// (linux.resources.unified there).
inline constexpr const char* kUnifiedController = "unified";

struct CgroupWrite {
  std::string field;       // "linux.resources.memory.limit", for error messages
  std::string controller;  // v1: the hierarchy ("memory"); v2: the controller owning the file
  std::string file;        // "memory.limit_in_bytes"
  std::string value;
  // Tried when `file` does not exist (e.g. blkio.weight on a BFQ-only kernel -> blkio.bfq.weight).
  std::string fallback_file, fallback_value;
  // Missing on this kernel (and without fallback) means "not supported here": warn, go on.
  bool skip_if_missing = false;

  bool operator==(const CgroupWrite&) const = default;
};

struct RenderOptions {
  bool initial = true;  // false for `update` of a running container
  // v1 `update` only: the current memory.memsw.limit_in_bytes, which decides whether the memory
  // or the memory+swap limit must be written first (the kernel keeps memsw >= limit at all times).
  std::optional<int64_t> current_memsw_limit;
  bool has_unified = false;  // v1: a cgroup2 hierarchy is mounted too (hybrid)
};

struct Rendered {
  std::vector<CgroupWrite> writes;    // in order
  std::vector<std::string> warnings;  // values accepted but not applied (say why)
  // v2 only: linux.resources.devices, to be compiled into a BPF_CGROUP_DEVICE program.
  std::vector<spec::DeviceRule> device_rules;
  bool has_device_rules = false;
};

Result<Rendered> render(const spec::Resources& resources, Version version,
                        const RenderOptions& options = {});

// ---- conversions (runc's and crun's, so values mean the same under every runtime) ----
// cpu.shares [2, 262144] -> cpu.weight [1, 10000]: 1 + ((shares - 2) * 9999) / 262142.
uint64_t cpu_shares_to_weight(uint64_t shares);
// blkio weight [10, 1000] -> io.weight [1, 10000]: 1 + ((weight - 10) * 9999) / 990.
uint64_t blkio_weight_to_io_weight(uint64_t weight);
// The spec's memory.swap is memory+swap; v2's memory.swap.max is swap alone. -1 = "max".
// Fails (naming the fields) for swap < limit, or swap without a limit.
Result<int64_t> swap_to_v2_swap_max(int64_t swap, std::optional<int64_t> limit);

}  // namespace berth::cgroup
