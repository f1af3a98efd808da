// runc's `events` JSON: {"type":"stats","id":...,"data":{cpu, memory, pids, blkio, hugetlb, ...}}
// and {"type":"oom","id":...}, one object per line.
#pragma once

#include <string>

#include "cgroup/driver.h"

namespace berth::container {

std::string stats_event_json(const std::string& id, const cgroup::Stats& stats);
std::string oom_event_json(const std::string& id);

}  // namespace berth::container
