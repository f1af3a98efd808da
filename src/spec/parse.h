// config.json -> Spec. Every error names the JSON field path, e.g.
//   linux.namespaces[2].type: unknown namespace type "foo"
// Unknown members are ignored, as the runtime-spec requires.
#pragma once

#include <string>
#include <string_view>

#include "base/error.h"
#include "spec/spec.h"

namespace berth::spec {

// Parses a whole config.json document. Types are checked; values are validated by validate.h.
Result<Spec> parse_config(std::string_view json_text);

// Parses a standalone `process` object, as `exec --process FILE` passes it.
Result<Process> parse_process(std::string_view json_text);

// Parses a standalone `linux.resources` object, as `update --resources FILE` passes it.
Result<Resources> parse_resources(std::string_view json_text);

}  // namespace berth::spec
