/* bx — the benchmark driver behind bench/run.sh.
 *
 *   bx PLAN OUT.csv LOGDIR
 *
 * Reads a plan (one directive per line, whitespace-separated words, '#'
 * comments), runs it, and appends one CSV line per measured sample to OUT.csv.
 * It exists so that the numbers are not shell overhead: every command is
 * started with posix_spawn and reaped with wait4(), which gives its wall time
 * (CLOCK_MONOTONIC around spawn..reap), its CPU time and its peak RSS
 * (ru_utime, ru_stime, ru_maxrss of the command and all of the descendants it
 * reaped: the same numbers `/usr/bin/time -v` prints).
 *
 * bx is a child subreaper (PR_SET_CHILD_SUBREAPER), like containerd's shim:
 * container processes that a runtime leaves behind (the init of `create` or
 * `run -d`) are re-parented to bx, which reaps them at the end of each step
 * (or at once with BX_REAP=eager, as the shim does). The CPU time and RSS of
 * those that exited during a measured step are added to that step (the
 * "orphans"), so work done by a runtime's init process (`runc init`) counts.
 *
 * Directives
 *   row NAME                 label of the rows that follow (e.g. host, v1only)
 *   reps N                   samples per case in the next blocks
 *   warmup N                 unrecorded rounds before the samples (default 1)
 *   block NAME               start a block; its cases run interleaved:
 *                              for rep: for case: run the case's steps
 *   case LABEL [allowfail]   start a case; allowfail: a failing step is
 *                              recorded (status, first error line), not fatal
 *     run ARGV...            step: run one command, wait for it
 *     par P M ARGV...        step: run M commands, P at a time ({j} = 0..M-1)
 *     waitpid FILE           step: wait until the pid in FILE has exited
 *                              (pidfd + poll, no fixed sleep; reaped if ours)
 *     countexe PATH          step (not timed): count bx's descendants whose
 *                              /proc/PID/exe is PATH (or a memfd copy of it)
 *   end                      run the block
 *   once ARGV...             untimed, must succeed
 *   try ARGV...              untimed, may fail
 *   oncepar P M ARGV...      untimed, parallel, must succeed
 *   trypar P M ARGV...       untimed, parallel, may fail
 *   reap SECONDS             reap exited children until none is left or the
 *                              time is up (teardown of detached containers)
 *   echo TEXT...             progress line on stderr
 * In ARGV, {i} is the sample number (warm-up rounds use w0, w1, ...) and {j}
 * the index inside a par step.
 *
 * CSV lines
 *   sample,ROW,BLOCK,CASE,REP,wall_us,user_us,sys_us,maxrss_kb,minflt,nvcsw,nivcsw,status,steps_us,msg
 *   procs,ROW,BLOCK,CASE,REP,count,pids
 * steps_us is the wall time of each timed step, ';'-separated; wall_us is their
 * sum. status is 0, or the exit status (128+signal) of the first failing step.
 *
 * BX_DEBUG=1 in the environment: a line on stderr for every orphan reaped.
 * BX_REAP=eager: reap orphans the moment they exit (see run_par).
 *
 * Exit status: 0, or 1 when a command that must succeed fails or hangs (the
 * command and the end of its output are printed), 2 on a bad plan.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define MAXW 256
#define MAXSTEPS 16
#define MAXCASES 16
#define STEP_TIMEOUT 600 /* seconds */

enum kind { K_RUN, K_PAR, K_WAITPID, K_COUNTEXE };

struct step {
	enum kind kind;
	int p, m;
	int argc;
	char *argv[MAXW];
};

struct kase {
	char label[128];
	int allowfail;
	int nsteps;
	struct step steps[MAXSTEPS];
	int logfd;
	char logpath[PATH_MAX];
};

struct acc {
	uint64_t wall_ns;
	uint64_t user_us, sys_us;
	long maxrss_kb, minflt, nvcsw, nivcsw;
};

