// V1Driver::apply: linux.resources -> the v1 hierarchies (and, on hybrid hosts, `unified` -> the
// cgroup2 directory).
#include <algorithm>
#include <cstdint>

#include "base/strings.h"
#include "cgroup/apply_writes.h"
#include "cgroup/cgroup_fs.h"
#include "cgroup/v1_driver.h"

namespace berth::cgroup {

Result<> V1Driver::apply(const spec::Resources& resources, bool initial) {
  RenderOptions options;
  options.initial = initial;
  options.has_unified = unified_dir_.has_value();
  const std::string* memory = dir_of("memory");
  if (!initial && memory && resources.memory) {
    BERTH_TRY(check_memory_limit_above_usage(resources, *memory + "/memory.usage_in_bytes"));
    if (resources.memory->limit && resources.memory->swap) {
      auto text = read_cgroup_file(*memory + "/memory.memsw.limit_in_bytes");
      if (text)
        if (auto current = parse_u64(trim(*text)))
          options.current_memsw_limit =
              static_cast<int64_t>(std::min<uint64_t>(*current, INT64_MAX));
    }
  }
  Rendered rendered = BERTH_TRY(render(resources, Version::v1, options));
  return apply_writes(rendered, Version::v1,
                      [this](const CgroupWrite& write) -> Result<std::string> {
                        if (write.controller == kUnifiedController) return *unified_dir_;
                        if (const std::string* dir = dir_of(write.controller)) return *dir;
                        return fail_invalid(write.field + ": no " + write.controller +
                                            " cgroup hierarchy is mounted on this host");
                      });
}

}  // namespace berth::cgroup
