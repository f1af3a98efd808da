// linux.resources.hugepageLimits[] -> hugetlb.<SIZE>.limit_in_bytes (v1) or hugetlb.<SIZE>.max
// (v2), where SIZE is the page size as the kernel names it ("2MB", "1GB", "64KB").
#include "base/strings.h"
#include "cgroup/render_controllers.h"

namespace berth::cgroup {
namespace {

bool is_page_size(std::string_view size) {
  size_t digits = 0;
  while (digits < size.size() && size[digits] >= '0' && size[digits] <= '9') ++digits;
  if (digits == 0 || size[0] == '0') return false;
  std::string_view unit = size.substr(digits);
  return unit == "KB" || unit == "MB" || unit == "GB" || unit == "TB" || unit == "PB";
}

}  // namespace

Result<> render_hugetlb(const std::vector<spec::HugepageLimit>& limits, Version version,
                        Rendered& out) {
  for (size_t i = 0; i < limits.size(); ++i) {
    const auto& limit = limits[i];
    std::string field = "hugepageLimits[" + std::to_string(i) + "]";
    if (!is_page_size(limit.page_size))
      return fail_invalid(std::string(kResources) + field + ".pageSize: " +
                          quoted(limit.page_size) + " is not a page size like \"2MB\" or \"1GB\"");
    std::string file =
        "hugetlb." + limit.page_size + (version == Version::v1 ? ".limit_in_bytes" : ".max");
    add_write(out, field + ".limit", "hugetlb", file, std::to_string(limit.limit));
  }
  return {};
}

}  // namespace berth::cgroup