static FILE *out;
static const char *logdir;
static char row[64] = "host";
static int reps = 10, warmup = 1;
static int plan_line;
static volatile sig_atomic_t timed_out;
static int debug; /* BX_DEBUG=1: report orphans reaped */
static int eager; /* BX_REAP=eager: reap every child at once (wait4(-1)) */

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "bx: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void acc_ru(struct acc *a, const struct rusage *ru)
{
	a->user_us += (uint64_t)ru->ru_utime.tv_sec * 1000000u + (uint64_t)ru->ru_utime.tv_usec;
	a->sys_us += (uint64_t)ru->ru_stime.tv_sec * 1000000u + (uint64_t)ru->ru_stime.tv_usec;
	if (ru->ru_maxrss > a->maxrss_kb)
		a->maxrss_kb = ru->ru_maxrss;
	a->minflt += ru->ru_minflt;
	a->nvcsw += ru->ru_nvcsw;
	a->nivcsw += ru->ru_nivcsw;
}

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

/* Replace {i} and {j} in s. */
static char *subst(const char *s, const char *i, int j)
{
	char buf[4096];
	size_t o = 0;
	while (*s && o < sizeof buf - 32) {
		if (s[0] == '{' && s[1] == 'i' && s[2] == '}') {
			o += (size_t)snprintf(buf + o, sizeof buf - o, "%s", i);
			s += 3;
		} else if (s[0] == '{' && s[1] == 'j' && s[2] == '}') {
			o += (size_t)snprintf(buf + o, sizeof buf - o, "%d", j);
			s += 3;
		} else {
			buf[o++] = *s++;
		}
	}
	buf[o] = 0;
	return strdup(buf);
}

static void print_cmd(FILE *f, char **argv)
{
	for (int k = 0; argv[k]; k++)
		fprintf(f, "%s%s", k ? " " : "", argv[k]);
}

/* The end of a log file from offset 'from': at most the last 'lines' lines. */
static void print_log_tail(const char *path, off_t from, int lines)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	char buf[8192];
	off_t end = lseek(fd, 0, SEEK_END);
	off_t start = end - (off_t)sizeof buf + 1;
	if (start < from)
		start = from;
	if (start < 0)
		start = 0;
	ssize_t n = pread(fd, buf, sizeof buf - 1, start);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = 0;
	char *p = buf + n;
	int seen = 0;
	while (p > buf) {
		if (p[-1] == '\n' && p != buf + n && ++seen >= lines)
			break;
		p--;
	}
	fprintf(stderr, "  | %s", p);
	if (buf[n - 1] != '\n')
		fprintf(stderr, "\n");
}

/* First non-empty line of a log from 'from', cleaned for a CSV field. */
static void first_log_line(const char *path, off_t from, char *dst, size_t len)
{
	dst[0] = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	char buf[1024];
	ssize_t n = pread(fd, buf, sizeof buf - 1, from);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = 0;
	char *p = buf;
	while (*p == '\n')
		p++;
	size_t o = 0;
	for (; *p && *p != '\n' && o + 1 < len; p++)
		dst[o++] = (*p == ',' || *p == '"' || *p == '\r') ? ' ' : *p;
	dst[o] = 0;
}

struct job {
	pid_t pid;
	int pidfd;
	char **argv;
};

