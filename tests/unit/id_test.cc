#include <gtest/gtest.h>

#include "result_assertions.h"
#include "spec/validate.h"

namespace berth::spec {
namespace {

TEST(ContainerId, Valid) {
  for (const char* id : {"a", "web", "Web-1", "a.b_c-d", "0", "9abc", "abc."})
    EXPECT_TRUE(Succeeds(validate_container_id(id))) << id;
  EXPECT_TRUE(Succeeds(validate_container_id(std::string(1024, 'x'))));
}

TEST(ContainerId, Empty) {
  EXPECT_TRUE(FailsWith(validate_container_id(""), "container id is empty"));
}

TEST(ContainerId, TooLong) {
  EXPECT_TRUE(FailsWith(validate_container_id(std::string(1025, 'x')),
                        "container id is longer than 1024 characters"));
}

TEST(ContainerId, InvalidCharactersOrStart) {
  EXPECT_TRUE(FailsWith(validate_container_id("../x"),
                        "invalid container id \"../x\": must match [A-Za-z0-9][A-Za-z0-9_.-]*"));
  for (const char* id :
       {".", "..", "-a", "_a", "+a", "a+b", "a/b", "a b", "a\nb", "caf\xc3\xa9", "a:b"})
    EXPECT_TRUE(FailsWith(validate_container_id(id), "invalid container id ")) << id;
}

}  // namespace
}  // namespace berth::spec
