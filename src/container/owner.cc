#include "container/owner.h"

#include "base/files.h"
#include "base/strings.h"

namespace berth::container {

std::string user_name_of(uid_t uid) {
  auto passwd = read_file("/etc/passwd");
  if (passwd) {
    for (std::string_view line : split(*passwd, '\n')) {
      auto fields = split(line, ':');
      if (fields.size() >= 3 && parse_u64(fields[2]) == uint64_t{uid}) return std::string(fields[0]);
    }
  }
  return std::to_string(uid);
}

}  // namespace berth::container
