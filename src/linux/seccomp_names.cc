#include "linux/seccomp_names.h"

#include <seccomp.h>

#include <cerrno>
#include <string>

#include "base/strings.h"

namespace berth::linux {
namespace {

enum class ErrnoUse { none, errno_ret };

struct ActionName {
  std::string_view name;
  uint32_t value;  // without the errno for ERRNO and TRACE
  ErrnoUse errno_use;
};

constexpr ActionName kActions[] = {
    {"SCMP_ACT_ALLOW", SCMP_ACT_ALLOW, ErrnoUse::none},
    {"SCMP_ACT_ERRNO", SCMP_ACT_ERRNO(0), ErrnoUse::errno_ret},
    {"SCMP_ACT_KILL", SCMP_ACT_KILL_THREAD, ErrnoUse::none},
    {"SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS, ErrnoUse::none},
    {"SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD, ErrnoUse::none},
    {"SCMP_ACT_LOG", SCMP_ACT_LOG, ErrnoUse::none},
    {"SCMP_ACT_NOTIFY", SCMP_ACT_NOTIFY, ErrnoUse::none},
    {"SCMP_ACT_TRACE", SCMP_ACT_TRACE(0), ErrnoUse::errno_ret},
    {"SCMP_ACT_TRAP", SCMP_ACT_TRAP, ErrnoUse::none},
};

struct OperatorName {
  std::string_view name;
  scmp_compare value;
};

constexpr OperatorName kOperators[] = {
    {"SCMP_CMP_NE", SCMP_CMP_NE},
    {"SCMP_CMP_LT", SCMP_CMP_LT},
    {"SCMP_CMP_LE", SCMP_CMP_LE},
    {"SCMP_CMP_EQ", SCMP_CMP_EQ},
    {"SCMP_CMP_GE", SCMP_CMP_GE},
    {"SCMP_CMP_GT", SCMP_CMP_GT},
    {"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ},
};

// The spec's names and libseccomp's tokens (seccomp_arch_resolve_name). Newer libseccomp
// versions know more of them than 2.5.4 does.
struct ArchName {
  std::string_view name;
  std::string_view token;
};

constexpr ArchName kArchs[] = {
    {"SCMP_ARCH_X86", "x86"},
    {"SCMP_ARCH_X86_64", "x86_64"},
    {"SCMP_ARCH_X32", "x32"},
    {"SCMP_ARCH_ARM", "arm"},
    {"SCMP_ARCH_AARCH64", "aarch64"},
    {"SCMP_ARCH_LOONGARCH64", "loongarch64"},
    {"SCMP_ARCH_M68K", "m68k"},
    {"SCMP_ARCH_MIPS", "mips"},
    {"SCMP_ARCH_MIPS64", "mips64"},
    {"SCMP_ARCH_MIPS64N32", "mips64n32"},
    {"SCMP_ARCH_MIPSEL", "mipsel"},
    {"SCMP_ARCH_MIPSEL64", "mipsel64"},
    {"SCMP_ARCH_MIPSEL64N32", "mipsel64n32"},
    {"SCMP_ARCH_PARISC", "parisc"},
    {"SCMP_ARCH_PARISC64", "parisc64"},
    {"SCMP_ARCH_PPC", "ppc"},
    {"SCMP_ARCH_PPC64", "ppc64"},
    {"SCMP_ARCH_PPC64LE", "ppc64le"},
    {"SCMP_ARCH_RISCV64", "riscv64"},
    {"SCMP_ARCH_S390", "s390"},
    {"SCMP_ARCH_S390X", "s390x"},
    {"SCMP_ARCH_SH", "sh"},
    {"SCMP_ARCH_SHEB", "sheb"},
};

struct FlagName {
  std::string_view name;
  unsigned int value;
};

constexpr FlagName kFlags[] = {
    {"SECCOMP_FILTER_FLAG_TSYNC", kSeccompFlagTsync},
    {"SECCOMP_FILTER_FLAG_LOG", kSeccompFlagLog},
    {"SECCOMP_FILTER_FLAG_SPEC_ALLOW", kSeccompFlagSpecAllow},
    {"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", kSeccompFlagWaitKillableRecv},
};

template <typename Table>
auto find_name(const Table& table, std::string_view name) -> decltype(&table[0]) {
  for (const auto& entry : table) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

// SECCOMP_RET_DATA holds 16 bits; a larger errnoRet would silently become another errno.
constexpr uint32_t kMaxErrnoRet = 0xffff;

}  // namespace

Result<uint32_t> seccomp_action_value(std::string_view name, std::optional<uint32_t> errno_ret,
                                      std::string_view field, std::string_view errno_field) {
  const ActionName* action = find_name(kActions, name);
  if (action == nullptr)
    return fail_invalid(std::string(field) + ": unknown action " + quoted(name));
  if (action->errno_use == ErrnoUse::none) {
    if (errno_ret) {
      return fail_invalid(std::string(errno_field) + ": " + std::string(name) +
                          " does not return an errno (only SCMP_ACT_ERRNO and SCMP_ACT_TRACE do)");
    }
    return action->value;
  }
  uint32_t errnum = errno_ret.value_or(EPERM);
  if (errnum > kMaxErrnoRet) {
    return fail_invalid(std::string(errno_field) + ": must be at most 65535, got " +
                        std::to_string(errnum));
  }
  return action->value | errnum;
}

Result<int> seccomp_operator_value(std::string_view name, std::string_view field) {
  const OperatorName* op = find_name(kOperators, name);
  if (op == nullptr) return fail_invalid(std::string(field) + ": unknown operator " + quoted(name));
  return static_cast<int>(op->value);
}

std::optional<std::string_view> seccomp_arch_token(std::string_view name) {
  const ArchName* arch = find_name(kArchs, name);
  if (arch == nullptr) return std::nullopt;
  return arch->token;
}

Result<unsigned int> seccomp_flag_value(std::string_view name, std::string_view field) {
  const FlagName* flag = find_name(kFlags, name);
  if (flag == nullptr) return fail_invalid(std::string(field) + ": unknown flag " + quoted(name));
  return flag->value;
}

}  // namespace berth::linux
