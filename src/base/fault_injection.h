// Fault injection for tests: with BERTH_FAULT_AT=<step> in its environment, the runtime kills
// itself with SIGKILL when it reaches that step, exactly as an engine timing it out would. The
// steps are named where fault_point() is called (grep for it). Without the variable it costs one
// getenv per process.
#pragma once

namespace berth {

void fault_point(const char* step);

}  // namespace berth
