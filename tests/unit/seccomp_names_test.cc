// linux.seccomp names -> values, and the errors compile_seccomp gives for bad profiles. Building a
// filter asks nothing of the kernel that needs privileges, so these run as any user.
#include "linux/seccomp_names.h"

#include <gtest/gtest.h>
#include <seccomp.h>

#include "linux/seccomp_features.h"
#include "linux/seccomp_filter.h"
#include "result_assertions.h"
#include "spec/known_names.h"

namespace berth::linux {
namespace {

constexpr const char* kAction = "linux.seccomp.syscalls[3].action";
constexpr const char* kErrno = "linux.seccomp.syscalls[3].errnoRet";

TEST(SeccompNames, EveryActionOfTheSpecHasAValue) {
  for (std::string_view name : spec::seccomp_action_names()) {
    EXPECT_TRUE(Succeeds(seccomp_action_value(name, std::nullopt, kAction, kErrno))) << name;
  }
}

TEST(SeccompNames, ActionValues) {
  EXPECT_EQ(*seccomp_action_value("SCMP_ACT_ALLOW", std::nullopt, kAction, kErrno), SCMP_ACT_ALLOW);
  EXPECT_EQ(*seccomp_action_value("SCMP_ACT_KILL", std::nullopt, kAction, kErrno),
            SCMP_ACT_KILL_THREAD);
  EXPECT_EQ(*seccomp_action_value("SCMP_ACT_KILL_THREAD", std::nullopt, kAction, kErrno),
            SCMP_ACT_KILL_THREAD);
  EXPECT_EQ(*seccomp_action_value("SCMP_ACT_KILL_PROCESS", std::nullopt, kAction, kErrno),
            SCMP_ACT_KILL_PROCESS);
  EXPECT_EQ(*seccomp_action_value("SCMP_ACT_TRAP", std::nullopt, kAction, kErrno), SCMP_ACT_TRAP);
  EXPECT_EQ(*seccomp_action_value("SCMP_ACT_LOG", std::nullopt, kAction, kErrno), SCMP_ACT_LOG);
  EXPECT_EQ(*seccomp_action_value("SCMP_ACT_NOTIFY", std::nullopt, kAction, kErrno),
            SCMP_ACT_NOTIFY);
}

TEST(SeccompNames, ErrnoAndTraceDefaultToEperm) {
  EXPECT_EQ(*seccomp_action_value("SCMP_ACT_ERRNO", std::nullopt, kAction, kErrno),
            SCMP_ACT_ERRNO(EPERM));
  EXPECT_EQ(*seccomp_action_value("SCMP_ACT_ERRNO", 38, kAction, kErrno), SCMP_ACT_ERRNO(38));
  EXPECT_EQ(*seccomp_action_value("SCMP_ACT_ERRNO", 0, kAction, kErrno), SCMP_ACT_ERRNO(0));
  EXPECT_EQ(*seccomp_action_value("SCMP_ACT_TRACE", std::nullopt, kAction, kErrno),
            SCMP_ACT_TRACE(EPERM));
  EXPECT_EQ(*seccomp_action_value("SCMP_ACT_TRACE", 5, kAction, kErrno), SCMP_ACT_TRACE(5));
}

TEST(SeccompNames, UnknownActionNamesTheField) {
  auto result = seccomp_action_value("SCMP_ACT_FOO", std::nullopt, kAction, kErrno);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(),
            "linux.seccomp.syscalls[3].action: unknown action \"SCMP_ACT_FOO\"");
  EXPECT_EQ(result.error().errnum(), 0);
}

TEST(SeccompNames, ErrnoRetOnlyWithErrnoOrTrace) {
  EXPECT_TRUE(
      FailsWith(seccomp_action_value("SCMP_ACT_ALLOW", 1, kAction, kErrno),
                "linux.seccomp.syscalls[3].errnoRet: SCMP_ACT_ALLOW does not return an errno"));
  EXPECT_TRUE(FailsWith(seccomp_action_value("SCMP_ACT_ERRNO", 65536, kAction, kErrno),
                        "linux.seccomp.syscalls[3].errnoRet: must be at most 65535, got 65536"));
}

TEST(SeccompNames, Operators) {
  for (std::string_view name : spec::seccomp_operator_names()) {
    EXPECT_TRUE(Succeeds(seccomp_operator_value(name, "op"))) << name;
  }
  EXPECT_EQ(*seccomp_operator_value("SCMP_CMP_MASKED_EQ", "op"), SCMP_CMP_MASKED_EQ);
  EXPECT_EQ(*seccomp_operator_value("SCMP_CMP_NE", "op"), SCMP_CMP_NE);
  EXPECT_TRUE(
      FailsWith(seccomp_operator_value("SCMP_CMP_XX", "linux.seccomp.syscalls[0].args[1].op"),
                "linux.seccomp.syscalls[0].args[1].op: unknown operator \"SCMP_CMP_XX\""));
}

TEST(SeccompNames, ArchitectureTokens) {
  for (std::string_view name : spec::seccomp_arch_names())
    EXPECT_TRUE(seccomp_arch_token(name)) << name;
  EXPECT_EQ(seccomp_arch_token("SCMP_ARCH_X86_64"), "x86_64");
  EXPECT_EQ(seccomp_arch_token("SCMP_ARCH_X32"), "x32");
  EXPECT_EQ(seccomp_arch_token("SCMP_ARCH_MIPSEL64N32"), "mipsel64n32");
  EXPECT_FALSE(seccomp_arch_token("SCMP_ARCH_VAX"));
  EXPECT_FALSE(seccomp_arch_token("x86_64"));
}

TEST(SeccompNames, Flags) {
  for (std::string_view name : spec::seccomp_flag_names())
    EXPECT_TRUE(Succeeds(seccomp_flag_value(name, "f")));
  EXPECT_EQ(*seccomp_flag_value("SECCOMP_FILTER_FLAG_TSYNC", "f"), 1u);
  EXPECT_EQ(*seccomp_flag_value("SECCOMP_FILTER_FLAG_LOG", "f"), 2u);
  EXPECT_EQ(*seccomp_flag_value("SECCOMP_FILTER_FLAG_SPEC_ALLOW", "f"), 4u);
  EXPECT_EQ(*seccomp_flag_value("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", "f"), 32u);
  EXPECT_TRUE(
      FailsWith(seccomp_flag_value("SECCOMP_FILTER_FLAG_NEW_LISTENER", "linux.seccomp.flags[1]"),
                "linux.seccomp.flags[1]: unknown flag \"SECCOMP_FILTER_FLAG_NEW_LISTENER\""));
}

TEST(SeccompFeatures, ListsAreSubsetsOfTheSpecNames) {
  EXPECT_EQ(supported_seccomp_operators().size(), 7u);
  EXPECT_EQ(known_seccomp_flags().size(), 4u);
  auto archs = supported_seccomp_archs();
  EXPECT_NE(std::find(archs.begin(), archs.end(), "SCMP_ARCH_X86_64"), archs.end());
  for (const auto& arch : archs) EXPECT_TRUE(spec::contains_name(spec::seccomp_arch_names(), arch));
  for (const auto& action : supported_seccomp_actions()) {
    EXPECT_TRUE(spec::contains_name(spec::seccomp_action_names(), action));
  }
  for (const auto& flag : supported_seccomp_flags()) {
    EXPECT_TRUE(spec::contains_name(spec::seccomp_flag_names(), flag));
  }
}

// ---- compile_seccomp: bad profiles fail with the field's path ----

spec::Seccomp allow_profile() {
  spec::Seccomp seccomp;
  seccomp.default_action = "SCMP_ACT_ALLOW";
  seccomp.architectures = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"};
  for (const char* name : {"read", "write", "mkdir", "open"}) {
    seccomp.syscalls.push_back({.names = {name}, .action = "SCMP_ACT_ERRNO"});
  }
  return seccomp;
}

TEST(CompileSeccomp, AProfileCompiles) {
  auto program = compile_seccomp(allow_profile());
  ASSERT_TRUE(Succeeds(program));
  EXPECT_FALSE(program->instructions.empty());
  EXPECT_FALSE(program->uses_notify());
  EXPECT_EQ(program->flags, 0u);
}

TEST(CompileSeccomp, UnknownActionOfASyscall) {
  spec::Seccomp seccomp = allow_profile();
  seccomp.syscalls[3].action = "SCMP_ACT_FOO";
  EXPECT_TRUE(FailsWith(compile_seccomp(seccomp),
                        "linux.seccomp.syscalls[3].action: unknown action \"SCMP_ACT_FOO\""));
}

TEST(CompileSeccomp, UnknownDefaultAction) {
  spec::Seccomp seccomp = allow_profile();
  seccomp.default_action = "SCMP_ACT_NOPE";
  EXPECT_TRUE(FailsWith(compile_seccomp(seccomp),
                        "linux.seccomp.defaultAction: unknown action \"SCMP_ACT_NOPE\""));
  seccomp.default_action = "SCMP_ACT_NOTIFY";
  EXPECT_TRUE(
      FailsWith(compile_seccomp(seccomp),
                "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action"));
  seccomp.default_action = "SCMP_ACT_ALLOW";
  seccomp.default_errno_ret = 5;
  EXPECT_TRUE(FailsWith(compile_seccomp(seccomp),
                        "linux.seccomp.defaultErrnoRet: SCMP_ACT_ALLOW does not return an errno"));
}

TEST(CompileSeccomp, UnknownOperatorAndBadIndex) {
  spec::Seccomp seccomp = allow_profile();
  seccomp.syscalls[1].args = {{.index = 0, .value = 1, .op = "SCMP_CMP_EQ"},
                              {.index = 1, .value = 1, .op = "SCMP_CMP_ALMOST"}};
  EXPECT_TRUE(
      FailsWith(compile_seccomp(seccomp),
                "linux.seccomp.syscalls[1].args[1].op: unknown operator \"SCMP_CMP_ALMOST\""));
  seccomp.syscalls[1].args = {{.index = 6, .value = 1, .op = "SCMP_CMP_EQ"}};
  EXPECT_TRUE(FailsWith(compile_seccomp(seccomp),
                        "linux.seccomp.syscalls[1].args[0].index: must be less than 6"));
}

TEST(CompileSeccomp, Architectures) {
  spec::Seccomp seccomp = allow_profile();
  seccomp.architectures = {"SCMP_ARCH_X86_64", "SCMP_ARCH_PDP11"};
  EXPECT_TRUE(
      FailsWith(compile_seccomp(seccomp),
                "linux.seccomp.architectures[1]: unknown architecture \"SCMP_ARCH_PDP11\""));
  if (seccomp_arch_resolve_name("sh") == 0) {  // libseccomp < 2.6
    seccomp.architectures = {"SCMP_ARCH_SH"};
    EXPECT_TRUE(
        FailsWith(compile_seccomp(seccomp),
                  "linux.seccomp.architectures[0]: SCMP_ARCH_SH is not supported by libseccomp"));
  }
  seccomp.architectures = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86_64"};  // the native one, twice
  EXPECT_TRUE(Succeeds(compile_seccomp(seccomp)));
}

TEST(CompileSeccomp, UnknownFlag) {
  spec::Seccomp seccomp = allow_profile();
  seccomp.flags = {"SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_BOGUS"};
  EXPECT_TRUE(FailsWith(compile_seccomp(seccomp),
                        "linux.seccomp.flags[1]: unknown flag \"SECCOMP_FILTER_FLAG_BOGUS\""));
}

TEST(CompileSeccomp, FlagsReachSeccomp) {
  spec::Seccomp seccomp = allow_profile();
  seccomp.flags = {"SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
                   "SECCOMP_FILTER_FLAG_TSYNC"};
  auto program = compile_seccomp(seccomp);
  ASSERT_TRUE(Succeeds(program));
  EXPECT_EQ(program->flags, kSeccompFlagLog | kSeccompFlagSpecAllow | kSeccompFlagTsync);
}

TEST(CompileSeccomp, NotifyAddsTheListenerFlagAndDropsTsync) {
  spec::Seccomp seccomp = allow_profile();
  seccomp.syscalls[2].action = "SCMP_ACT_NOTIFY";
  seccomp.flags = {"SECCOMP_FILTER_FLAG_TSYNC"};
  auto program = compile_seccomp(seccomp);
  ASSERT_TRUE(Succeeds(program));
  EXPECT_TRUE(program->uses_notify());
  EXPECT_EQ(program->flags, kSeccompFlagNewListener);
}

TEST(CompileSeccomp, NotifyIsRefusedForTheListenerHandoff) {
  spec::Seccomp seccomp = allow_profile();
  seccomp.syscalls.push_back({.names = {"recvmsg", "sendmsg"}, .action = "SCMP_ACT_NOTIFY"});
  EXPECT_TRUE(
      FailsWith(compile_seccomp(seccomp),
                "linux.seccomp.syscalls[4].names[1]: SCMP_ACT_NOTIFY cannot be used for sendmsg"));
  seccomp.syscalls.back().action = "SCMP_ACT_ERRNO";  // other actions are fine
  EXPECT_TRUE(Succeeds(compile_seccomp(seccomp)));
}

TEST(CompileSeccomp, WaitKillableRecvOnlyWithAListener) {
  spec::Seccomp seccomp = allow_profile();
  seccomp.flags = {"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"};
  auto program = compile_seccomp(seccomp);
  ASSERT_TRUE(Succeeds(program));
  EXPECT_EQ(program->flags, 0u);  // nothing to wait for without SCMP_ACT_NOTIFY
  if (!seccomp_flag_supported(kSeccompFlagWaitKillableRecv)) GTEST_SKIP() << "kernel < 5.19";
  seccomp.syscalls[0].action = "SCMP_ACT_NOTIFY";
  program = compile_seccomp(seccomp);
  ASSERT_TRUE(Succeeds(program));
  EXPECT_EQ(program->flags, kSeccompFlagNewListener | kSeccompFlagWaitKillableRecv);
}

TEST(CompileSeccomp, UnknownSyscallNamesAreSkipped) {
  spec::Seccomp seccomp = allow_profile();
  seccomp.syscalls[0].names = {"read", "no_such_syscall_in_any_kernel", "write"};
  EXPECT_TRUE(Succeeds(compile_seccomp(seccomp)));
  seccomp.syscalls = {{.names = {"no_such_syscall"}, .action = "SCMP_ACT_ERRNO"}};
  EXPECT_TRUE(Succeeds(compile_seccomp(seccomp)));
}

TEST(CompileSeccomp, EmptyNames) {
  spec::Seccomp seccomp = allow_profile();
  seccomp.syscalls[2].names.clear();
  EXPECT_TRUE(
      FailsWith(compile_seccomp(seccomp), "linux.seccomp.syscalls[2].names: must not be empty"));
}

TEST(CompileSeccomp, ConflictingRulesNameTheEntry) {
  spec::Seccomp seccomp = allow_profile();
  spec::SeccompArg fd_one{.index = 0, .value = 1, .op = "SCMP_CMP_EQ"};
  seccomp.syscalls.push_back(
      {.names = {"dup"}, .action = "SCMP_ACT_ERRNO", .errno_ret = 1, .args = {fd_one}});
  seccomp.syscalls.push_back(
      {.names = {"dup"}, .action = "SCMP_ACT_ERRNO", .errno_ret = 2, .args = {fd_one}});
  auto result = compile_seccomp(seccomp);
  EXPECT_TRUE(FailsWith(result, "linux.seccomp.syscalls[5]: add the rule for \"dup\""));
  if (!result) {
    EXPECT_EQ(result.error().errnum(), EEXIST);
  }
}

}  // namespace
}  // namespace berth::linux
