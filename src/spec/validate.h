// Checks a parsed Spec against the runtime-spec's rules for Linux, before anything is created.
// Pure: no file system access (paths that must exist are checked where they are opened).
// Every error names the field, e.g. `process.cwd: must be an absolute path, got "tmp"`.
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "spec/spec.h"

namespace berth::spec {

struct Validation {
  std::vector<std::string> warnings;  // accepted, but worth a log line (relative mount destination, ...)
};

// Full validation for create/run: ociVersion, root, process, mounts, hooks, namespaces, id mappings,
// devices, sysctl, time offsets, masked/readonly paths, cgroupsPath, resources, seccomp names.
Result<Validation> validate_spec(const Spec& spec);

// Validation of a `process` object alone (config.json's process, or exec --process). Warnings
// are appended to `validation` when it is given.
Result<> validate_process(const Process& process, std::string_view field_prefix,
                          Validation* validation = nullptr);

// Validation of a resources object alone (config.json's linux.resources, or update --resources).
// Syntax and ranges only: whether the host has that cpu, hugepage size or device is for the kernel.
Result<> validate_resources(const Resources& resources, std::string_view field_prefix);

// Container ids: ^[A-Za-z0-9][A-Za-z0-9_.-]*$ and at most 1024 characters.
Result<> validate_container_id(std::string_view id);

}  // namespace berth::spec
