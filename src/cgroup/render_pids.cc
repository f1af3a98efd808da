// linux.resources.pids.limit -> pids.max on v1 and v2: a positive limit, or "max" for a negative
// one. 0 means "not set", as runc reads it.
#include "cgroup/render_controllers.h"

namespace berth::cgroup {

Result<> render_pids(int64_t limit, Rendered& out) {
  if (limit == 0) return {};
  add_write(out, "pids.limit", "pids", "pids.max", limit > 0 ? std::to_string(limit) : "max");
  return {};
}

}  // namespace berth::cgroup
