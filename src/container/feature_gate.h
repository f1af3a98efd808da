// Fields of config.json that this build parses but cannot honour yet. Each is rejected with a
// clear "not supported yet" error naming the field, never silently ignored.
#pragma once

#include "base/error.h"
#include "spec/spec.h"

namespace berth::container {

Result<> reject_unsupported(const spec::Spec& spec);

}  // namespace berth::container
