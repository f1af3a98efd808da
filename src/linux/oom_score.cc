#include "linux/oom_score.h"

#include <string>

#include "base/files.h"

namespace berth::linux {

Result<> set_oom_score_adj(int value) {
  auto written = write_file("/proc/self/oom_score_adj", std::to_string(value));
  if (!written) return fail(std::move(written.error()).with_context("process.oomScoreAdj"));
  return {};
}

}  // namespace berth::linux
