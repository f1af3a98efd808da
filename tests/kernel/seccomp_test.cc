// seccomp filters against the real kernel: each test compiles a profile in the test process (as
// the runtime does before cloning the init), forks, loads it in the child and checks what the
// kernel then does to the child's system calls. Run as root.
//
// tests/fixtures/seccomp/docker-default.json is a Docker-default-like profile as dockerd renders
// it into config.json for an amd64 container without CAP_SYS_ADMIN: defaultAction ERRNO(EPERM),
// ~350 allowed names, socket/personality/clone with argument conditions, clone3 -> ENOSYS.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "base/unique_fd.h"
#include "linux/seccomp_cache.h"
#include "linux/seccomp_features.h"
#include "linux/seccomp_filter.h"
#include "linux/seccomp_listener.h"
#include "spec/container_process_state.h"
#include "spec/parse.h"
#include "spec/validate.h"

namespace berth::linux {
namespace {

// Forks; the child runs `body` and _exits with its value. Returns the wait status, or -1 when
// the child did not finish within `timeout_ms` (it is then killed).
int run_in_child(const std::function<int()>& body, int timeout_ms = 10000) {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  if (pid < 0) return -1;
  for (int waited = 0; waited < timeout_ms; waited += 5) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return -1;
}

int exit_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1000 - status; }

// In the child: no_new_privs, then the filter. Returns 0, or a code >= 200 when loading failed.
int load_in_child(const SeccompProgram& program) {
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return 200;
  auto listener = load_seccomp(program);
  return listener ? 0 : 201;
}

// errno of a failed syscall, 0 when it succeeded.
int errno_of(long rc) { return rc < 0 ? errno : 0; }

SeccompProgram compile(const spec::Seccomp& seccomp) {
  auto program = compile_seccomp(seccomp);
  EXPECT_TRUE(program) << program.error().text();
  return program ? std::move(*program) : SeccompProgram{};
}

// Allows what a child needs to report and exit; everything else gets the default.
spec::Seccomp deny_by_default(std::optional<uint32_t> errno_ret = std::nullopt) {
  spec::Seccomp seccomp;
  seccomp.default_action = "SCMP_ACT_ERRNO";
  seccomp.default_errno_ret = errno_ret;
  seccomp.syscalls.push_back(
      {.names = {"exit", "exit_group", "write", "rt_sigreturn", "rt_sigaction", "rt_sigprocmask",
                 "getpid", "gettid", "tgkill", "kill"},
       .action = "SCMP_ACT_ALLOW"});
  return seccomp;
}

spec::Seccomp allow_by_default() {
  spec::Seccomp seccomp;
  seccomp.default_action = "SCMP_ACT_ALLOW";
  return seccomp;
}

TEST(Seccomp, BlockedSyscallReturnsTheConfiguredErrno) {
  spec::Seccomp seccomp = allow_by_default();
  seccomp.syscalls.push_back(
      {.names = {"mkdir", "mkdirat"}, .action = "SCMP_ACT_ERRNO", .errno_ret = EACCES});
  seccomp.syscalls.push_back({.names = {"rmdir"}, .action = "SCMP_ACT_ERRNO"});  // EPERM by default
  SeccompProgram program = compile(seccomp);
  std::string dir = "/tmp/berth-seccomp-test-" + std::to_string(::getpid());
  int status = run_in_child([&] {
    if (int rc = load_in_child(program)) return rc;
    if (errno_of(::syscall(SYS_mkdir, dir.c_str(), 0700)) != EACCES) return 1;
    if (errno_of(::syscall(SYS_mkdirat, AT_FDCWD, dir.c_str(), 0700)) != EACCES) return 2;
    if (errno_of(::syscall(SYS_rmdir, "/tmp")) != EPERM) return 3;
    return 0;
  });
  EXPECT_EQ(exit_code(status), 0);
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(Seccomp, DefaultErrnoRet) {
  SeccompProgram program = compile(deny_by_default(EXDEV));
  int status = run_in_child([&] {
    if (int rc = load_in_child(program)) return rc;
    if (errno_of(::syscall(SYS_getppid)) != EXDEV) return 1;
    if (errno_of(::syscall(SYS_mkdir, "/tmp/x", 0)) != EXDEV) return 2;
    return ::syscall(SYS_getpid) > 0 ? 0 : 3;  // allowed
  });
  EXPECT_EQ(exit_code(status), 0);
}

TEST(Seccomp, DefaultErrnoIsEperm) {
  SeccompProgram program = compile(deny_by_default());
  int status = run_in_child([&] {
    if (int rc = load_in_child(program)) return rc;
    return errno_of(::syscall(SYS_getppid)) == EPERM ? 0 : 1;
  });
  EXPECT_EQ(exit_code(status), 0);
}

TEST(Seccomp, SyscallsNewerThanTheProfileGetEnosys) {
  // The highest syscall the profile names is tgkill (234); mkdirat (258) is above it.
  SeccompProgram program = compile(deny_by_default());
  int status = run_in_child([&] {
    if (int rc = load_in_child(program)) return rc;
    if (errno_of(::syscall(SYS_mkdirat, AT_FDCWD, "/tmp/x", 0)) != ENOSYS) return 1;
    if (errno_of(::syscall(SYS_mkdir, "/tmp/x", 0)) != EPERM) return 2;  // below it: the default
    return 0;
  });
  EXPECT_EQ(exit_code(status), 0);
}

TEST(Seccomp, KillProcessKillsWithSigsys) {
  spec::Seccomp seccomp = allow_by_default();
  seccomp.syscalls.push_back({.names = {"getppid"}, .action = "SCMP_ACT_KILL_PROCESS"});
  SeccompProgram program = compile(seccomp);
  int status = run_in_child([&] {
    if (int rc = load_in_child(program)) return rc;
    ::syscall(SYS_getppid);
    return 0;
  });
  ASSERT_TRUE(WIFSIGNALED(status)) << "status " << status;
  EXPECT_EQ(WTERMSIG(status), SIGSYS);
}

TEST(Seccomp, KillIsKillThread) {
  spec::Seccomp seccomp = allow_by_default();
  seccomp.syscalls.push_back({.names = {"getppid"}, .action = "SCMP_ACT_KILL"});
  SeccompProgram program = compile(seccomp);
  int status = run_in_child([&] {
    if (int rc = load_in_child(program)) return rc;
    ::syscall(SYS_getppid);
    return 0;
  });
  // The only thread of the process: the process dies, reported as SIGSYS.
  ASSERT_TRUE(WIFSIGNALED(status)) << "status " << status;
  EXPECT_EQ(WTERMSIG(status), SIGSYS);
}

volatile sig_atomic_t trapped_syscall = -1;

void on_sigsys(int, siginfo_t* info, void*) { trapped_syscall = info->si_syscall; }

TEST(Seccomp, TrapDeliversSigsys) {
  spec::Seccomp seccomp = allow_by_default();
  seccomp.syscalls.push_back({.names = {"getppid"}, .action = "SCMP_ACT_TRAP"});
  SeccompProgram program = compile(seccomp);
  int status = run_in_child([&] {
    struct sigaction action {};
    action.sa_sigaction = on_sigsys;
    action.sa_flags = SA_SIGINFO;
    ::sigaction(SIGSYS, &action, nullptr);
    if (int rc = load_in_child(program)) return rc;
    ::syscall(SYS_getppid);
    return trapped_syscall == SYS_getppid ? 0 : 1;
  });
  EXPECT_EQ(exit_code(status), 0);
}

TEST(Seccomp, ArgumentConditionsOnTheSameIndexAreOred) {
  // As Docker's profile allows personality: one entry per value.
  spec::Seccomp seccomp = deny_by_default();
  seccomp.syscalls.push_back({.names = {"personality"},
                              .action = "SCMP_ACT_ALLOW",
                              .args = {{.index = 0, .value = 0xffffffff, .op = "SCMP_CMP_EQ"},
                                       {.index = 0, .value = PER_LINUX, .op = "SCMP_CMP_EQ"}}});
  SeccompProgram program = compile(seccomp);
  int status = run_in_child([&] {
    if (int rc = load_in_child(program)) return rc;
    if (::syscall(SYS_personality, 0xffffffffUL) < 0) return 1;                // query: allowed
    if (errno_of(::syscall(SYS_personality, PER_LINUX32)) != EPERM) return 2;  // 8: denied
    if (::syscall(SYS_personality, PER_LINUX) < 0) return 3;                   // 0: allowed
    return 0;
  });
  EXPECT_EQ(exit_code(status), 0);
}

TEST(Seccomp, ArgumentConditionsOnDistinctIndexesAreAnded) {
  spec::Seccomp seccomp = allow_by_default();
  seccomp.syscalls.push_back({.names = {"socket"},
                              .action = "SCMP_ACT_ERRNO",
                              .errno_ret = EAFNOSUPPORT,
                              .args = {{.index = 0, .value = AF_UNIX, .op = "SCMP_CMP_EQ"},
                                       {.index = 1, .value = SOCK_DGRAM, .op = "SCMP_CMP_EQ"}}});
  SeccompProgram program = compile(seccomp);
  int status = run_in_child([&] {
    if (int rc = load_in_child(program)) return rc;
    if (errno_of(::syscall(SYS_socket, AF_UNIX, SOCK_DGRAM, 0)) != EAFNOSUPPORT) return 1;
    long fd = ::syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) return 2;
    ::close(static_cast<int>(fd));
    return 0;
  });
  EXPECT_EQ(exit_code(status), 0);
}

TEST(Seccomp, MaskedEq) {
  // unshare is refused when the flags ask for a user namespace: (flags & CLONE_NEWUSER) ==
  // CLONE_NEWUSER.
  spec::Seccomp seccomp = allow_by_default();
  seccomp.syscalls.push_back({.names = {"unshare"},
                              .action = "SCMP_ACT_ERRNO",
                              .errno_ret = EPERM,
                              .args = {{.index = 0,
                                        .value = CLONE_NEWUSER,
                                        .value_two = CLONE_NEWUSER,
                                        .op = "SCMP_CMP_MASKED_EQ"}}});
  SeccompProgram program = compile(seccomp);
  int status = run_in_child([&] {
    if (int rc = load_in_child(program)) return rc;
    if (errno_of(::syscall(SYS_unshare, CLONE_NEWUSER | CLONE_NEWNS)) != EPERM) return 1;
    if (::syscall(SYS_unshare, CLONE_FILES) != 0) return 2;  // the mask does not match: allowed
    return 0;
  });
  EXPECT_EQ(exit_code(status), 0);
}

TEST(Seccomp, LogLetsTheSyscallRun) {
  spec::Seccomp seccomp = allow_by_default();
  seccomp.syscalls.push_back({.names = {"getppid"}, .action = "SCMP_ACT_LOG"});
  seccomp.flags = {"SECCOMP_FILTER_FLAG_LOG"};
  SeccompProgram program = compile(seccomp);
  pid_t parent = ::getpid();
  int status = run_in_child([&] {
    if (int rc = load_in_child(program)) return rc;
    return ::syscall(SYS_getppid) == parent ? 0 : 1;
  });
  EXPECT_EQ(exit_code(status), 0);
}

TEST(Seccomp, FlagsLoad) {
  spec::Seccomp seccomp = allow_by_default();
  seccomp.syscalls.push_back({.names = {"mkdir"}, .action = "SCMP_ACT_ERRNO"});
  for (const char* flag :
       {"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"}) {
    if (!seccomp_flag_supported(*seccomp_flag_value(flag, ""))) continue;
    seccomp.flags.push_back(flag);
  }
  SeccompProgram program = compile(seccomp);
  int status = run_in_child([&] {
    if (int rc = load_in_child(program)) return rc;
    return errno_of(::syscall(SYS_mkdir, "/tmp/x", 0)) == EPERM ? 0 : 1;
  });
  EXPECT_EQ(exit_code(status), 0);
}

TEST(Seccomp, LoadingWithoutNoNewPrivsNeedsCapSysAdmin) {
  SeccompProgram program = compile(allow_by_default());
  int status = run_in_child([&] {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2] = {};
    if (::syscall(SYS_capset, &header, data) != 0) return 100;  // drop every capability
    auto listener = load_seccomp(program);
    if (listener) return 1;
    if (listener.error().errnum() != EACCES) return 2;
    return listener.error().message().find("needs process.noNewPrivileges or CAP_SYS_ADMIN") !=
                   std::string::npos
               ? 0
               : 3;
  });
  EXPECT_EQ(exit_code(status), 0);
}

