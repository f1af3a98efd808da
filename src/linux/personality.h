// linux.personality: the execution domain (LINUX, LINUX32) for the container process.
#pragma once

#include "base/error.h"
#include "spec/spec.h"

namespace berth::linux {

Result<> apply_personality(const spec::Personality& personality);

}  // namespace berth::linux
