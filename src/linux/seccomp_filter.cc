#include "linux/seccomp_filter.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>

#include "base/log.h"
#include "base/strings.h"
#include "linux/seccomp_enosys.h"
#include "linux/seccomp_features.h"

namespace berth::linux {

static_assert(sizeof(SeccompInstruction) == sizeof(sock_filter));
static_assert(offsetof(SeccompInstruction, k) == offsetof(sock_filter, k));

namespace {

constexpr const char* kField = "linux.seccomp";
constexpr size_t kMaxSyscallArgs = 6;
// From this many syscall names on, libseccomp's binary-tree layout beats its linear one (runc's
// threshold too: libseccomp <= 2.5.4 misbehaves with the tree and no rules at all).
constexpr size_t kBinaryTreeThreshold = 32;
// The init sends the listener fd over its channel with this syscall, after the filter is loaded.
constexpr std::string_view kListenerHandoffSyscall = "sendmsg";

struct FilterDeleter {
  void operator()(void* ctx) const { seccomp_release(ctx); }
};
using FilterContext = std::unique_ptr<void, FilterDeleter>;

std::string element(std::string_view list, size_t index) {
  return std::string(list) + "[" + std::to_string(index) + "]";
}

bool lets_syscalls_through(uint32_t action) {
  uint32_t kind = action & SECCOMP_RET_ACTION_FULL;
  return kind == SCMP_ACT_ALLOW || kind == SCMP_ACT_LOG ||
         kind == (SCMP_ACT_TRACE(0) & SECCOMP_RET_ACTION_FULL);
}

// The architectures of the filter: the native one first, then those the profile adds.
Result<std::vector<uint32_t>> add_architectures(scmp_filter_ctx ctx, const spec::Seccomp& seccomp) {
  std::vector<uint32_t> arches = {seccomp_arch_native()};
  for (size_t i = 0; i < seccomp.architectures.size(); ++i) {
    const std::string& name = seccomp.architectures[i];
    std::string field = element("linux.seccomp.architectures", i);
    auto token = seccomp_arch_token(name);
    if (!token) return fail_invalid(field + ": unknown architecture " + quoted(name));
    uint32_t arch = seccomp_arch_resolve_name(std::string(*token).c_str());
    if (arch == 0) {
      return fail_invalid(field + ": " + name + " is not supported by libseccomp " +
                          libseccomp_version());
    }
    if (std::find(arches.begin(), arches.end(), arch) != arches.end()) continue;
    int rc = seccomp_arch_add(ctx, arch);
    if (rc != 0 && rc != -EEXIST) return fail_system(field + ": add architecture " + name, -rc);
    arches.push_back(arch);
  }
  return arches;
}

// The flags for seccomp(2) from the profile's flags and whether a rule notifies.
Result<unsigned int> filter_flags(const spec::Seccomp& seccomp, bool uses_notify) {
  unsigned int flags = 0;
  for (size_t i = 0; i < seccomp.flags.size(); ++i) {
    flags |= BERTH_TRY(seccomp_flag_value(seccomp.flags[i], element("linux.seccomp.flags", i)));
  }
  if (uses_notify) {
    if (!seccomp_flag_supported(kSeccompFlagNewListener)) {
      return fail_invalid(
          "linux.seccomp: SCMP_ACT_NOTIFY is not supported by this kernel (Linux 5.0 or later)");
    }
    flags |= kSeccompFlagNewListener;
  }
  // The kernel refuses TSYNC with NEW_LISTENER (unless TSYNC_ESRCH, Linux 5.7+). The container's
  // init is single-threaded when it loads the filter, so TSYNC has nothing to do: drop it.
  if ((flags & kSeccompFlagTsync) && uses_notify) {
    log::debug("seccomp: SECCOMP_FILTER_FLAG_TSYNC dropped, the filter has a listener");
    flags &= ~kSeccompFlagTsync;
  }
  // WAIT_KILLABLE_RECV is about the listener; without one the kernel refuses it.
  if ((flags & kSeccompFlagWaitKillableRecv) && !uses_notify) {
    log::debug(
        "seccomp: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV ignored, no rule uses SCMP_ACT_NOTIFY");
    flags &= ~kSeccompFlagWaitKillableRecv;
  }
  // Asked now, so that `create` fails rather than the load right before exec.
  for (size_t i = 0; i < seccomp.flags.size(); ++i) {
    unsigned int flag = *seccomp_flag_value(seccomp.flags[i], "");
    if ((flags & flag) && !seccomp_flag_supported(flag)) {
      return fail_invalid(element("linux.seccomp.flags", i) + ": " + seccomp.flags[i] +
                          " is not supported by this kernel");
    }
  }
  return flags;
}

Result<std::vector<scmp_arg_cmp>> conditions(const spec::SeccompSyscall& syscall,
                                             std::string_view syscall_field,
                                             bool& same_index_twice) {
  std::vector<scmp_arg_cmp> out;
  std::array<int, kMaxSyscallArgs> per_index{};
  same_index_twice = false;
  for (size_t i = 0; i < syscall.args.size(); ++i) {
    const spec::SeccompArg& arg = syscall.args[i];
    std::string field = element(std::string(syscall_field) + ".args", i);
    if (arg.index >= kMaxSyscallArgs) {
      return fail_invalid(field + ".index: must be less than 6, got " + std::to_string(arg.index));
    }
    int op = BERTH_TRY(seccomp_operator_value(arg.op, field + ".op"));
    // SCMP_CMP_MASKED_EQ: (argument & value) == valueTwo. The others compare with value only.
    out.push_back({arg.index, static_cast<scmp_compare>(op), arg.value, arg.value_two});
    if (++per_index[arg.index] > 1) same_index_twice = true;
  }
  return out;
}

Result<> add_rules(scmp_filter_ctx ctx, const spec::SeccompSyscall& syscall, size_t index,
                   uint32_t default_action) {
  std::string field = element("linux.seccomp.syscalls", index);
  uint32_t action = BERTH_TRY(seccomp_action_value(syscall.action, syscall.errno_ret,
                                                   field + ".action", field + ".errnoRet"));
  bool same_index_twice = false;
  std::vector<scmp_arg_cmp> args = BERTH_TRY(conditions(syscall, field, same_index_twice));
  if (syscall.names.empty()) return fail_invalid(field + ".names: must not be empty");
  if (action == default_action) return {};  // libseccomp refuses it, and it would change nothing

  for (size_t n = 0; n < syscall.names.size(); ++n) {
    const std::string& name = syscall.names[n];
    if (action == SCMP_ACT_NOTIFY && name == kListenerHandoffSyscall) {
      // Like runc's refusal of write: the first sendmsg would wait for an agent that has no fd yet.
      return fail_invalid(element(field + ".names", n) + ": SCMP_ACT_NOTIFY cannot be used for " +
                          name +
                          ", the container's init hands the listener to the runtime with it");
    }
    int nr = seccomp_syscall_resolve_name(name.c_str());
    if (nr == __NR_SCMP_ERROR) {
      log::debug(element(field + ".names", n) + ": unknown syscall " + quoted(name) + " skipped");
      continue;
    }
    auto add = [&](const scmp_arg_cmp* cmp, unsigned int count) -> Result<> {
      int rc = seccomp_rule_add_array(ctx, action, nr, count, cmp);
      if (rc < 0) return fail_system(field + ": add the rule for " + quoted(name), -rc);
      return {};
    };
    if (same_index_twice) {
      // libseccomp takes one condition per argument in a rule: one rule per condition (OR).
      for (const scmp_arg_cmp& cmp : args) BERTH_TRY(add(&cmp, 1));
    } else {
      BERTH_TRY(add(args.data(), static_cast<unsigned int>(args.size())));
    }
  }
  return {};
}

Result<std::vector<SeccompInstruction>> export_bpf(scmp_filter_ctx ctx) {
  UniqueFd memfd(static_cast<int>(::syscall(SYS_memfd_create, "berth-seccomp", MFD_CLOEXEC)));
  if (!memfd) return fail_system(std::string(kField) + ": memfd_create for the BPF export");
  int rc = seccomp_export_bpf(ctx, memfd.get());
  if (rc < 0) return fail_system(std::string(kField) + ": export the filter as BPF", -rc);
  struct stat st;
  if (::fstat(memfd.get(), &st) != 0)
    return fail_system(std::string(kField) + ": fstat the BPF export");
  if (st.st_size % sizeof(SeccompInstruction) != 0) {
    return fail_invalid(std::string(kField) +
                        ": the exported BPF is not a whole number of instructions");
  }
  std::vector<SeccompInstruction> program(st.st_size / sizeof(SeccompInstruction));
  size_t done = 0, size = static_cast<size_t>(st.st_size);
  auto* bytes = reinterpret_cast<char*>(program.data());
  while (done < size) {
    ssize_t n = ::pread(memfd.get(), bytes + done, size - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      return fail_system(std::string(kField) + ": read the BPF export", n < 0 ? errno : EIO);
    done += static_cast<size_t>(n);
  }
  return program;
}

// The highest syscall number the profile names, per architecture of the filter.
std::vector<SyscallLimit> syscall_limits(const spec::Seccomp& seccomp,
                                         const std::vector<uint32_t>& arches) {
  std::vector<SyscallLimit> limits;
  auto limit_for = [&](uint32_t audit_arch) -> SyscallLimit& {
    for (auto& limit : limits) {
      if (limit.audit_arch == audit_arch) return limit;
    }
    limits.push_back({.audit_arch = audit_arch});
    return limits.back();
  };
  for (uint32_t arch : arches) {
    std::optional<uint32_t> max;
    for (const auto& syscall : seccomp.syscalls) {
      for (const auto& name : syscall.names) {
        int nr = seccomp_syscall_resolve_name_arch(arch, name.c_str());
        if (nr < 0) continue;  // unknown here, or a pseudo-syscall of another architecture
        max = std::max(max.value_or(0), static_cast<uint32_t>(nr));
      }
    }
    if (!max) continue;
    if (arch == SCMP_ARCH_X32) {
      limit_for(AUDIT_ARCH_X86_64).max_x32 = *max | kX32SyscallBit;
    } else {
      SyscallLimit& limit = limit_for(arch);
      limit.max = *max;
      limit.s390_multiplexer = arch == SCMP_ARCH_S390 || arch == SCMP_ARCH_S390X;
    }
  }
  return limits;
}

}  // namespace

Result<SeccompProgram> compile_seccomp(const spec::Seccomp& seccomp) {
  uint32_t default_action = BERTH_TRY(
      seccomp_action_value(seccomp.default_action, seccomp.default_errno_ret,
                           "linux.seccomp.defaultAction", "linux.seccomp.defaultErrnoRet"));
  if (default_action == SCMP_ACT_NOTIFY) {
    return fail_invalid(
        "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action");
  }
  FilterContext ctx(seccomp_init(default_action));
  if (!ctx) {
    return fail_invalid("linux.seccomp.defaultAction: " + seccomp.default_action +
                        " is not supported by this kernel or libseccomp " + libseccomp_version());
  }
  std::vector<uint32_t> arches = BERTH_TRY(add_architectures(ctx.get(), seccomp));
  size_t names = 0;
  for (const auto& syscall : seccomp.syscalls) names += syscall.names.size();
  if (names > kBinaryTreeThreshold) {
    int rc = seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_OPTIMIZE, 2);
    if (rc < 0) log::debug("seccomp: libseccomp's binary tree optimization is not available");
  }

