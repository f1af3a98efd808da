#include <gtest/gtest.h>

#include "spec/sysctl_name.h"

namespace berth::spec {
namespace {

TEST(SysctlName, DottedKeysAreTheDottedForm) {
  EXPECT_EQ(dotted_sysctl_name("net.ipv4.ip_forward"), "net.ipv4.ip_forward");
  EXPECT_EQ(dotted_sysctl_name("net.ipv4.conf.eth0/100.rp_filter"), "net.ipv4.conf.eth0/100.rp_filter");
  EXPECT_EQ(dotted_sysctl_name("kernel"), "kernel");
}

TEST(SysctlName, SlashKeysSwapTheirSeparators) {
  EXPECT_EQ(dotted_sysctl_name("net/ipv4/ip_forward"), "net.ipv4.ip_forward");
  EXPECT_EQ(dotted_sysctl_name("net/ipv4/conf/eth0.100/rp_filter"), "net.ipv4.conf.eth0/100.rp_filter");
}

TEST(SysctlName, PathOfEitherFormIsTheSameFile) {
  EXPECT_EQ(sysctl_relative_path("net.ipv4.ip_forward"), "net/ipv4/ip_forward");
  EXPECT_EQ(sysctl_relative_path("net/ipv4/ip_forward"), "net/ipv4/ip_forward");
  EXPECT_EQ(sysctl_relative_path("net.ipv4.conf.eth0/100.rp_filter"), "net/ipv4/conf/eth0.100/rp_filter");
  EXPECT_EQ(sysctl_relative_path("net/ipv4/conf/eth0.100/rp_filter"), "net/ipv4/conf/eth0.100/rp_filter");
  EXPECT_EQ(sysctl_relative_path("kernel.shm_rmid_forced"), "kernel/shm_rmid_forced");
}

TEST(SysctlName, PathKeepsDotDotPartsForTheCallerToRefuse) {
  EXPECT_EQ(sysctl_relative_path("net/../../etc"), "net/../../etc");
  EXPECT_EQ(sysctl_relative_path("net..x"), "net//x");
}

}  // namespace
}  // namespace berth::spec
