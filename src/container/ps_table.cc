#include "container/ps_table.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "base/files.h"
#include "base/strings.h"

extern char** environ;

namespace berth::container {

Result<std::string> filter_ps_output(const std::string& output, const std::vector<pid_t>& pids) {
  auto lines = split(output, '\n');
  if (lines.empty() || lines[0].empty()) return fail_invalid("ps printed nothing");
  // Which column is PID?
  size_t pid_column = std::string::npos;
  size_t index = 0;
  for (auto word : split(lines[0], ' ')) {
    if (word.empty()) continue;
    if (word == "PID") pid_column = index;
    ++index;
  }
  if (pid_column == std::string::npos) return fail_invalid("ps output has no PID column (use -o pid,...)");
  std::string result = std::string(lines[0]) + "\n";
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string_view> words;
    for (auto word : split(lines[i], ' ')) {
      if (!word.empty()) words.push_back(word);
    }
    if (words.size() <= pid_column) continue;
    auto pid = parse_i64(words[pid_column]);
    if (pid && std::find(pids.begin(), pids.end(), static_cast<pid_t>(*pid)) != pids.end()) {
      result += std::string(lines[i]) + "\n";
    }
  }
  return result;
}

Result<std::string> ps_table(const std::vector<pid_t>& pids, const std::vector<std::string>& ps_options) {
  std::vector<std::string> args = {"ps"};
  if (ps_options.empty()) {
    args.push_back("-ef");
  } else {
    args.insert(args.end(), ps_options.begin(), ps_options.end());
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return fail_system("pipe");
  UniqueFd read_end(pipe_fds[0]), write_end(pipe_fds[1]);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), STDOUT_FILENO);
  pid_t pid;
  int err = ::posix_spawnp(&pid, "ps", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (err != 0) return fail_system("run ps", err);
  write_end.reset();
  std::string output = BERTH_TRY(read_fd(read_end.get()));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return fail_invalid("ps " + output.substr(0, 0) + "failed");
  return filter_ps_output(output, pids);
}

}  // namespace berth::container