/* Reap the orphans that have exited (zombies re-parented to bx), adding them to *a. */
static void reap_orphans(struct acc *a)
{
	int st;
	struct rusage ru;
	pid_t w;
	while ((w = wait4(-1, &st, __WALL | WNOHANG, &ru)) > 0) {
		if (a)
			acc_ru(a, &ru);
		if (debug)
			fprintf(stderr, "bx: reaped orphan %d: %s %d\n", w, WIFEXITED(st) ? "exit" : "signal",
				WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	}
}

static void record_exit(struct job *j, int st, int *first_fail, char ***failed_argv)
{
	int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if (code && !*first_fail) {
		*first_fail = code;
		*failed_argv = j->argv;
	} else {
		for (int k = 0; j->argv[k]; k++)
			free(j->argv[k]);
		free(j->argv);
	}
	if (j->pidfd >= 0)
		close(j->pidfd);
	j->pid = 0;
	j->pidfd = -1;
}

/*
 * Run M copies of argv (with {j} substituted), P at a time. CPU/RSS of the
 * commands, and of the orphans found exited when the step ends, go to *a.
 * Returns the status of the first failure (exit code, or 128+signal) or 0;
 * *failed_argv gets the failing command.
 *
 * The commands are waited for by pidfd, so orphans that exit during the step
 * stay zombies until it ends (then they are reaped and counted). A runtime
 * that looks its container's init up after releasing it (`start`) therefore
 * finds at least a zombie. BX_REAP=eager reaps every child as soon as it
 * exits instead, as containerd's shim does on SIGCHLD.
 */
static int run_par(int P, int M, int argc, char **tmpl, const char *ival, int logfd, struct acc *a,
		   char ***failed_argv, uint64_t *wall_ns)
{
	struct job *jobs = calloc((size_t)P, sizeof *jobs);
	struct pollfd *pfds = calloc((size_t)P, sizeof *pfds);
	int started = 0, running = 0, first_fail = 0;
	for (int s = 0; s < P; s++)
		jobs[s].pidfd = -1;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, logfd, 1);
	posix_spawn_file_actions_adddup2(&fa, logfd, 2);
	posix_spawnattr_t at;
	posix_spawnattr_init(&at);
	sigset_t none;
	sigemptyset(&none);
	posix_spawnattr_setsigmask(&at, &none);
	sigset_t dfl;
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGALRM);
	sigaddset(&dfl, SIGPIPE);
	posix_spawnattr_setsigdefault(&at, &dfl);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

	uint64_t t0 = now_ns();
	uint64_t deadline = t0 + (uint64_t)STEP_TIMEOUT * 1000000000u;
	while (started < M || running > 0) {
		while (started < M && running < P) {
			char **argv = calloc((size_t)argc + 1, sizeof *argv);
			for (int k = 0; k < argc; k++)
				argv[k] = subst(tmpl[k], ival, started);
			int slot = 0;
			while (jobs[slot].pid)
				slot++;
			pid_t pid;
			int e = posix_spawn(&pid, argv[0], &fa, &at, argv, environ);
			started++;
			if (e) {
				fprintf(stderr, "bx: cannot run %s: %s\n", argv[0], strerror(e));
				if (!first_fail) {
					first_fail = 127;
					*failed_argv = argv;
				}
				continue;
			}
			jobs[slot].pid = pid;
			jobs[slot].argv = argv;
			/* our unreaped child: the pid cannot have been reused */
			jobs[slot].pidfd = eager ? -1 : (int)syscall(SYS_pidfd_open, pid, 0);
			if (!eager && jobs[slot].pidfd < 0)
				die("pidfd_open(%d): %s", pid, strerror(errno));
			running++;
		}
		if (running == 0)
			break;
		uint64_t t = now_ns();
		if (t >= deadline) {
			fprintf(stderr, "bx: timed out after %d s waiting for:", STEP_TIMEOUT);
			for (int s = 0; s < P; s++)
				if (jobs[s].pid) {
					fprintf(stderr, "\n  ");
					print_cmd(stderr, jobs[s].argv);
					kill(jobs[s].pid, SIGKILL);
				}
			fprintf(stderr, "\n");
			exit(1);
		}
		int st;
		struct rusage ru;
		if (eager) {
			timed_out = 0;
			alarm(1 + (unsigned)((deadline - t) / 1000000000u));
			pid_t w = wait4(-1, &st, __WALL, &ru);
			alarm(0);
			if (w < 0) {
				if (errno == EINTR)
					continue;
				die("wait4: %s", strerror(errno));
			}
			acc_ru(a, &ru);
			int is_job = 0;
			for (int s = 0; s < P; s++)
				if (jobs[s].pid == w) {
					is_job = 1;
					record_exit(&jobs[s], st, &first_fail, failed_argv);
					running--;
				}
			if (!is_job && debug)
				fprintf(stderr, "bx: reaped orphan %d: %s %d\n", w, WIFEXITED(st) ? "exit" : "signal",
					WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
			continue;
		}
		int n = 0;
		for (int s = 0; s < P; s++)
			if (jobs[s].pid)
				pfds[n++] = (struct pollfd){.fd = jobs[s].pidfd, .events = POLLIN};
		int r = poll(pfds, (nfds_t)n, (int)((deadline - t) / 1000000u) + 1);
		if (r < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		for (int s = 0; s < P && r > 0; s++) {
			if (!jobs[s].pid)
				continue;
			pid_t w = wait4(jobs[s].pid, &st, __WALL | WNOHANG, &ru);
			if (w == jobs[s].pid) {
				acc_ru(a, &ru);
				record_exit(&jobs[s], st, &first_fail, failed_argv);
				running--;
			}
		}
	}
	reap_orphans(a);
	*wall_ns = now_ns() - t0;
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	free(jobs);
	free(pfds);
	return first_fail;
}

static int wait_pidfile(const char *path, struct acc *a, uint64_t *wall_ns)
{
	uint64_t t0 = now_ns();
	char buf[64] = {0};
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "bx: waitpid: cannot open %s: %s\n", path, strerror(errno));
		return 1;
	}
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	pid_t pid = n > 0 ? (pid_t)atoi(buf) : 0;
	if (pid <= 0) {
		fprintf(stderr, "bx: waitpid: no pid in %s\n", path);
		return 1;
	}
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pfd >= 0) {
		struct pollfd p = {.fd = pfd, .events = POLLIN};
		int r;
		do
			r = poll(&p, 1, STEP_TIMEOUT * 1000);
		while (r < 0 && errno == EINTR);
		close(pfd);
		if (r == 0) {
			fprintf(stderr, "bx: waitpid: pid %d (from %s) still running after %d s\n", pid, path,
				STEP_TIMEOUT);
			return 1;
		}
		/* Ours (re-parented to this subreaper)? Reap it and count it. */
		int st;
		struct rusage ru;
		if (wait4(pid, &st, __WALL | WNOHANG, &ru) == pid)
			acc_ru(a, &ru);
	} else if (errno != ESRCH) {
		fprintf(stderr, "bx: pidfd_open(%d): %s\n", pid, strerror(errno));
		return 1;
	}
	/* ESRCH: gone already (reaped while an earlier step ran). */
	*wall_ns = now_ns() - t0;
	return 0;
}

