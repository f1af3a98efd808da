// The device rules a container actually gets. config.json's linux.resources.devices usually starts
// with "deny all"; like runc, the runtime then allows what every container needs (the default
// device nodes, /dev/console, /dev/pts/*, /dev/ptmx, and mknod of any node) and every node listed in
// linux.devices. Unlike runc, a rule the config gives after its "deny all" still overrides these.
#pragma once

#include "spec/spec.h"

namespace berth::spec {

// linux.resources (or nothing) with the device rules completed: the defaults go right after the
// last "deny everything" rule (at the start when there is none).
Resources effective_resources(const Spec& spec);

}  // namespace berth::spec
