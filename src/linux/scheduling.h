// process.ioPriority, process.scheduler and process.execCPUAffinity.
#pragma once

#include <string>

#include "base/error.h"
#include "spec/spec.h"

namespace berth::linux {

Result<> apply_io_priority(const spec::IoPriority& priority);
Result<> apply_scheduler(const spec::Scheduler& scheduler);
// A cpu list such as "0-3,7" -> sched_setaffinity(0, ...). `field` names it in errors.
Result<> apply_cpu_affinity(const std::string& cpus, const std::string& field);

}  // namespace berth::linux
