// What the compiled filter decides, checked without loading it: a small classic-BPF interpreter
// runs the program on a seccomp_data, as the kernel would. Covers the rule semantics (conditions
// ANDed, the same argument twice ORed, MASKED_EQ, skipped rules) and the -ENOSYS stub.
#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <array>
#include <cstring>

#include "linux/seccomp_enosys.h"
#include "linux/seccomp_filter.h"
#include "result_assertions.h"

namespace berth::linux {
namespace {

struct Call {
  int nr;
  uint32_t arch = AUDIT_ARCH_X86_64;
  std::array<uint64_t, 6> args{};
};

Call sys(int nr, std::array<uint64_t, 6> args) { return {nr, AUDIT_ARCH_X86_64, args}; }
Call on(uint32_t arch, int nr) { return {nr, arch, {}}; }

// Runs a seccomp program; fails the test on an instruction it does not know.
uint32_t run(const std::vector<SeccompInstruction>& program, const Call& call) {
  seccomp_data data{};
  data.nr = call.nr;
  data.arch = call.arch;
  for (size_t i = 0; i < 6; ++i) data.args[i] = call.args[i];
  unsigned char bytes[sizeof(data)];
  std::memcpy(bytes, &data, sizeof(data));

  uint32_t a = 0, x = 0;
  uint32_t scratch[BPF_MEMWORDS] = {};
  for (size_t pc = 0; pc < program.size(); ++pc) {
    const SeccompInstruction& insn = program[pc];
    uint32_t k = insn.k;
    switch (insn.code) {
      case BPF_LD | BPF_W | BPF_ABS:
        if (k + 4 > sizeof(bytes)) ADD_FAILURE() << "load out of range at " << pc;
        std::memcpy(&a, bytes + k, 4);
        break;
      case BPF_LD | BPF_MEM:
        a = scratch[k];
        break;
      case BPF_LDX | BPF_MEM:
        x = scratch[k];
        break;
      case BPF_ST:
        scratch[k] = a;
        break;
      case BPF_STX:
        scratch[k] = x;
        break;
      case BPF_LD | BPF_IMM:
        a = k;
        break;
      case BPF_ALU | BPF_AND | BPF_K:
        a &= k;
        break;
      case BPF_ALU | BPF_OR | BPF_K:
        a |= k;
        break;
      case BPF_MISC | BPF_TAX:
        x = a;
        break;
      case BPF_MISC | BPF_TXA:
        a = x;
        break;
      case BPF_JMP | BPF_JA:
        pc += k;
        break;
      case BPF_JMP | BPF_JEQ | BPF_K:
        pc += (a == k) ? insn.jt : insn.jf;
        break;
      case BPF_JMP | BPF_JGT | BPF_K:
        pc += (a > k) ? insn.jt : insn.jf;
        break;
      case BPF_JMP | BPF_JGE | BPF_K:
        pc += (a >= k) ? insn.jt : insn.jf;
        break;
      case BPF_JMP | BPF_JSET | BPF_K:
        pc += (a & k) ? insn.jt : insn.jf;
        break;
      case BPF_RET | BPF_K:
        return k;
      case BPF_RET | BPF_A:
        return a;
      default:
        ADD_FAILURE() << "unknown BPF instruction 0x" << std::hex << insn.code << " at " << std::dec
                      << pc;
        return 0xdeadbeef;
    }
  }
  ADD_FAILURE() << "fell off the end of the program";
  return 0xdeadbeef;
}

uint32_t errno_result(int errnum) { return SECCOMP_RET_ERRNO | static_cast<uint32_t>(errnum); }

spec::Seccomp errno_default() {
  spec::Seccomp seccomp;
  seccomp.default_action = "SCMP_ACT_ERRNO";
  seccomp.architectures = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"};
  seccomp.syscalls.push_back(
      {.names = {"read", "write", "exit_group", "openat"}, .action = "SCMP_ACT_ALLOW"});
  return seccomp;
}

SeccompProgram compile(const spec::Seccomp& seccomp) {
  auto program = compile_seccomp(seccomp);
  EXPECT_TRUE(Succeeds(program));
  return program ? *program : SeccompProgram{};
}

TEST(SeccompBpf, DefaultActionAndAllowList) {
  SeccompProgram program = compile(errno_default());
  EXPECT_EQ(run(program.instructions, {SYS_read}), SECCOMP_RET_ALLOW);
  EXPECT_EQ(run(program.instructions, {SYS_openat}), SECCOMP_RET_ALLOW);
  EXPECT_EQ(run(program.instructions, {SYS_mkdir}), errno_result(EPERM));
}

TEST(SeccompBpf, DefaultErrnoRet) {
  spec::Seccomp seccomp = errno_default();
  seccomp.default_errno_ret = EACCES;
  EXPECT_EQ(run(compile(seccomp).instructions, {SYS_mkdir}), errno_result(EACCES));
}

TEST(SeccompBpf, ActionsAndErrnoRet) {
  spec::Seccomp seccomp = errno_default();
  seccomp.syscalls.push_back({.names = {"mkdir"}, .action = "SCMP_ACT_ERRNO", .errno_ret = EROFS});
  seccomp.syscalls.push_back({.names = {"getpid"}, .action = "SCMP_ACT_KILL_PROCESS"});
  seccomp.syscalls.push_back({.names = {"getppid"}, .action = "SCMP_ACT_KILL"});
  seccomp.syscalls.push_back({.names = {"gettid"}, .action = "SCMP_ACT_TRAP"});
  seccomp.syscalls.push_back({.names = {"uname"}, .action = "SCMP_ACT_LOG"});
  seccomp.syscalls.push_back({.names = {"chdir"}, .action = "SCMP_ACT_TRACE", .errno_ret = 7});
  seccomp.syscalls.push_back({.names = {"rmdir"}, .action = "SCMP_ACT_NOTIFY"});
  auto code = compile(seccomp).instructions;
  EXPECT_EQ(run(code, {SYS_mkdir}), errno_result(EROFS));
  EXPECT_EQ(run(code, {SYS_getpid}), SECCOMP_RET_KILL_PROCESS);
  EXPECT_EQ(run(code, {SYS_getppid}), SECCOMP_RET_KILL_THREAD);
  EXPECT_EQ(run(code, {SYS_gettid}), SECCOMP_RET_TRAP);
  EXPECT_EQ(run(code, {SYS_uname}), SECCOMP_RET_LOG);
  EXPECT_EQ(run(code, {SYS_chdir}), SECCOMP_RET_TRACE | 7u);
  EXPECT_EQ(run(code, {SYS_rmdir}), SECCOMP_RET_USER_NOTIF);
}

TEST(SeccompBpf, ConditionsOnDistinctArgumentsAreAnded) {
  spec::Seccomp seccomp = errno_default();
  seccomp.syscalls.push_back({.names = {"socket"},
                              .action = "SCMP_ACT_ALLOW",
                              .args = {{.index = 0, .value = AF_UNIX, .op = "SCMP_CMP_EQ"},
                                       {.index = 1, .value = 2, .op = "SCMP_CMP_LE"}}});
  auto code = compile(seccomp).instructions;
  EXPECT_EQ(run(code, sys(SYS_socket, {AF_UNIX, 1})), SECCOMP_RET_ALLOW);
  EXPECT_EQ(run(code, sys(SYS_socket, {AF_UNIX, 3})), errno_result(EPERM));
  EXPECT_EQ(run(code, sys(SYS_socket, {AF_INET, 1})), errno_result(EPERM));
}

TEST(SeccompBpf, ConditionsOnTheSameArgumentAreOred) {
  // runc's semantics: libseccomp rejects two conditions on one argument in a rule, so each
  // becomes a rule of its own.
  spec::Seccomp seccomp = errno_default();
  seccomp.syscalls.push_back({.names = {"personality"},
                              .action = "SCMP_ACT_ALLOW",
                              .args = {{.index = 0, .value = 0, .op = "SCMP_CMP_EQ"},
                                       {.index = 0, .value = 0xffffffff, .op = "SCMP_CMP_EQ"}}});
  auto code = compile(seccomp).instructions;
  EXPECT_EQ(run(code, sys(SYS_personality, {0})), SECCOMP_RET_ALLOW);
  EXPECT_EQ(run(code, sys(SYS_personality, {0xffffffff})), SECCOMP_RET_ALLOW);
  EXPECT_EQ(run(code, sys(SYS_personality, {8})), errno_result(EPERM));
}

TEST(SeccompBpf, EveryOperator) {
  struct Case {
    const char* op;
    uint64_t value, value_two;
    uint64_t allowed, denied;
  };
  const Case cases[] = {
      {"SCMP_CMP_NE", 5, 0, 6, 5},
      {"SCMP_CMP_LT", 5, 0, 4, 5},
      {"SCMP_CMP_LE", 5, 0, 5, 6},
      {"SCMP_CMP_EQ", 5, 0, 5, 4},
      {"SCMP_CMP_GE", 5, 0, 5, 4},
      {"SCMP_CMP_GT", 5, 0, 6, 5},
      // (arg & value) == valueTwo, as the clone entry of Docker's profile uses it
      {"SCMP_CMP_MASKED_EQ", 0x7e020000, 0, 0x11, 0x20000011},
      {"SCMP_CMP_EQ", 0x100000000ull, 0, 0x100000000ull, 0},  // the upper 32 bits count
  };
  for (const Case& c : cases) {
    spec::Seccomp seccomp = errno_default();
    seccomp.syscalls.push_back(
        {.names = {"clone"},
         .action = "SCMP_ACT_ALLOW",
         .args = {{.index = 2, .value = c.value, .value_two = c.value_two, .op = c.op}}});
    auto code = compile(seccomp).instructions;
    EXPECT_EQ(run(code, sys(SYS_clone, {0, 0, c.allowed})), SECCOMP_RET_ALLOW) << c.op;
    EXPECT_EQ(run(code, sys(SYS_clone, {0, 0, c.denied})), errno_result(EPERM)) << c.op;
  }
}

TEST(SeccompBpf, RulesLikeTheDefaultActionAreSkipped) {
  spec::Seccomp seccomp = errno_default();
  seccomp.syscalls.push_back({.names = {"mkdir"}, .action = "SCMP_ACT_ERRNO"});  // = the default
  EXPECT_EQ(run(compile(seccomp).instructions, {SYS_mkdir}), errno_result(EPERM));
}

TEST(SeccompBpf, OtherArchitectures) {
  auto code = compile(errno_default()).instructions;
  // i386: read is 3, mkdir 39
  EXPECT_EQ(run(code, on(AUDIT_ARCH_I386, 3)), SECCOMP_RET_ALLOW);
  EXPECT_EQ(run(code, on(AUDIT_ARCH_I386, 39)), errno_result(EPERM));
  // x32: x86-64 numbers with bit 30
  EXPECT_EQ(run(code, {static_cast<int>(kX32SyscallBit | 0)}), SECCOMP_RET_ALLOW);
  // an architecture the filter does not have: libseccomp's bad-arch action (kill)
  EXPECT_EQ(run(code, on(AUDIT_ARCH_AARCH64, 0)) & SECCOMP_RET_ACTION_FULL,
            SECCOMP_RET_KILL_THREAD);
}

// ---- the -ENOSYS stub ----

TEST(SeccompBpf, SyscallsNewerThanTheProfileGetEnosys) {
  auto code = compile(errno_default()).instructions;  // highest x86-64 syscall named: openat (257)
  EXPECT_EQ(run(code, {SYS_mkdir}), errno_result(EPERM));  // 83: known to the profile's era
  EXPECT_EQ(run(code, {SYS_openat}), SECCOMP_RET_ALLOW);
  EXPECT_EQ(run(code, {258}), errno_result(ENOSYS));  // mkdirat, above openat
  EXPECT_EQ(run(code, {1000}), errno_result(ENOSYS));
  // x32 has its own limit
  EXPECT_EQ(run(code, {static_cast<int>(kX32SyscallBit | 83)}), errno_result(EPERM));
  EXPECT_EQ(run(code, {static_cast<int>(kX32SyscallBit | 600)}), errno_result(ENOSYS));
  // i386: openat is 295
  EXPECT_EQ(run(code, on(AUDIT_ARCH_I386, 296)), errno_result(ENOSYS));
  EXPECT_EQ(run(code, on(AUDIT_ARCH_I386, 39)), errno_result(EPERM));
}

TEST(SeccompBpf, NoStubWhenTheDefaultLetsSyscallsThrough) {
  spec::Seccomp seccomp = errno_default();
  seccomp.syscalls = {{.names = {"mkdir"}, .action = "SCMP_ACT_ERRNO"}};
  for (const char* action : {"SCMP_ACT_ALLOW", "SCMP_ACT_LOG"}) {
    seccomp.default_action = action;
    auto code = compile(seccomp).instructions;
    EXPECT_EQ(run(code, {1000}) & SECCOMP_RET_ACTION_FULL,
              run(code, {SYS_read}) & SECCOMP_RET_ACTION_FULL);
    EXPECT_EQ(run(code, {SYS_mkdir}), errno_result(EPERM));
  }
}

TEST(SeccompBpf, NoStubWhenTheDefaultIsEnosysAlready) {
  spec::Seccomp seccomp = errno_default();
  seccomp.default_errno_ret = ENOSYS;
  auto with_enosys = compile(seccomp).instructions;
  seccomp.default_errno_ret = EPERM;
  auto with_eperm = compile(seccomp).instructions;
  EXPECT_LT(with_enosys.size(), with_eperm.size());
  EXPECT_EQ(run(with_enosys, {1000}), errno_result(ENOSYS));
}

TEST(SeccompBpf, KillDefaultStillGetsTheStub) {
  spec::Seccomp seccomp = errno_default();
  seccomp.default_action = "SCMP_ACT_KILL_PROCESS";
  auto code = compile(seccomp).instructions;
  EXPECT_EQ(run(code, {1000}), errno_result(ENOSYS));
  EXPECT_EQ(run(code, {SYS_mkdir}), SECCOMP_RET_KILL_PROCESS);
}

TEST(EnosysStub, Empty) {
  auto stub = enosys_stub({});
  ASSERT_TRUE(Succeeds(stub));
  EXPECT_TRUE(stub->empty());
}

TEST(EnosysStub, FallsThroughToTheFilter) {
  const SyscallLimit limits[] = {
      {.audit_arch = AUDIT_ARCH_X86_64, .max = 100},
      {.audit_arch = AUDIT_ARCH_S390X, .max = 400, .s390_multiplexer = true},
      {.audit_arch = AUDIT_ARCH_AARCH64},  // nothing named: all to the filter
  };
  auto stub = enosys_stub(limits);
  ASSERT_TRUE(Succeeds(stub));
  std::vector<SeccompInstruction> code = *stub;
  code.push_back({BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW});  // stands for the filter
  EXPECT_EQ(run(code, {100}), SECCOMP_RET_ALLOW);
  EXPECT_EQ(run(code, {101}), errno_result(ENOSYS));
  EXPECT_EQ(run(code, {static_cast<int>(kX32SyscallBit | 500)}),
            SECCOMP_RET_ALLOW);  // no x32 limit
  EXPECT_EQ(run(code, on(AUDIT_ARCH_S390X, 0)), errno_result(ENOSYS));
  EXPECT_EQ(run(code, on(AUDIT_ARCH_S390X, 5)), SECCOMP_RET_ALLOW);
  EXPECT_EQ(run(code, on(AUDIT_ARCH_S390X, 401)), errno_result(ENOSYS));
  EXPECT_EQ(run(code, on(AUDIT_ARCH_AARCH64, 5000)), SECCOMP_RET_ALLOW);
  EXPECT_EQ(run(code, on(AUDIT_ARCH_PPC64LE, 5000)), SECCOMP_RET_ALLOW);
}

}  // namespace
}  // namespace berth::linux