// ---- SCMP_ACT_NOTIFY and the listener socket ----

struct ReceivedListener {
  UniqueFd fd;
  std::string payload;
};

// Accepts one connection, reads it to the end, takes the fd from SCM_RIGHTS.
std::optional<ReceivedListener> receive_listener(int server_fd, int timeout_ms) {
  pollfd pfd{server_fd, POLLIN, 0};
  if (::poll(&pfd, 1, timeout_ms) != 1) return std::nullopt;
  UniqueFd connection(::accept4(server_fd, nullptr, nullptr, SOCK_CLOEXEC));
  if (!connection) return std::nullopt;
  ReceivedListener received;
  char buffer[4096];
  while (true) {
    pfd = {connection.get(), POLLIN, 0};
    if (::poll(&pfd, 1, timeout_ms) != 1) return std::nullopt;
    iovec iov{buffer, sizeof(buffer)};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 4)];
    msghdr message{};
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof(control);
    ssize_t n = ::recvmsg(connection.get(), &message, MSG_CMSG_CLOEXEC);
    if (n < 0) return std::nullopt;
    for (cmsghdr* header = CMSG_FIRSTHDR(&message); header;
         header = CMSG_NXTHDR(&message, header)) {
      if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_RIGHTS) {
        int fd;
        std::memcpy(&fd, CMSG_DATA(header), sizeof(int));
        received.fd.reset(fd);
      }
    }
    if (n == 0) break;
    received.payload.append(buffer, static_cast<size_t>(n));
  }
  return received;
}

