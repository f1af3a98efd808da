// The runtime-spec features document for this build, gathered from the modules that implement
// each feature.
#pragma once

#include <string>

namespace berth::container {

std::string features_document();

}  // namespace berth::container
