#include "container/binary_protection.h"

#include <algorithm>

#include "base/log.h"
#include "process/protected_binary.h"

namespace berth::container {

bool container_can_reach_runtime_binary(const spec::Spec& spec) {
  if (!spec.linux_config) return true;
  const spec::Linux& linux_config = *spec.linux_config;
  // In a user namespace the container's capabilities do not reach a process whose memory was set
  // up in the initial one, as the init's and exec children's are.
  if (linux_config.has_namespace(spec::NamespaceType::user)) return false;
  const spec::Namespace* pid = linux_config.find_namespace(spec::NamespaceType::pid);
  if (!pid || !pid->path.empty()) return true;
  if (!spec.process || !spec.process->capabilities) return true;
  const auto& bounding = spec.process->capabilities->bounding;
  for (const char* cap : {"CAP_SYS_PTRACE", "CAP_SYS_ADMIN", "CAP_CHECKPOINT_RESTORE"}) {
    if (std::find(bounding.begin(), bounding.end(), cap) != bounding.end()) return true;
  }
  return false;
}

Result<> protect_runtime_binary(const RuntimeOptions& runtime, const spec::Spec& spec) {
  if (!runtime.argv || !container_can_reach_runtime_binary(spec)) return {};
  if (process::runtime_binary_is_read_only()) return {};
  log::debug("the container may reach the runtime binary: re-executing from a read-only mount of it");
  Error error = process::reexec_from_read_only_binary(runtime.argv);
  return fail(std::move(error).with_context("protect the runtime binary (CVE-2019-5736)"));
}

}  // namespace berth::container
