#include "spec/resource_flags.h"

#include <cctype>

#include "base/strings.h"

namespace berth::spec {
namespace {

Result<uint64_t> parse_unsigned(std::string_view text, std::string_view flag) {
  auto value = parse_u64(text);
  if (!value) return fail_invalid("--" + std::string(flag) + ": expected a non-negative integer, got " + quoted(text));
  return *value;
}

Result<int64_t> parse_signed(std::string_view text, std::string_view flag) {
  auto value = parse_i64(text);
  if (!value) return fail_invalid("--" + std::string(flag) + ": expected an integer, got " + quoted(text));
  return *value;
}

}  // namespace

bool ResourceFlags::any() const {
  for (const std::string* f : {&memory, &memory_swap, &memory_reservation, &kernel_memory, &kernel_memory_tcp,
                               &cpu_shares, &cpu_quota, &cpu_period, &cpu_burst, &cpu_rt_runtime, &cpu_rt_period,
                               &cpuset_cpus, &cpuset_mems, &pids_limit, &blkio_weight}) {
    if (!f->empty()) return true;
  }
  return false;
}

Result<int64_t> parse_memory_size(std::string_view text, std::string_view flag) {
  std::string error = "--" + std::string(flag) + ": expected a size such as 512m, 1g or -1, got " + quoted(text);
  if (text == "-1") return -1;
  std::string_view digits = text;
  uint64_t multiplier = 1;
  if (!digits.empty() && std::isalpha(static_cast<unsigned char>(digits.back()))) {
    char unit = static_cast<char>(std::tolower(static_cast<unsigned char>(digits.back())));
    digits.remove_suffix(1);
    if (!digits.empty() && (digits.back() == 'i' || digits.back() == 'I')) return fail_invalid(error);
    switch (unit) {
      case 'b': multiplier = 1; break;
      case 'k': multiplier = uint64_t{1} << 10; break;
      case 'm': multiplier = uint64_t{1} << 20; break;
      case 'g': multiplier = uint64_t{1} << 30; break;
      case 't': multiplier = uint64_t{1} << 40; break;
      default: return fail_invalid(error);
    }
  }
  auto value = parse_u64(digits);
  if (!value || *value > static_cast<uint64_t>(INT64_MAX) / multiplier) return fail_invalid(error);
  return static_cast<int64_t>(*value * multiplier);
}

Result<Resources> resources_from_flags(const ResourceFlags& flags) {
  Resources resources;
  MemoryResources memory;
  bool has_memory = false;
  auto memory_value = [&](const std::string& text, const char* flag, std::optional<int64_t>& out) -> Result<> {
    if (text.empty()) return {};
    out = BERTH_TRY(parse_memory_size(text, flag));
    has_memory = true;
    return {};
  };
  BERTH_TRY(memory_value(flags.memory, "memory", memory.limit));
  BERTH_TRY(memory_value(flags.memory_swap, "memory-swap", memory.swap));
  BERTH_TRY(memory_value(flags.memory_reservation, "memory-reservation", memory.reservation));
  BERTH_TRY(memory_value(flags.kernel_memory, "kernel-memory", memory.kernel));
  BERTH_TRY(memory_value(flags.kernel_memory_tcp, "kernel-memory-tcp", memory.kernel_tcp));
  if (has_memory) resources.memory = memory;

  CpuResources cpu;
  bool has_cpu = false;
  if (!flags.cpu_shares.empty()) cpu.shares = BERTH_TRY(parse_unsigned(flags.cpu_shares, "cpu-shares")), has_cpu = true;
  if (!flags.cpu_quota.empty()) cpu.quota = BERTH_TRY(parse_signed(flags.cpu_quota, "cpu-quota")), has_cpu = true;
  if (!flags.cpu_period.empty()) cpu.period = BERTH_TRY(parse_unsigned(flags.cpu_period, "cpu-period")), has_cpu = true;
  if (!flags.cpu_burst.empty()) cpu.burst = BERTH_TRY(parse_unsigned(flags.cpu_burst, "cpu-burst")), has_cpu = true;
  if (!flags.cpu_rt_runtime.empty()) {
    cpu.realtime_runtime = BERTH_TRY(parse_signed(flags.cpu_rt_runtime, "cpu-rt-runtime"));
    has_cpu = true;
  }
  if (!flags.cpu_rt_period.empty()) {
    cpu.realtime_period = BERTH_TRY(parse_unsigned(flags.cpu_rt_period, "cpu-rt-period"));
    has_cpu = true;
  }
  if (!flags.cpuset_cpus.empty()) cpu.cpus = flags.cpuset_cpus, has_cpu = true;
  if (!flags.cpuset_mems.empty()) cpu.mems = flags.cpuset_mems, has_cpu = true;
  if (has_cpu) resources.cpu = cpu;

  if (!flags.pids_limit.empty()) resources.pids_limit = BERTH_TRY(parse_signed(flags.pids_limit, "pids-limit"));
  if (!flags.blkio_weight.empty()) {
    uint64_t weight = BERTH_TRY(parse_unsigned(flags.blkio_weight, "blkio-weight"));
    if (weight > 65535) return fail_invalid("--blkio-weight: out of range: " + flags.blkio_weight);
    resources.block_io.emplace();
    resources.block_io->weight = static_cast<uint16_t>(weight);
  }
  return resources;
}

}  // namespace berth::spec
