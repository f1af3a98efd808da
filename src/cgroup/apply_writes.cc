#include "cgroup/apply_writes.h"

#include "base/log.h"
#include "base/strings.h"
#include "cgroup/cgroup_fs.h"

namespace berth::cgroup {
namespace {

std::string parent_of(const std::string& dir) { return dir.substr(0, dir.rfind('/')); }

// A few words on why the kernel said no, where a second look at the cgroup can tell.
std::string hint(const CgroupWrite& write, const std::string& dir, Version version, int errnum) {
  if ((errnum == EINVAL || errnum == ERANGE) &&
      (write.file == "cpuset.cpus" || write.file == "cpuset.mems")) {
    bool cpus = write.file == "cpuset.cpus";
    std::string file = version == Version::v1
                           ? (cpus ? "cpuset.effective_cpus" : "cpuset.effective_mems")
                           : (cpus ? "cpuset.cpus.effective" : "cpuset.mems.effective");
    auto available = read_cgroup_file(parent_of(dir) + "/" + file);
    if (available)
      return std::string(" (") + (cpus ? "CPUs" : "memory nodes") +
             " available: " + std::string(trim(*available)) + ")";
  }
  if (errnum == ENOENT && version == Version::v2 && write.controller != kUnifiedController)
    return " (is the " + write.controller +
           " controller enabled in the parent's cgroup.subtree_control?)";
  return "";
}

Result<> write_one(CgroupFileWriter& writer, const CgroupWrite& write, const std::string& dir,
                   Version version) {
  auto written = writer.write(dir + "/" + write.file, write.value);
  if (!written && written.error().errnum() == ENOENT && !write.fallback_file.empty()) {
    written = write_cgroup_file(dir + "/" + write.fallback_file, write.fallback_value);
    if (!written && written.error().errnum() == ENOENT)
      return fail(Error(ENOENT, write.field + ": this kernel has neither " + dir + "/" +
                                    write.file + " nor " + write.fallback_file));
  }
  if (!written && written.error().errnum() == ENOENT && write.skip_if_missing) {
    log::warning(write.field + ": ignored; this kernel has no " + write.file);
    return {};
  }
  if (!written) {
    Error error = std::move(written.error());
    return fail(Error(error.errnum(), write.field + ": " + error.message() +
                                          hint(write, dir, version, error.errnum())));
  }
  return {};
}

}  // namespace

Result<> apply_writes(const Rendered& rendered, Version version, const DirectoryFor& dir_for) {
  for (const auto& warning : rendered.warnings) log::warning(warning);
  CgroupFileWriter writer;
  for (const auto& write : rendered.writes) {
    std::string dir = BERTH_TRY(dir_for(write));
    BERTH_TRY(write_one(writer, write, dir, version));
  }
  return {};
}

Result<> check_memory_limit_above_usage(const spec::Resources& resources,
                                        const std::string& usage_file) {
  if (!resources.memory || !resources.memory->check_before_update.value_or(false)) return {};
  auto limit = resources.memory->limit;
  if (!limit || *limit == -1) return {};
  std::string text = BERTH_TRY(read_cgroup_file(usage_file));
  auto usage = parse_u64(trim(text));
  if (usage && static_cast<uint64_t>(*limit) < *usage)
    return fail_invalid("linux.resources.memory.limit: " + std::to_string(*limit) +
                        " is below the current usage " + std::to_string(*usage) + " (" +
                        usage_file + "), and checkBeforeUpdate is set");
  return {};
}

}  // namespace berth::cgroup