static pid_t parent_of(pid_t pid)
{
	char p[64], buf[512];
	snprintf(p, sizeof p, "/proc/%d/stat", (int)pid);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	char *rp = strrchr(buf, ')'); /* comm may hold spaces and parentheses */
	int ppid = 0;
	if (!rp || sscanf(rp + 1, " %*c %d", &ppid) != 1)
		return 0;
	return (pid_t)ppid;
}

/* Is pid bx's descendant? (Runtime processes left behind are re-parented to bx.) */
static int is_ours(pid_t pid)
{
	pid_t me = getpid();
	for (int depth = 0; depth < 64 && pid > 1; depth++) {
		pid = parent_of(pid);
		if (pid == me)
			return 1;
	}
	return 0;
}

/* Processes under bx whose exe is PATH, its deleted self, or a memfd copy of it. */
static int count_exe(const char *path, char *pids, size_t len)
{
	char want[PATH_MAX], del[PATH_MAX + 16];
	if (!realpath(path, want))
		snprintf(want, sizeof want, "%s", path);
	snprintf(del, sizeof del, "%s (deleted)", want);
	const char *base = strrchr(want, '/');
	base = base ? base + 1 : want;
	DIR *d = opendir("/proc");
	if (!d)
		return -1;
	int count = 0;
	size_t o = 0;
	pids[0] = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		char l[300], exe[PATH_MAX];
		snprintf(l, sizeof l, "/proc/%s/exe", e->d_name);
		ssize_t n = readlink(l, exe, sizeof exe - 1);
		if (n <= 0)
			continue;
		exe[n] = 0;
		if ((strcmp(exe, want) == 0 || strcmp(exe, del) == 0 ||
		     (strncmp(exe, "/memfd:", 7) == 0 && strstr(exe, base))) &&
		    is_ours((pid_t)atoi(e->d_name))) {
			count++;
			if (o + 16 < len)
				o += (size_t)snprintf(pids + o, len - o, "%s%s", o ? ";" : "", e->d_name);
		}
	}
	closedir(d);
	return count;
}

static void reap_all(int seconds)
{
	timed_out = 0;
	alarm((unsigned)seconds);
	for (;;) {
		int st;
		pid_t w = waitpid(-1, &st, __WALL);
		if (w < 0 && errno == EINTR && !timed_out)
			continue;
		if (w < 0)
			break;
	}
	alarm(0);
}

/* ---- plan ---- */

static int split(char *line, char **w)
{
	int n = 0;
	char *save = NULL;
	for (char *t = strtok_r(line, " \t\r\n", &save); t && n < MAXW - 1; t = strtok_r(NULL, " \t\r\n", &save))
		w[n++] = t;
	w[n] = NULL;
	return n;
}

static void bad_plan(const char *what)
{
	fprintf(stderr, "bx: plan line %d: %s\n", plan_line, what);
	exit(2);
}