class ListenerSocket {
 public:
  ListenerSocket() {
    path_ = "/tmp/berth-seccomp-agent-" + std::to_string(::getpid()) + ".sock";
    ::unlink(path_.c_str());
    fd_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path_.c_str(), sizeof(address.sun_path) - 1);
    ok_ = fd_ && ::bind(fd_.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
          ::listen(fd_.get(), 1) == 0;
  }
  ~ListenerSocket() { ::unlink(path_.c_str()); }
  bool ok() const { return ok_; }
  int fd() const { return fd_.get(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  UniqueFd fd_;
  bool ok_ = false;
};

TEST(Seccomp, NotifyReachesTheAgentThroughTheListenerPath) {
  ListenerSocket agent;
  ASSERT_TRUE(agent.ok());
  spec::Seccomp seccomp = allow_by_default();
  seccomp.syscalls.push_back({.names = {"mkdir"}, .action = "SCMP_ACT_NOTIFY"});
  seccomp.listener_path = agent.path();
  seccomp.listener_metadata = "agent-data";
  if (seccomp_flag_supported(kSeccompFlagWaitKillableRecv)) {
    seccomp.flags.push_back("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");
  }
  SeccompProgram program = compile(seccomp);
  ASSERT_TRUE(program.uses_notify());

  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // What the runtime does: load, send the fd and the state, close the fd, exec (here: go on).
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) ::_exit(200);
    auto listener = load_seccomp(program);
    if (!listener || !listener->valid()) ::_exit(201);
    spec::ContainerRecord record;
    record.oci_version = "1.2.0";
    record.id = "seccomp-test";
    record.pid = ::getpid();
    record.bundle = "/bundles/seccomp-test";
    std::string state = spec::container_process_state_json(record, spec::Status::creating,
                                                           seccomp.listener_metadata);
    if (!send_seccomp_listener(seccomp.listener_path, listener->get(), state)) ::_exit(202);
    listener->reset();
    long rc = ::syscall(SYS_mkdir, "/nonexistent/berth", 0700);  // answered by the agent
    ::_exit(rc == 42 ? 0 : 1);
  }