  bool uses_notify = false;
  for (size_t i = 0; i < seccomp.syscalls.size(); ++i) {
    BERTH_TRY(add_rules(ctx.get(), seccomp.syscalls[i], i, default_action));
    uses_notify = uses_notify || seccomp.syscalls[i].action == "SCMP_ACT_NOTIFY";
  }

  SeccompProgram program;
  program.flags = BERTH_TRY(filter_flags(seccomp, uses_notify));
  std::vector<SeccompInstruction> filter = BERTH_TRY(export_bpf(ctx.get()));
  ctx.reset();

  bool stub_wanted =
      !lets_syscalls_through(default_action) && default_action != SCMP_ACT_ERRNO(ENOSYS);
  if (stub_wanted) {
    std::vector<SyscallLimit> limits = syscall_limits(seccomp, arches);
    program.instructions = BERTH_TRY(enosys_stub(limits));
  }
  program.instructions.insert(program.instructions.end(), filter.begin(), filter.end());
  if (program.instructions.size() > BPF_MAXINSNS) {
    return fail_invalid(
        std::string(kField) + ": the filter has " + std::to_string(program.instructions.size()) +
        " BPF instructions, more than the kernel's limit of " + std::to_string(BPF_MAXINSNS));
  }
  return program;
}

Result<UniqueFd> load_seccomp(const SeccompProgram& program) {
  if (program.instructions.empty()) return fail_invalid(std::string(kField) + ": empty filter");
  sock_fprog fprog = {
      .len = static_cast<unsigned short>(program.instructions.size()),
      .filter = reinterpret_cast<sock_filter*>(
          const_cast<SeccompInstruction*>(program.instructions.data())),
  };
  long rc = ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, program.flags, &fprog);
  if (rc < 0) {
    int errnum = errno;
    std::string what = std::string(kField) + ": load the filter";
    if (errnum == EACCES) what += " (needs process.noNewPrivileges or CAP_SYS_ADMIN)";
    return fail_system(what, errnum);
  }
  if (program.uses_notify()) return UniqueFd(static_cast<int>(rc));
  if (rc > 0) {  // TSYNC: the id of a thread that could not be synchronized
    return fail_invalid(std::string(kField) + ": thread " + std::to_string(rc) +
                        " could not be synchronized (SECCOMP_FILTER_FLAG_TSYNC)");
  }
  return UniqueFd();
}

}  // namespace berth::linux
