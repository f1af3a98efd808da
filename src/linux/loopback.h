// A new network namespace starts with "lo" down; containers expect it up (runc and crun do this).
#pragma once

#include "base/error.h"

namespace berth::linux {

Result<> bring_up_loopback();

}  // namespace berth::linux
