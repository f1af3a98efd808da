// The per-controller halves of render() (one file each: render_memory.cc, render_cpu.cc, ...).
// Internal to src/cgroup.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cgroup/render.h"

namespace berth::cgroup {

inline constexpr std::string_view kResources = "linux.resources.";

// Appends a write of `value` to `file` of `controller` for `field` (relative to linux.resources).
void add_write(Rendered& out, std::string_view field, std::string_view controller,
               std::string_view file, std::string value);

Result<> render_memory(const spec::MemoryResources& memory, Version version,
                       const RenderOptions& options, Rendered& out);
Result<> render_cpu(const spec::CpuResources& cpu, Version version, Rendered& out);
Result<> render_cpuset(const spec::CpuResources& cpu, Rendered& out);  // same files on v1 and v2
Result<> render_pids(int64_t limit, Rendered& out);
Result<> render_block_io(const spec::BlockIoResources& io, Version version, Rendered& out);
Result<> render_hugetlb(const std::vector<spec::HugepageLimit>& limits, Version version,
                        Rendered& out);
Result<> render_network(const spec::NetworkResources& network, Version version, Rendered& out);
Result<> render_rdma(const std::map<std::string, spec::RdmaLimit>& rdma, Rendered& out);
Result<> render_devices(const std::vector<spec::DeviceRule>& rules, Version version, Rendered& out);
Result<> render_unified(const std::map<std::string, std::string>& unified, Version version,
                        const RenderOptions& options, Rendered& out);

// "c 1:3 rwm" (v1 devices.allow / devices.deny syntax) for a validated rule.
std::string device_rule_text(const spec::DeviceRule& rule);
// Checks a device rule's type and access; errors name linux.resources.devices[index].
Result<> validate_device_rule(const spec::DeviceRule& rule, size_t index);

}  // namespace berth::cgroup
