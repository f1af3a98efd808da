#include "linux/process_info.h"

#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "base/files.h"
#include "base/strings.h"

namespace berth::linux {

Result<ProcessStat> read_process_stat(pid_t pid) {
  std::string text = BERTH_TRY(read_file("/proc/" + std::to_string(pid) + "/stat"));
  // "pid (comm) S ppid ...": comm may hold spaces and parentheses, so parse after the last ')'.
  size_t close = text.rfind(')');
  if (close == std::string::npos || close + 2 >= text.size()) {
    return fail_invalid("unexpected format of /proc/" + std::to_string(pid) + "/stat");
  }
  auto fields = split(std::string_view(text).substr(close + 2), ' ');
  // fields[0] is field 3 (state); start time is field 22 -> fields[19].
  if (fields.size() < 20 || fields[0].empty()) {
    return fail_invalid("unexpected format of /proc/" + std::to_string(pid) + "/stat");
  }
  ProcessStat stat;
  stat.state = fields[0][0];
  auto start = parse_u64(fields[19]);
  if (!start) return fail_invalid("unexpected start time in /proc/" + std::to_string(pid) + "/stat");
  stat.start_time = *start;
  return stat;
}

bool process_matches(pid_t pid, uint64_t start_time) {
  if (pid <= 0) return false;
  auto stat = read_process_stat(pid);
  if (!stat) return false;
  if (stat->state == 'Z' || stat->state == 'X') return false;
  return stat->start_time == start_time;
}

Result<UniqueFd> open_pidfd(pid_t pid) {
  long fd = ::syscall(SYS_pidfd_open, pid, 0);
  if (fd < 0) return fail_system("pidfd_open " + std::to_string(pid));
  return UniqueFd(static_cast<int>(fd));
}

Result<> signal_pidfd(int pidfd, int signal) {
  if (::syscall(SYS_pidfd_send_signal, pidfd, signal, nullptr, 0) != 0) {
    return fail_system("send signal " + std::to_string(signal));
  }
  return {};
}

}  // namespace berth::linux
