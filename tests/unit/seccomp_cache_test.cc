// The on-disk cache of compiled seccomp filters.
#include "linux/seccomp_cache.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "result_assertions.h"

namespace berth::linux {
namespace {

namespace fs = std::filesystem;

class SeccompCache : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/berth-seccomp-cache-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
    dir_ = root_ + "/cache";
  }
  void TearDown() override { fs::remove_all(root_); }

  std::vector<fs::path> files() const {
    std::vector<fs::path> out;
    if (!fs::exists(dir_)) return out;
    for (const auto& entry : fs::directory_iterator(dir_)) out.push_back(entry.path());
    return out;
  }

  std::string root_, dir_;
};

spec::Seccomp profile(uint32_t errno_ret = EPERM) {
  spec::Seccomp seccomp;
  seccomp.default_action = "SCMP_ACT_ERRNO";
  seccomp.default_errno_ret = errno_ret;
  seccomp.architectures = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86"};
  seccomp.flags = {"SECCOMP_FILTER_FLAG_LOG"};
  seccomp.syscalls.push_back(
      {.names = {"read", "write", "exit_group"}, .action = "SCMP_ACT_ALLOW"});
  seccomp.syscalls.push_back({.names = {"personality"},
                              .action = "SCMP_ACT_ALLOW",
                              .args = {{.index = 0, .value = 8, .op = "SCMP_CMP_EQ"}}});
  return seccomp;
}

bool same(const SeccompProgram& a, const SeccompProgram& b) {
  if (a.flags != b.flags || a.instructions.size() != b.instructions.size()) return false;
  return std::memcmp(a.instructions.data(), b.instructions.data(),
                     a.instructions.size() * sizeof(SeccompInstruction)) == 0;
}

TEST_F(SeccompCache, AMissWritesAHitReads) {
  auto compiled = compile_seccomp(profile());
  ASSERT_TRUE(Succeeds(compiled));
  auto first = compile_seccomp_cached(profile(), dir_);
  ASSERT_TRUE(Succeeds(first));
  EXPECT_TRUE(same(*first, *compiled));
  ASSERT_EQ(files().size(), 1u);
  EXPECT_TRUE(files()[0].filename().string().starts_with("seccomp-"));
  EXPECT_EQ(fs::status(dir_).permissions() & fs::perms::all, fs::perms::owner_all);

  auto second = compile_seccomp_cached(profile(), dir_);
  ASSERT_TRUE(Succeeds(second));
  EXPECT_TRUE(same(*second, *compiled));
  EXPECT_EQ(files().size(), 1u);
}

TEST_F(SeccompCache, ADamagedFileIsRecompiledAndReplaced) {
  ASSERT_TRUE(Succeeds(compile_seccomp_cached(profile(), dir_)));
  ASSERT_EQ(files().size(), 1u);
  fs::path file = files()[0];
  auto size = fs::file_size(file);
  {
    std::ofstream out(file, std::ios::binary | std::ios::in | std::ios::out);
    out.seekp(static_cast<std::streamoff>(size - 3));
    out.write("\xff\xff\xff", 3);  // the last instruction, no longer a return
  }
  fs::resize_file(file, size - 1);  // and the file no longer the right length
  auto program = compile_seccomp_cached(profile(), dir_);
  ASSERT_TRUE(Succeeds(program));
  EXPECT_TRUE(same(*program, *compile_seccomp(profile())));
  EXPECT_EQ(fs::file_size(file), size);
}

TEST_F(SeccompCache, EveryFieldIsInTheKey) {
  const std::string base = seccomp_cache_key(profile());
  auto changed = [&](auto change) {
    spec::Seccomp seccomp = profile();
    change(seccomp);
    return seccomp_cache_key(seccomp) != base;
  };
  EXPECT_TRUE(changed([](spec::Seccomp& s) {
    s.default_action = "SCMP_ACT_KILL";
    s.default_errno_ret.reset();
  }));
  EXPECT_TRUE(changed([](spec::Seccomp& s) { s.default_errno_ret = EACCES; }));
  EXPECT_TRUE(changed([](spec::Seccomp& s) { s.architectures.pop_back(); }));
  EXPECT_TRUE(changed([](spec::Seccomp& s) { s.flags.clear(); }));
  EXPECT_TRUE(changed([](spec::Seccomp& s) { s.syscalls[0].names[1] = "writev"; }));
  EXPECT_TRUE(changed([](spec::Seccomp& s) { s.syscalls[0].action = "SCMP_ACT_LOG"; }));
  EXPECT_TRUE(changed([](spec::Seccomp& s) { s.syscalls[1].errno_ret = 1; }));
  EXPECT_TRUE(changed([](spec::Seccomp& s) { s.syscalls[1].args[0].index = 1; }));
  EXPECT_TRUE(changed([](spec::Seccomp& s) { s.syscalls[1].args[0].value = 0; }));
  EXPECT_TRUE(changed([](spec::Seccomp& s) { s.syscalls[1].args[0].value_two = 1; }));
  EXPECT_TRUE(changed([](spec::Seccomp& s) { s.syscalls[1].args[0].op = "SCMP_CMP_NE"; }));
  // Moving a name from one entry to the next is a different profile.
  EXPECT_TRUE(changed([](spec::Seccomp& s) {
    s.syscalls[0].names.pop_back();
    s.syscalls[1].names.push_back("exit_group");
  }));
  // What goes to the agent does not change the program.
  EXPECT_FALSE(changed([](spec::Seccomp& s) {
    s.listener_path = "/run/agent.sock";
    s.listener_metadata = "x";
  }));
}

TEST_F(SeccompCache, BadProfilesFailAsWithoutTheCache) {
  spec::Seccomp seccomp = profile();
  seccomp.syscalls[1].action = "SCMP_ACT_FOO";
  EXPECT_TRUE(FailsWith(compile_seccomp_cached(seccomp, dir_),
                        "linux.seccomp.syscalls[1].action: unknown action \"SCMP_ACT_FOO\""));
  EXPECT_TRUE(files().empty());
}

TEST_F(SeccompCache, KeepsABoundedNumberOfFiles) {
  for (uint32_t errnum = 1; errnum <= kMaxSeccompCacheFiles + 5; ++errnum) {
    ASSERT_TRUE(Succeeds(compile_seccomp_cached(profile(errnum), dir_)));
  }
  EXPECT_LE(files().size(), kMaxSeccompCacheFiles);
  // The newest is still there.
  auto before = files().size();
  ASSERT_TRUE(Succeeds(compile_seccomp_cached(profile(kMaxSeccompCacheFiles + 5), dir_)));
  EXPECT_EQ(files().size(), before);
}

TEST_F(SeccompCache, AnUnwritableDirectoryOnlyCostsTheCache) {
  auto program = compile_seccomp_cached(profile(), "/proc/berth-cannot-be-here");
  EXPECT_TRUE(Succeeds(program));
  auto plain = compile_seccomp_cached(profile(), "");
  EXPECT_TRUE(Succeeds(plain));
}

}  // namespace
}  // namespace berth::linux
