// The names config.json may use for kernel objects, as the runtime-spec v1.2 lists them.
// validate.cc checks against these lists; `features` reports them; src/linux maps them to numbers.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace berth::spec {

// "CAP_CHOWN", ... "CAP_CHECKPOINT_RESTORE"; the index of a name is its capability number.
std::span<const std::string_view> capability_names();
std::optional<int> capability_number(std::string_view name);

// "RLIMIT_AS", ... in alphabetical order.
std::span<const std::string_view> rlimit_names();

std::span<const std::string_view> seccomp_action_names();    // "SCMP_ACT_ALLOW", ...
std::span<const std::string_view> seccomp_operator_names();  // "SCMP_CMP_EQ", ...
std::span<const std::string_view> seccomp_arch_names();      // "SCMP_ARCH_X86_64", ...
std::span<const std::string_view> seccomp_flag_names();      // "SECCOMP_FILTER_FLAG_TSYNC", ...

bool contains_name(std::span<const std::string_view> names, std::string_view name);

}  // namespace berth::spec
