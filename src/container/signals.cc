#include <signal.h>
#include <string.h>

#include <cctype>
#include <string>

#include "base/strings.h"
#include "container/container.h"

namespace berth::container {
namespace {

struct SignalName {
  const char* name;
  int number;
};

constexpr SignalName kSignals[] = {
    {"HUP", SIGHUP},       {"INT", SIGINT},       {"QUIT", SIGQUIT},   {"ILL", SIGILL},
    {"TRAP", SIGTRAP},     {"ABRT", SIGABRT},     {"IOT", SIGIOT},     {"BUS", SIGBUS},
    {"FPE", SIGFPE},       {"KILL", SIGKILL},     {"USR1", SIGUSR1},   {"SEGV", SIGSEGV},
    {"USR2", SIGUSR2},     {"PIPE", SIGPIPE},     {"ALRM", SIGALRM},   {"TERM", SIGTERM},
    {"STKFLT", SIGSTKFLT}, {"CHLD", SIGCHLD},     {"CONT", SIGCONT},   {"STOP", SIGSTOP},
    {"TSTP", SIGTSTP},     {"TTIN", SIGTTIN},     {"TTOU", SIGTTOU},   {"URG", SIGURG},
    {"XCPU", SIGXCPU},     {"XFSZ", SIGXFSZ},     {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF},
    {"WINCH", SIGWINCH},   {"IO", SIGIO},         {"POLL", SIGPOLL},   {"PWR", SIGPWR},
    {"SYS", SIGSYS},
};

}  // namespace

Result<int> parse_signal(std::string_view text) {
  if (auto number = parse_u64(text)) {
    if (*number >= 1 && *number < static_cast<uint64_t>(NSIG)) return static_cast<int>(*number);
    return fail_invalid("invalid signal " + quoted(text));
  }
  std::string name;
  for (char c : text) name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (name.starts_with("SIG")) name.erase(0, 3);
  for (const auto& entry : kSignals) {
    if (name == entry.name) return entry.number;
  }
  // RTMIN, RTMIN+3, RTMAX-2
  if (name.starts_with("RTMIN") || name.starts_with("RTMAX")) {
    int base = name.starts_with("RTMIN") ? SIGRTMIN : SIGRTMAX;
    std::string_view rest = std::string_view(name).substr(5);
    int offset = 0;
    if (!rest.empty()) {
      auto value = parse_u64(rest.substr(1));
      // Bounded before the arithmetic: "RTMIN+2147483647" must not overflow an int.
      if ((rest[0] != '+' && rest[0] != '-') || !value || *value > static_cast<uint64_t>(SIGRTMAX - SIGRTMIN))
        return fail_invalid("invalid signal " + quoted(text));
      offset = rest[0] == '+' ? static_cast<int>(*value) : -static_cast<int>(*value);
    }
    int number = base + offset;
    if (number >= SIGRTMIN && number <= SIGRTMAX) return number;
  }
  return fail_invalid("invalid signal " + quoted(text));
}

}  // namespace berth::container