  auto received = receive_listener(agent.fd(), 10000);
  if (!received) ::kill(child, SIGKILL);
  ASSERT_TRUE(received);
  ASSERT_TRUE(received->fd.valid());
  nlohmann::json state = nlohmann::json::parse(received->payload, nullptr, false);
  ASSERT_FALSE(state.is_discarded()) << received->payload;
  EXPECT_EQ(state["ociVersion"], "1.2.0");
  EXPECT_EQ(state["fds"], nlohmann::json::array({"seccompFd"}));
  EXPECT_EQ(state["pid"], child);
  EXPECT_EQ(state["metadata"], "agent-data");
  EXPECT_EQ(state["state"]["id"], "seccomp-test");
  EXPECT_EQ(state["state"]["status"], "creating");
  EXPECT_EQ(state["state"]["pid"], child);

  // The agent's part: receive the notification and answer it.
  pollfd pfd{received->fd.get(), POLLIN, 0};
  ASSERT_EQ(::poll(&pfd, 1, 10000), 1);
  seccomp_notif request{};
  ASSERT_EQ(::ioctl(received->fd.get(), SECCOMP_IOCTL_NOTIF_RECV, &request), 0)
      << std::strerror(errno);
  EXPECT_EQ(request.pid, static_cast<uint32_t>(child));
  EXPECT_EQ(request.data.nr, SYS_mkdir);
  seccomp_notif_resp response{};
  response.id = request.id;
  response.val = 42;
  response.error = 0;
  ASSERT_EQ(::ioctl(received->fd.get(), SECCOMP_IOCTL_NOTIF_SEND, &response), 0)
      << std::strerror(errno);

  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_EQ(exit_code(status), 0);
}

