/*
 * The exec trampoline: a tiny static program, run from a sealed memfd, that execs the container's
 * real program. It exists so that no process in a container ever runs with the runtime's own
 * binary as its /proc/<pid>/exe (CVE-2019-5736): the init execs this first, and this execs the
 * user's program. It has no libc and does nothing else.
 *
 *   argv: [ path-to-exec, argv0, argv1, ... ]   envp: the container's environment
 *
 * On failure it prints one line to stderr and exits with 127 (ENOENT) or 126 (other errors), as
 * a shell would.
 */
#if !defined(__x86_64__)
#error "the exec trampoline is written for x86_64"
#endif

#define SYS_write 1
#define SYS_execve 59
#define SYS_exit_group 231

static long syscall3(long number, long a, long b, long c) {
  long result;
  __asm__ volatile("syscall" : "=a"(result) : "a"(number), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
  return result;
}

static unsigned long length(const char* s) {
  unsigned long n = 0;
  while (s[n]) n++;
  return n;
}

static void put(const char* s) { syscall3(SYS_write, 2, (long)s, (long)length(s)); }

static void put_number(long value) {
  char digits[24];
  int i = sizeof digits - 1;
  digits[i] = 0;
  do {
    digits[--i] = (char)('0' + value % 10);
    value /= 10;
  } while (value && i > 0);
  put(digits + i);
}

__attribute__((used, noreturn)) void trampoline_main(long* stack) {
  long argc = stack[0];
  char** argv = (char**)(stack + 1);
  char** envp = argv + argc + 1;
  long error = 22; /* EINVAL: called without a program */
  if (argc >= 2) error = -syscall3(SYS_execve, (long)argv[0], (long)(argv + 1), (long)envp);
  put("berth-runtime: exec \"");
  put(argc >= 2 ? argv[0] : "");
  put("\" failed: errno ");
  put_number(error);
  put("\n");
  syscall3(SYS_exit_group, error == 2 ? 127 : 126, 0, 0);
  __builtin_unreachable();
}

__asm__(
    ".text\n"
    ".global _start\n"
    "_start:\n"
    "  mov %rsp, %rdi\n"
    "  and $-16, %rsp\n"
    "  call trampoline_main\n"
    "  hlt\n");
