#include "linux/seccomp_enosys.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <cerrno>
#include <cstddef>
#include <string>

namespace berth::linux {
namespace {

// Jump targets while the stub is built: an instruction index, or one of these.
constexpr int kNext = -1;    // fall through
constexpr int kEnosys = -2;  // the final "ret ERRNO(ENOSYS)"
constexpr int kFilter = -3;  // the first instruction after the stub

struct PendingInstruction {
  uint16_t code;
  uint32_t k;
  int jt = kNext;  // for BPF_JA: the target
  int jf = kNext;
};

class StubBuilder {
 public:
  size_t load_arch() { return add({BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)}); }
  size_t load_nr() { return add({BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)}); }
  size_t jump_if(uint16_t op, uint32_t k, int jt, int jf) {
    return add({static_cast<uint16_t>(BPF_JMP | op | BPF_K), k, jt, jf});
  }
  size_t jump(int target) { return add({BPF_JMP | BPF_JA, 0, target, kNext}); }
  size_t ret(uint32_t k) { return add({BPF_RET | BPF_K, k}); }
  int here() const { return static_cast<int>(code_.size()); }
  void set_true_target(size_t at, int target) { code_[at].jt = target; }
  void set_false_target(size_t at, int target) { code_[at].jf = target; }

  Result<std::vector<SeccompInstruction>> resolve() const {
    const int enosys = here() - 1;  // the stub ends with "ret ERRNO(ENOSYS)"
    const int filter = here();
    auto offset = [&](size_t at, int target) -> int {
      if (target == kNext) return 0;
      if (target == kEnosys) target = enosys;
      if (target == kFilter) target = filter;
      return target - static_cast<int>(at) - 1;
    };
    std::vector<SeccompInstruction> out;
    out.reserve(code_.size());
    for (size_t i = 0; i < code_.size(); ++i) {
      const PendingInstruction& p = code_[i];
      if (p.code == (BPF_JMP | BPF_JA)) {
        out.push_back({p.code, 0, 0, static_cast<uint32_t>(offset(i, p.jt))});
        continue;
      }
      int jt = offset(i, p.jt), jf = offset(i, p.jf);
      if (jt < 0 || jt > 255 || jf < 0 || jf > 255) {
        return fail_invalid("linux.seccomp: the -ENOSYS stub needs a jump longer than BPF allows");
      }
      out.push_back({p.code, static_cast<uint8_t>(jt), static_cast<uint8_t>(jf), p.k});
    }
    return out;
  }

 private:
  size_t add(PendingInstruction instruction) {
    code_.push_back(instruction);
    return code_.size() - 1;
  }
  std::vector<PendingInstruction> code_;
};

// "nr > max ? ENOSYS : filter"; with no max, straight to the filter.
void limit_check(StubBuilder& stub, const std::optional<uint32_t>& max) {
  if (max) {
    stub.jump_if(BPF_JGT, *max, kEnosys, kFilter);
  } else {
    stub.jump(kFilter);
  }
}

}  // namespace

Result<std::vector<SeccompInstruction>> enosys_stub(std::span<const SyscallLimit> limits) {
  if (limits.empty()) return std::vector<SeccompInstruction>{};
  StubBuilder stub;
  for (const SyscallLimit& limit : limits) {
    // One section per architecture; an architecture that does not match skips to the next.
    stub.load_arch();
    size_t arch_check = stub.jump_if(BPF_JEQ, limit.audit_arch, kNext, kNext);
    stub.load_nr();
    if (limit.s390_multiplexer) stub.jump_if(BPF_JEQ, 0, kEnosys, kNext);
    if (limit.audit_arch == AUDIT_ARCH_X86_64) {
      // x32 syscalls carry bit 30; each ABI has its own highest number.
      size_t abi_check = stub.jump_if(BPF_JSET, kX32SyscallBit, kNext, kNext);
      limit_check(stub, limit.max);                  // bit clear: an x86-64 syscall
      stub.set_true_target(abi_check, stub.here());  // bit set: an x32 syscall
      limit_check(stub, limit.max_x32);
    } else {
      limit_check(stub, limit.max);
    }
    stub.set_false_target(arch_check, stub.here());
  }
  stub.jump(kFilter);  // no section matched
  stub.ret(SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA));
  return stub.resolve();
}

}  // namespace berth::linux
