// The device rules a container actually gets. config.json's linux.resources.devices usually starts
// with "deny all"; like runc, the runtime then allows what every container needs (the default
// device nodes, /dev/console, /dev/pts/*, /dev/ptmx, and mknod of any node) and every node listed in
// linux.devices. Later rules win, so these are appended after the configured ones.
#pragma once

#include "spec/spec.h"

namespace berth::spec {

// linux.resources (or nothing) with the device rules completed.
Resources effective_resources(const Spec& spec);

}  // namespace berth::spec
