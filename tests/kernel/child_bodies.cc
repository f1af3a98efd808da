#include "child_bodies.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

namespace berth::cgroup::testing {

int allocate_and_sleep(size_t mb) {
  size_t size = mb << 20;
  void* memory = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) return 2;
  memset(memory, 0x5a, size);
  for (;;) pause();
  return 0;
}

int fork_until_failure() {
  for (int i = 0; i < 1000; ++i) {
    pid_t pid = fork();
    if (pid == 0) {
      for (;;) pause();
    }
    if (pid < 0) return errno;
  }
  return 0;
}

int sleep_forever() {
  for (;;) pause();
  return 0;
}

int open_for_read_then_write(const char* path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return 100 + errno;
  close(fd);
  fd = open(path, O_WRONLY);
  if (fd < 0) return errno;
  close(fd);
  return 0;
}

}  // namespace berth::cgroup::testing
