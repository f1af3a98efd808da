#include "spec/exec_process.h"

#include <gtest/gtest.h>

namespace berth::spec {
namespace {

Process container_process() {
  Process p;
  p.args = {"sh"};
  p.env = {"PATH=/bin", "A=1"};
  p.cwd = "/";
  p.user.uid = 0;
  p.capabilities = Capabilities{{"CAP_KILL"}, {"CAP_KILL"}, {}, {"CAP_KILL"}, {}};
  p.no_new_privileges = false;
  return p;
}

TEST(ExecProcess, FlagsOverrideTheContainersProcess) {
  ExecFlags flags;
  flags.args = {"ls", "-l"};
  flags.tty = true;
  flags.cwd = "/tmp";
  flags.env = {"A=2", "B=3"};
  flags.user = "1000:100";
  flags.additional_gids = {"5", "6"};
  flags.no_new_privileges = true;
  auto p = exec_process_from_flags(container_process(), flags);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->args, (std::vector<std::string>{"ls", "-l"}));
  EXPECT_TRUE(p->terminal);
  EXPECT_EQ(p->cwd, "/tmp");
  EXPECT_EQ(p->env, (std::vector<std::string>{"PATH=/bin", "A=2", "B=3"}));
  EXPECT_EQ(p->user.uid, 1000u);
  EXPECT_EQ(p->user.gid, 100u);
  EXPECT_EQ(p->user.additional_gids, (std::vector<uint32_t>{5, 6}));
  EXPECT_TRUE(p->no_new_privileges);
}

TEST(ExecProcess, CapabilitiesAreAddedAmbientOnlyWhenInheritable) {
  ExecFlags flags;
  flags.args = {"true"};
  flags.capabilities = {"CAP_NET_ADMIN", "SYS_ADMIN"};
  auto p = exec_process_from_flags(container_process(), flags);
  ASSERT_TRUE(p);
  const auto& caps = *p->capabilities;
  EXPECT_EQ(caps.bounding, (std::vector<std::string>{"CAP_KILL", "CAP_NET_ADMIN", "CAP_SYS_ADMIN"}));
  EXPECT_EQ(caps.effective.size(), 3u);
  EXPECT_EQ(caps.permitted.size(), 3u);
  EXPECT_TRUE(caps.ambient.empty());
}

TEST(ExecProcess, ErrorsNameTheFlag) {
  ExecFlags flags;
  EXPECT_FALSE(exec_process_from_flags(container_process(), flags));  // no command
  flags.args = {"true"};
  flags.user = "bob";
  auto user = exec_process_from_flags(container_process(), flags);
  ASSERT_FALSE(user);
  EXPECT_NE(user.error().text().find("--user"), std::string::npos);
  flags.user.clear();
  flags.env = {"NOEQUALS"};
  auto env = exec_process_from_flags(container_process(), flags);
  ASSERT_FALSE(env);
  EXPECT_NE(env.error().text().find("--env"), std::string::npos);
}

}  // namespace
}  // namespace berth::spec
