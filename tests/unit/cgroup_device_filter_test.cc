// The BPF_CGROUP_DEVICE program, run by a small interpreter of the instructions it uses (pure).
#include <gtest/gtest.h>

#include "cgroup/bpf_device_filter.h"

namespace berth::cgroup {
namespace {

constexpr uint32_t kBlock = BPF_DEVCG_DEV_BLOCK, kChar = BPF_DEVCG_DEV_CHAR;
constexpr uint32_t kMknod = BPF_DEVCG_ACC_MKNOD, kRead = BPF_DEVCG_ACC_READ,
                   kWrite = BPF_DEVCG_ACC_WRITE;

// Runs `program` on one device access; fails the test on an instruction it does not know.
int run(const std::vector<bpf_insn>& program, uint32_t type, uint32_t access, uint32_t major,
        uint32_t minor) {
  uint32_t ctx[3] = {access << 16 | type, major, minor};
  uint64_t reg[11] = {};
  for (size_t pc = 0; pc < program.size(); ++pc) {
    const bpf_insn& i = program[pc];
    switch (i.code) {
      case BPF_LDX | BPF_MEM | BPF_W:
        reg[i.dst_reg] = ctx[i.off / 4];
        break;
      case BPF_ALU | BPF_AND | BPF_K:
        reg[i.dst_reg] = uint32_t(reg[i.dst_reg] & uint32_t(i.imm));
        break;
      case BPF_ALU | BPF_RSH | BPF_K:
        reg[i.dst_reg] = uint32_t(reg[i.dst_reg]) >> i.imm;
        break;
      case BPF_ALU | BPF_MOV | BPF_X:
        reg[i.dst_reg] = uint32_t(reg[i.src_reg]);
        break;
      case BPF_ALU64 | BPF_MOV | BPF_K:
        reg[i.dst_reg] = uint64_t(int64_t(i.imm));
        break;
      case BPF_JMP | BPF_JNE | BPF_K:
        if (reg[i.dst_reg] != uint64_t(int64_t(i.imm))) pc += i.off;
        break;
      case BPF_JMP | BPF_JEQ | BPF_K:
        if (reg[i.dst_reg] == uint64_t(int64_t(i.imm))) pc += i.off;
        break;
      case BPF_JMP | BPF_EXIT:
        return static_cast<int>(reg[0]);
      default:
        ADD_FAILURE() << "unknown instruction " << int(i.code) << " at " << pc;
        return -1;
    }
  }
  ADD_FAILURE() << "fell off the end";
  return -1;
}

spec::DeviceRule rule(bool allow, std::string type, std::optional<int64_t> major,
                      std::optional<int64_t> minor, std::string access) {
  return {.allow = allow,
          .type = std::move(type),
          .major = major,
          .minor = minor,
          .access = std::move(access)};
}

TEST(CgroupDeviceFilter, NoRulesDeniesEverything) {
  auto program = device_filter_program({});
  EXPECT_EQ(run(program, kChar, kRead, 1, 3), 0);
}

TEST(CgroupDeviceFilter, AllowListAfterDenyAll) {
  auto program = device_filter_program({
      rule(false, "a", {}, {}, "rwm"), rule(true, "c", 1, 3, "rwm"),  // /dev/null
      rule(true, "c", 1, 5, "r"),                                     // /dev/zero read-only
      rule(true, "c", 136, {}, "rw"),                                 // any pts
  });
  EXPECT_EQ(run(program, kChar, kRead | kWrite, 1, 3), 1);
  EXPECT_EQ(run(program, kChar, kMknod, 1, 3), 1);
  EXPECT_EQ(run(program, kChar, kRead, 1, 5), 1);
  EXPECT_EQ(run(program, kChar, kRead | kWrite, 1, 5), 0);  // write not allowed
  EXPECT_EQ(run(program, kChar, kWrite, 136, 7), 1);
  EXPECT_EQ(run(program, kChar, kMknod, 136, 7), 0);
  EXPECT_EQ(run(program, kBlock, kRead, 1, 3), 0);  // block 1:3 is not char 1:3
  EXPECT_EQ(run(program, kChar, kRead, 4, 1), 0);
}

TEST(CgroupDeviceFilter, LaterRulesWin) {
  auto program = device_filter_program({
      rule(true, "a", {}, {}, "rwm"), rule(false, "c", 1, 3, "w"),  // no writing to /dev/null
  });
  EXPECT_EQ(run(program, kChar, kRead, 1, 3), 1);
  EXPECT_EQ(run(program, kChar, kWrite, 1, 3), 0);
  EXPECT_EQ(run(program, kChar, kRead | kWrite, 1, 3), 0);  // any denied access denies
  EXPECT_EQ(run(program, kBlock, kWrite, 8, 0), 1);
}

TEST(CgroupDeviceFilter, ACatchAllRuleEndsTheProgram) {
  auto program = device_filter_program({
      rule(true, "c", 1, 3, "rwm"), rule(true, "c", 1, 5, "rwm"),
      rule(false, "a", {}, {}, ""),  // empty access = rwm
  });
  EXPECT_EQ(program.size(), 6u + 2u);  // prologue + "return 0"
  EXPECT_EQ(run(program, kChar, kRead, 1, 3), 0);
}

TEST(CgroupDeviceFilter, WildcardMinusOneMatchesAnyNumber) {
  auto program = device_filter_program({rule(true, "b", 8, -1, "r")});
  EXPECT_EQ(run(program, kBlock, kRead, 8, 17), 1);
  EXPECT_EQ(run(program, kBlock, kRead, 9, 17), 0);
}

}  // namespace
}  // namespace berth::cgroup
