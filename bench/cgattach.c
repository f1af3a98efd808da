/* cgattach — what it costs to put a new process into a cgroup, by method.
 *
 *   cgattach [-n N] [V1_HIERARCHY [V2_ROOT]]   (defaults: /sys/fs/cgroup/cpu, a cgroup2 mount)
 *
 * For each method, N times: make an empty cgroup, let the system go idle for
 * 200 ms (so no earlier cgroup write is still "warm"), fork a child and move it
 * into the cgroup, timing the move; then kill, reap and rmdir. Prints the mean,
 * median and max per method.
 *
 * Methods
 *   v1 procs      the parent writes the child's pid to cgroup.procs (what runc,
 *                 crun and berth-runtime do)
 *   v1 tasks pid  the parent writes the child's pid to tasks
 *   v1 tasks 0    the child writes "0" to tasks: moves only itself (a single
 *                 thread), which the kernel does without the global
 *                 cgroup_threadgroup_rwsem write lock (cgroup_procs_write_start)
 *   v2 procs      the parent writes the child's pid to cgroup.procs (cgroup2)
 *   v2 clone3     clone3(CLONE_INTO_CGROUP): the child is born in the cgroup
 *
 * The write lock of cgroup_threadgroup_rwsem (a percpu rwsem) waits for an RCU
 * grace period when it is taken after a quiet spell: that is the cost the
 * first two methods and "v2 procs" show.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = write(fd, val, strlen(val));
	int e = n < 0 ? -errno : 0;
	close(fd);
	return e;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

enum method { V1_PROCS, V1_TASKS_PID, V1_TASKS_SELF, V2_PROCS, V2_CLONE3 };
static const char *names[] = {"v1 procs (parent writes pid to cgroup.procs)",
			      "v1 tasks pid (parent writes pid to tasks)",
			      "v1 tasks 0 (child writes 0 to its own tasks)",
			      "v2 procs (parent writes pid to cgroup.procs)", "v2 clone3(CLONE_INTO_CGROUP)"};

/* One measurement; returns milliseconds, or a negative errno. */
static double once(enum method m, const char *dir)
{
	char f[640];
	int go[2], res[2];
	if (pipe2(go, O_CLOEXEC) || pipe2(res, O_CLOEXEC))
		return -errno;
	double dt = 0;
	pid_t c;
	if (m == V2_CLONE3) {
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0)
			return -errno;
		struct clone_args ca;
		memset(&ca, 0, sizeof ca);
		ca.flags = CLONE_INTO_CGROUP;
		ca.exit_signal = SIGCHLD;
		ca.cgroup = (uint64_t)dfd;
		double t0 = now_ms();
		c = (pid_t)syscall(SYS_clone3, &ca, sizeof ca);
		if (c == 0) {
			char b;
			(void)!read(go[0], &b, 1);
			_exit(0);
		}
		dt = now_ms() - t0;
		close(dfd);
		if (c < 0)
			return -errno;
	} else {
		c = fork();
		if (c < 0)
			return -errno;
		if (c == 0) {
			char b;
			double r = 0;
			(void)!read(go[0], &b, 1);
			if (m == V1_TASKS_SELF) {
				snprintf(f, sizeof f, "%s/tasks", dir);
				double t0 = now_ms();
				int e = write_file(f, "0");
				r = e ? e : now_ms() - t0;
			}
			(void)!write(res[1], &r, sizeof r);
			_exit(0);
		}
		if (m != V1_TASKS_SELF) {
			char pid[32];
			snprintf(pid, sizeof pid, "%d", c);
			snprintf(f, sizeof f, "%s/%s", dir, m == V1_TASKS_PID ? "tasks" : "cgroup.procs");
			double t0 = now_ms();
			int e = write_file(f, pid);
			dt = e ? e : now_ms() - t0;
		}
	}
	(void)!write(go[1], "x", 1);
	if (m != V2_CLONE3) {
		double r;
		close(res[1]);
		if (read(res[0], &r, sizeof r) == sizeof r && m == V1_TASKS_SELF)
			dt = r;
	}
	waitpid(c, NULL, 0);
	close(go[0]);
	close(go[1]);
	close(res[0]);
	if (m == V2_CLONE3)
		close(res[1]);
	return dt;
}

static void method(enum method m, const char *root, int n)
{
	double *v = calloc((size_t)n, sizeof *v), sum = 0;
	for (int i = 0; i < n; i++) {
		char dir[512];
		snprintf(dir, sizeof dir, "%s/cgattach-%d-%d-%d", root, (int)getpid(), (int)m, i);
		if (mkdir(dir, 0755) && errno != EEXIST) {
			printf("%-48s %s: mkdir %s: %s\n", names[m], root, dir, strerror(errno));
			free(v);
			return;
		}
		usleep(200000);
		double dt = once(m, dir);
		rmdir(dir);
		if (dt < 0) {
			printf("%-48s %s: %s\n", names[m], root, strerror((int)-dt));
			free(v);
			return;
		}
		v[i] = dt;
		sum += dt;
	}
	qsort(v, (size_t)n, sizeof *v, cmp);
	printf("%-48s median %7.3f ms  mean %7.3f  min %7.3f  max %7.3f  (%s, n=%d)\n", names[m], v[n / 2],
	       sum / n, v[0], v[n - 1], root, n);
	free(v);
}

int main(int argc, char **argv)
{
	int n = 8, a = 1;
	if (argc > 2 && !strcmp(argv[1], "-n")) {
		n = atoi(argv[2]);
		a = 3;
	}
	const char *v1 = argc > a ? argv[a] : "/sys/fs/cgroup/cpu";
	const char *v2 = argc > a + 1 ? argv[a + 1] : NULL;
	struct statfs s;
	if (!v2) {
		if (statfs("/sys/fs/cgroup/unified", &s) == 0 && s.f_type == CGROUP2_SUPER_MAGIC)
			v2 = "/sys/fs/cgroup/unified";
		else if (statfs("/sys/fs/cgroup", &s) == 0 && s.f_type == CGROUP2_SUPER_MAGIC)
			v2 = "/sys/fs/cgroup";
	}
	if (n < 1)
		n = 1;
	if (access(v1, W_OK) == 0 && !(statfs(v1, &s) == 0 && s.f_type == CGROUP2_SUPER_MAGIC)) {
		method(V1_PROCS, v1, n);
		method(V1_TASKS_PID, v1, n);
		method(V1_TASKS_SELF, v1, n);
	} else {
		printf("no cgroup v1 hierarchy at %s\n", v1);
	}
	if (v2) {
		method(V2_PROCS, v2, n);
		method(V2_CLONE3, v2, n);
	} else {
		printf("no cgroup2 mount\n");
	}
	return 0;
}
