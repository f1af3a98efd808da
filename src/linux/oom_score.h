// process.oomScoreAdj -> /proc/self/oom_score_adj.
#pragma once

#include "base/error.h"

namespace berth::linux {

Result<> set_oom_score_adj(int value);

}  // namespace berth::linux