TEST(Seccomp, SendingToAMissingListenerFails) {
  auto result = send_seccomp_listener("/tmp/berth-no-such-agent.sock", 0, "{}");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().errnum(), ENOENT);
  EXPECT_TRUE(result.error().message().starts_with("linux.seccomp.listenerPath: connect to"))
      << result.error().text();
}

// ---- a Docker-default-like profile ----

std::string fixture_path() {
  if (const char* dir = std::getenv("BERTH_FIXTURES"))
    return std::string(dir) + "/seccomp/docker-default.json";
  return (std::filesystem::path(__FILE__).parent_path() / "../fixtures/seccomp/docker-default.json")
      .string();
}

spec::Seccomp docker_default() {
  std::ifstream in(fixture_path());
  std::stringstream text;
  text << in.rdbuf();
  std::string config = R"({"ociVersion":"1.2.0","linux":{"seccomp":)" + text.str() + "}}";
  auto parsed = spec::parse_config(config);
  EXPECT_TRUE(parsed) << fixture_path() << ": " << parsed.error().text();
  if (!parsed || !parsed->linux_config || !parsed->linux_config->seccomp) return {};
  return *parsed->linux_config->seccomp;
}

int run_busybox_ls(const SeccompProgram& program) {
  return exit_code(run_in_child([&] {
    if (int rc = load_in_child(program)) return rc;
    const char* argv[] = {"busybox", "sh", "-c", "ls / >/dev/null", nullptr};
    ::execv("/bin/busybox", const_cast<char* const*>(argv));
    return 127;
  }));
}

TEST(DockerDefaultProfile, RunsBusybox) {
  spec::Seccomp seccomp = docker_default();
  ASSERT_GE(seccomp.syscalls.size(), 10u);
  SeccompProgram program = compile(seccomp);
  ASSERT_FALSE(program.instructions.empty());
  EXPECT_EQ(run_busybox_ls(program), 0);
}

TEST(DockerDefaultProfile, RunsBusyboxFromTheCache) {
  std::string cache_dir = "/tmp/berth-seccomp-cache-test-" + std::to_string(::getpid());
  spec::Seccomp seccomp = docker_default();
  auto stored = compile_seccomp_cached(seccomp, cache_dir);  // a miss: compiled and stored
  auto cached = compile_seccomp_cached(seccomp, cache_dir);  // a hit
  std::filesystem::remove_all(cache_dir);
  ASSERT_TRUE(stored && cached);
  EXPECT_EQ(cached->instructions.size(), stored->instructions.size());
  EXPECT_EQ(run_busybox_ls(*cached), 0);
}

TEST(DockerDefaultProfile, RefusesWhatDockerRefuses) {
  SeccompProgram program = compile(docker_default());
  int status = run_in_child([&] {
    if (int rc = load_in_child(program)) return rc;
    if (errno_of(::syscall(SYS_mount, "none", "/mnt", "tmpfs", 0, nullptr)) != EPERM) return 1;
    if (errno_of(::syscall(SYS_unshare, CLONE_NEWNS)) != EPERM) return 2;
    if (errno_of(::syscall(SYS_clone3, nullptr, 0)) != ENOSYS) return 3;  // errnoRet 38
    if (errno_of(::syscall(SYS_personality, 0x1234UL)) != EPERM) return 4;
    if (::syscall(SYS_personality, 0xffffffffUL) < 0) return 5;
    if (errno_of(::syscall(SYS_socket, 40 /* AF_VSOCK */, SOCK_STREAM, 0)) != EPERM) return 6;
    if (errno_of(::syscall(SYS_getpid)) != 0) return 7;
    return 0;
  });
  EXPECT_EQ(exit_code(status), 0);
}

TEST(DockerDefaultProfile, BusyboxUnshareIsRefused) {
  SeccompProgram program = compile(docker_default());
  int status = run_in_child([&] {
    if (int rc = load_in_child(program)) return rc;
    int null_fd = ::open("/dev/null", O_WRONLY);
    ::dup2(null_fd, 2);
    const char* argv[] = {"busybox", "unshare", "-m", "true", nullptr};
    ::execv("/bin/busybox", const_cast<char* const*>(argv));
    return 127;
  });
  EXPECT_NE(exit_code(status), 0);
  EXPECT_NE(exit_code(status), 127);
}

}  // namespace
}  // namespace berth::linux