static char **dupv(int n, char **w)
{
	char **v = calloc((size_t)n + 1, sizeof *v);
	for (int k = 0; k < n; k++)
		v[k] = strdup(w[k]);
	return v;
}

static void open_log(struct kase *c, const char *block)
{
	char label[sizeof c->label];
	memcpy(label, c->label, sizeof label);
	snprintf(c->logpath, sizeof c->logpath, "%s/%s.%s.%s.log", logdir, row, block, label);
	c->logfd = open(c->logpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (c->logfd < 0)
		die("open %s: %s", c->logpath, strerror(errno));
}

/* Run one round of a case. rep < 0: warm-up (not written). */
static void run_case(const char *block, struct kase *c, int rep)
{
	char ival[32];
	if (rep < 0)
		snprintf(ival, sizeof ival, "w%d", -rep - 1);
	else
		snprintf(ival, sizeof ival, "%d", rep);
	struct acc a = {0};
	off_t log_from = lseek(c->logfd, 0, SEEK_END);
	char steps[512] = "";
	size_t so = 0;
	int status = 0;
	char msg[300] = "";
	for (int s = 0; s < c->nsteps && !status; s++) {
		struct step *st = &c->steps[s];
		uint64_t w = 0;
		char **failed = NULL;
		if (st->kind == K_RUN || st->kind == K_PAR) {
			status = run_par(st->p, st->m, st->argc, st->argv, ival, c->logfd, &a, &failed, &w);
		} else if (st->kind == K_WAITPID) {
			char *p = subst(st->argv[0], ival, 0);
			status = wait_pidfile(p, &a, &w);
			free(p);
		} else {
			char pids[4096];
			char *p = subst(st->argv[0], ival, 0);
			int n = count_exe(p, pids, sizeof pids);
			free(p);
			if (rep >= 0)
				fprintf(out, "procs,%s,%s,%s,%d,%d,%s\n", row, block, c->label, rep, n, pids);
			continue;
		}
		a.wall_ns += w;
		so += (size_t)snprintf(steps + so, sizeof steps - so, "%s%.0f", so ? ";" : "", w / 1e3);
		if (status) {
			first_log_line(c->logpath, log_from, msg, sizeof msg);
			if (!c->allowfail) {
				fprintf(stderr, "bx: command failed (exit %d) in %s/%s/%s: ", status, row, block,
					c->label);
				if (failed)
					print_cmd(stderr, failed);
				fprintf(stderr, "\n");
				print_log_tail(c->logpath, log_from, 8);
				fflush(out);
				exit(1);
			}
		}
	}
	if (rep >= 0)
		fprintf(out, "sample,%s,%s,%s,%d,%.1f,%llu,%llu,%ld,%ld,%ld,%ld,%d,%s,%s\n", row, block, c->label,
			rep, a.wall_ns / 1e3, (unsigned long long)a.user_us, (unsigned long long)a.sys_us,
			a.maxrss_kb, a.minflt, a.nvcsw, a.nivcsw, status, steps, msg);
	fflush(out);
}

static void untimed(int P, int M, int n, char **w, int must)
{
	struct acc a = {0};
	char **failed = NULL;
	uint64_t wall;
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s.setup.log", logdir, row);
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		die("open %s: %s", path, strerror(errno));
	off_t from = lseek(fd, 0, SEEK_END);
	int st = run_par(P, M, n, w, "0", fd, &a, &failed, &wall);
	close(fd);
	if (st && must) {
		fprintf(stderr, "bx: command failed (exit %d): ", st);
		if (failed)
			print_cmd(stderr, failed);
		fprintf(stderr, "\n");
		print_log_tail(path, from, 8);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: bx PLAN OUT.csv LOGDIR\n");
		return 2;
	}
	FILE *plan = strcmp(argv[1], "-") ? fopen(argv[1], "r") : stdin;
	if (!plan)
		die("open %s: %s", argv[1], strerror(errno));
	out = fopen(argv[2], "a");
	if (!out)
		die("open %s: %s", argv[2], strerror(errno));
	logdir = argv[3];
	debug = getenv("BX_DEBUG") && *getenv("BX_DEBUG") == '1';
	eager = getenv("BX_REAP") && !strcmp(getenv("BX_REAP"), "eager");
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		die("PR_SET_CHILD_SUBREAPER: %s", strerror(errno));
	struct sigaction sa = {0};
	sa.sa_handler = on_alarm; /* no SA_RESTART: wait4 returns EINTR */
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	static struct kase cases[MAXCASES];
	int ncases = 0, in_block = 0;
	char block[128] = "";
	char line[8192];
	char *w[MAXW];
	while (fgets(line, sizeof line, plan)) {
		plan_line++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		int n = split(line, w);
		if (n == 0)
			continue;
		const char *d = w[0];
		if (!strcmp(d, "row") && n == 2) {
			snprintf(row, sizeof row, "%s", w[1]);
		} else if (!strcmp(d, "reps") && n == 2) {
			reps = atoi(w[1]);
		} else if (!strcmp(d, "warmup") && n == 2) {
			warmup = atoi(w[1]);
		} else if (!strcmp(d, "echo")) {
			for (int k = 1; k < n; k++)
				fprintf(stderr, "%s%s", k > 1 ? " " : "", w[k]);
			fprintf(stderr, "\n");
		} else if (!strcmp(d, "block") && n == 2) {
			if (in_block)
				bad_plan("block inside a block");
			in_block = 1;
			ncases = 0;
			snprintf(block, sizeof block, "%s", w[1]);
		} else if (!strcmp(d, "case") && n >= 2) {
			if (!in_block || ncases == MAXCASES)
				bad_plan("case outside a block, or too many");
			struct kase *c = &cases[ncases++];
			memset(c, 0, sizeof *c);
			snprintf(c->label, sizeof c->label, "%s", w[1]);
			c->allowfail = n > 2 && !strcmp(w[2], "allowfail");
			open_log(c, block);
		} else if (!strcmp(d, "run") || !strcmp(d, "par") || !strcmp(d, "waitpid") ||
			   !strcmp(d, "countexe")) {
			if (!in_block || ncases == 0)
				bad_plan("step outside a case");
			struct kase *c = &cases[ncases - 1];
			if (c->nsteps == MAXSTEPS)
				bad_plan("too many steps");
			struct step *st = &c->steps[c->nsteps++];
			memset(st, 0, sizeof *st);
			st->p = st->m = 1;
			int first = 1;
			if (!strcmp(d, "run")) {
				st->kind = K_RUN;
			} else if (!strcmp(d, "par")) {
				st->kind = K_PAR;
				if (n < 4)
					bad_plan("par P M ARGV...");
				st->p = atoi(w[1]);
				st->m = atoi(w[2]);
				first = 3;
			} else if (!strcmp(d, "waitpid")) {
				st->kind = K_WAITPID;
			} else {
				st->kind = K_COUNTEXE;
			}
			if (n <= first || st->p < 1 || st->m < 1)
				bad_plan("missing arguments");
			st->argc = n - first;
			for (int k = 0; k < st->argc; k++)
				st->argv[k] = strdup(w[first + k]);
		} else if (!strcmp(d, "end")) {
			if (!in_block)
				bad_plan("end without block");
			in_block = 0;
			for (int r = 0; r < warmup; r++)
				for (int c = 0; c < ncases; c++)
					run_case(block, &cases[c], -r - 1);
			for (int r = 0; r < reps; r++)
				for (int c = 0; c < ncases; c++)
					run_case(block, &cases[c], r);
			for (int c = 0; c < ncases; c++) {
				close(cases[c].logfd);
				for (int s = 0; s < cases[c].nsteps; s++)
					for (int k = 0; k < cases[c].steps[s].argc; k++)
						free(cases[c].steps[s].argv[k]);
			}
			ncases = 0;
		} else if (!strcmp(d, "once") || !strcmp(d, "try")) {
			if (n < 2)
				bad_plan("missing command");
			char **v = dupv(n - 1, w + 1);
			untimed(1, 1, n - 1, v, d[0] == 'o');
		} else if (!strcmp(d, "oncepar") || !strcmp(d, "trypar")) {
			if (n < 4)
				bad_plan("oncepar P M ARGV...");
			char **v = dupv(n - 3, w + 3);
			untimed(atoi(w[1]), atoi(w[2]), n - 3, v, d[0] == 'o');
		} else if (!strcmp(d, "reap") && n == 2) {
			reap_all(atoi(w[1]));
		} else {
			bad_plan("unknown directive");
		}
	}
	if (in_block)
		bad_plan("block without end");
	fclose(out);
	return 0;
}
