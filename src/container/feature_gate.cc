#include "container/feature_gate.h"

#include <string>

namespace berth::container {
namespace {

Result<> not_supported(const std::string& field) {
  return fail_invalid(field + ": not supported yet by berth-runtime");
}

}  // namespace

Result<> reject_unsupported(const spec::Spec& spec) {
  if (spec.process) {
    if (!spec.process->apparmor_profile.empty()) return not_supported("process.apparmorProfile");
    if (!spec.process->selinux_label.empty()) return not_supported("process.selinuxLabel");
  }
  if (!spec.linux_config) return {};
  const spec::Linux& linux_config = *spec.linux_config;
  if (linux_config.intel_rdt) return not_supported("linux.intelRdt");
  if (!linux_config.mount_label.empty()) return not_supported("linux.mountLabel");
  return {};
}

}  // namespace berth::container
