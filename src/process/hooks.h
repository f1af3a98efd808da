// Running OCI hooks: the hook gets the container's state JSON on stdin, its own args and env, and
// is killed when its timeout passes. A failing hook's exit status and output are in the error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "spec/spec.h"

namespace berth::process {

// `field` names the hook in errors, e.g. "hooks.prestart[0]".
Result<> run_hook(const spec::Hook& hook, std::string_view state_json, const std::string& field);

// Runs the hooks in order, stopping at the first failure. `kind` is the JSON name ("prestart").
Result<> run_hooks(const std::vector<spec::Hook>& hooks, std::string_view kind,
                   std::string_view state_json);

}  // namespace berth::process
