#!/usr/bin/python3
"""driver.py: the long-lived caller of berth-runtime for the leak and concurrency checks.

    driver.py --runtime R --work DIR --prefix P --figures FILE leaks --cycles N --rich M
    driver.py --runtime R --work DIR --prefix P --figures FILE concurrency \\
              --containers N --clients C --race-clients K --race-ops OPS

One process runs every cycle, so its own descriptors, children and zombies are measured too.
It expects two bundles made by run.sh in DIR: `plain` (busybox `sleep`) and `rich` (a
terminal, a user namespace, a memory limit). Every runtime call gets a deadline (a hang is a
failure), and its outcome is checked: exit 0, or a clean failure (exit 1..125 with a message on
stderr, never a signal, never a crash report). Figures go to FILE, one line each; the first
problem found is printed and the exit status is 1.

Leftovers looked for after the cycles (and every --check-every cycles): entries in the state
root, cgroup directories named with the prefix in every hierarchy under /sys/fs/cgroup (v1
controllers and the unified one), mounts (an exact diff of /proc/self/mountinfo when the driver
runs in a private mount namespace, as run.sh starts it; otherwise the mounts naming DIR), net
namespaces held by our processes or by nsfs mounts, processes (in our cgroups, running from our
root filesystems, or children of the driver), zombies, and growth of the driver's descriptors.
"""
import argparse
import collections
import json
import os
import random
import re
import select
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

STATUSES = {"creating", "created", "running", "stopped", "paused"}
STATE_KEYS = {"ociVersion", "id", "pid", "status", "bundle", "created", "owner"}
CRASH_MARKERS = ("terminate called", "Assertion", "AddressSanitizer", "runtime error:",
                 "Segmentation fault", "core dumped", "stack smashing")
COMMAND_TIMEOUT = float(os.environ.get("STRESS_COMMAND_TIMEOUT", "120"))


class Failure(Exception):
    pass


class Result:
    def __init__(self, args, rc, out, err, seconds):
        self.args, self.rc, self.out, self.err, self.seconds = args, rc, out, err, seconds

    def describe(self):
        return "%s -> exit %s\nstdout: %s\nstderr: %s" % (
            " ".join(self.args), self.rc, self.out.strip()[:2000], self.err.strip()[:2000])


class Runtime:
    """berth-runtime with one --root; counts and times every call."""

    def __init__(self, path, root):
        self.path, self.root = path, root
        self.lock = threading.Lock()
        self.counts = collections.Counter()      # command -> calls
        self.clean_failures = collections.Counter()
        self.times = collections.defaultdict(list)

    def call(self, *args, may_fail=False, process_rc=None, process_killed_ok=False):
        """Runs the runtime. Output goes to unlinked files, not pipes: a container started by
        create or run --detach inherits them and would keep a pipe open. `process_rc`: the exit
        code of the container's process that an exec is expected to pass on;
        `process_killed_ok`: an exec whose process a concurrent kill ended (137) is fine."""
        argv = [self.path, "--root", self.root] + list(args)
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            start = time.monotonic()
            try:
                proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                      timeout=COMMAND_TIMEOUT)
                rc = proc.returncode
            except subprocess.TimeoutExpired:
                raise Failure("hang: %s did not finish in %ss" % (" ".join(argv), COMMAND_TIMEOUT))
            seconds = time.monotonic() - start
            out.seek(0)
            err.seek(0)
            result = Result(argv[3:], rc, out.read().decode(errors="replace"),
                            err.read().decode(errors="replace"), seconds)
        with self.lock:
            self.counts[args[0]] += 1
            self.times[args[0]].append(seconds)
            if rc > 0:
                self.clean_failures[args[0]] += 1
        if process_killed_ok and rc == 128 + 9 and not result.err.strip():
            return result
        if process_rc is not None:
            if rc != process_rc:
                raise Failure("expected the process's exit code %d: %s" % (process_rc, result.describe()))
            return result
        check_clean(result)
        if rc != 0 and not may_fail:
            raise Failure("unexpected failure: " + result.describe())
        return result


def check_clean(result):
    """A command succeeds, or fails with an exit code and a message; nothing else."""
    if result.rc < 0:
        raise Failure("killed by signal %d: %s" % (-result.rc, result.describe()))
    if result.rc > 125:
        raise Failure("exit code %d (a crash or a signal): %s" % (result.rc, result.describe()))
    for marker in CRASH_MARKERS:
        if marker in result.err:
            raise Failure("crash report on stderr: " + result.describe())
    if result.rc != 0:
        message = result.err.strip()
        if not message:
            raise Failure("failure without a message: " + result.describe())
        if not message.startswith("berth-runtime"):
            raise Failure("failure message without the program's name: " + result.describe())


def check_state_entry(entry, prefix, bundles, want_id=None):
    """One object of `state` or `list --format json`: complete and consistent."""
    missing = STATE_KEYS - set(entry)
    if missing:
        raise Failure("half-written state (missing %s): %s" % (sorted(missing), entry))
    if entry["status"] not in STATUSES:
        raise Failure("unknown status %r: %s" % (entry["status"], entry))
    if not isinstance(entry["pid"], int) or entry["pid"] < 0:
        raise Failure("bad pid: %s" % entry)
    if entry["status"] in ("created", "running", "paused") and entry["pid"] <= 0:
        raise Failure("a %s container without a pid: %s" % (entry["status"], entry))
    if want_id is not None and entry["id"] != want_id:
        raise Failure("state of %s shows id %r" % (want_id, entry["id"]))
    if not entry["id"].startswith(prefix):
        raise Failure("a container that is not ours in our --root: %s" % entry)
    if entry["bundle"] not in bundles:
        raise Failure("bundle %r is none of ours: %s" % (entry["bundle"], entry))
    if not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", entry["created"]):
        raise Failure("bad created time: %s" % entry)


def parse_json(result, what):
    try:
        return json.loads(result.out)
    except ValueError as e:
        raise Failure("%s output is not JSON (%s): %r" % (what, e, result.out[:2000]))


# --- the host: what exists now ----------------------------------------------------------------

def proc_pids():
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def read(path, default=""):
    try:
        with open(path, "rb") as f:
            return f.read().decode(errors="replace")
    except OSError:
        return default


def stat_fields(pid):
    """(state, ppid) of a process, or None when it is gone."""
    line = read("/proc/%d/stat" % pid)
    if not line:
        return None
    rest = line[line.rfind(")") + 2:].split()
    return rest[0], int(rest[1])


def mount_lines():
    """The mount table as a multiset of (mount point, root, fs type, source, options)."""
    table = collections.Counter()
    for line in read("/proc/self/mountinfo").splitlines():
        fields = line.split()
        sep = fields.index("-")
        table[(fields[4], fields[3], fields[sep + 1], fields[sep + 2], fields[5])] += 1
    return table


def netns_of(pid):
    try:
        return os.readlink("/proc/%d/ns/net" % pid)
    except OSError:
        return None


def ip_netns():
    try:
        return sorted(os.listdir("/run/netns"))
    except OSError:
        return []


def self_fds():
    return len(os.listdir("/proc/self/fd"))


class Host:
    """A baseline of the host, and what differs from it later."""

    def __init__(self, prefix, work, runtime_root):
        self.prefix, self.work, self.runtime_root = prefix, work, runtime_root
        # run.sh starts the driver with unshare --mount: its parent is in the namespace it left
        self.private_mounts = os.readlink("/proc/self/ns/mnt") != os.readlink("/proc/%d/ns/mnt" % os.getppid())
        self.rootfs_ids = set()
        self.mounts = mount_lines()
        self.netns = {netns_of(p) for p in proc_pids()} - {None}
        self.ip_netns = ip_netns()
        self.fds = self_fds()

    def add_rootfs(self, path):
        st = os.stat(path)
        self.rootfs_ids.add((st.st_dev, st.st_ino))

    def cgroups(self):
        found = []
        for hierarchy in sorted(os.listdir("/sys/fs/cgroup")):
            top = os.path.join("/sys/fs/cgroup", hierarchy)
            if not os.path.isdir(top) or os.path.islink(top):
                continue
            for dirpath, dirnames, _ in os.walk(top):
                for name in dirnames:
                    if name.startswith(self.prefix):
                        found.append(os.path.join(dirpath, name))
                # the walk does not descend below what it reports
                dirnames[:] = [d for d in dirnames if not d.startswith(self.prefix)]
                if dirpath.count("/") > 12:
                    dirnames[:] = []
        return found

    def our_processes(self):
        """{pid: why} for the processes that are ours (the driver's children included)."""
        ours = {}
        me = os.getpid()
        for pid in proc_pids():
            if pid == me:
                continue
            fields = stat_fields(pid)
            if fields is None:
                continue
            state, ppid = fields
            if ("/" + self.prefix) in read("/proc/%d/cgroup" % pid):
                ours[pid] = "in one of our cgroups"
            elif ppid == me:
                ours[pid] = "a child of the driver" + (" (zombie)" if state == "Z" else "")
            else:
                try:
                    st = os.stat("/proc/%d/root" % pid)
                    if (st.st_dev, st.st_ino) in self.rootfs_ids:
                        ours[pid] = "running from one of our root filesystems"
                except OSError:
                    pass
            if pid in ours and state == "Z":
                ours[pid] += " [zombie]"
        return ours

    def leftovers(self):
        """Everything of ours still there: a list of problem lines (empty: none)."""
        problems = []
        try:
            entries = sorted(os.listdir(self.runtime_root))
        except FileNotFoundError:
            entries = []
        if entries:
            problems.append("state entries in %s: %s" % (self.runtime_root, " ".join(entries[:20])))
        cgroups = self.cgroups()
        if cgroups:
            problems.append("cgroups: %s" % " ".join(cgroups[:20]))
        procs = self.our_processes()
        for pid, why in sorted(procs.items())[:20]:
            problems.append("process %d (%s): %s" % (pid, why, read("/proc/%d/cmdline" % pid).replace("\0", " ")))
        now = mount_lines()
        added = now - self.mounts
        removed = self.mounts - now
        if not self.private_mounts:
            added = collections.Counter({k: v for k, v in added.items() if self.work in " ".join(k)})
            removed = collections.Counter({k: v for k, v in removed.items() if self.work in " ".join(k)})
        for entry in list(added)[:20]:
            problems.append("new mount: %s" % (entry,))
        for entry in list(removed)[:20]:
            problems.append("mount gone: %s" % (entry,))
        new_netns = set()
        for pid in procs:
            ns = netns_of(pid)
            if ns and ns not in self.netns:
                new_netns.add(ns)
        nsfs = [k for k in added if k[2] == "nsfs"]
        if new_netns or nsfs:
            problems.append("network namespaces left: %s %s" % (sorted(new_netns), nsfs))
        if ip_netns() != self.ip_netns:
            problems.append("ip netns changed: %s -> %s" % (self.ip_netns, ip_netns()))
        return problems

    def other_new_netns(self):
        """Net namespaces that appeared on the host and are not ours (other users' containers)."""
        return len({netns_of(p) for p in proc_pids()} - {None} - self.netns)


def become_subreaper():
    """As containerd's shim is: the containers' inits (whose parent, the runtime, exits) and
    anything else the runtime leaves behind are reparented to the driver."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_CHILD_SUBREAPER = 36
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


class Orphans:
    """The driver's children that are not its own runtime calls: the containers' processes,
    reparented to it. Every one must be a container process (in one of our cgroups, or a pid
    `state` reported); each is reaped (a shim's job) once it exits. Call reap() only while no
    runtime call is running: it waits for any zombie child."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.container_pids = set()
        self.reaped = 0

    def reap(self):
        strays = []
        me = os.getpid()
        for pid in proc_pids():
            fields = stat_fields(pid)
            if fields is None or fields[1] != me or fields[0] != "Z":
                continue
            ours = pid in self.container_pids or ("/" + self.prefix) in read("/proc/%d/cgroup" % pid)
            comm = read("/proc/%d/comm" % pid).strip()
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                continue
            self.reaped += 1
            self.container_pids.discard(pid)
            if not ours:
                strays.append("%d (%s)" % (pid, comm))
        if strays:
            raise Failure("processes that are no container's were left to the caller to reap: " + ", ".join(strays))


# --- helpers ----------------------------------------------------------------------------------

class Figures:
    def __init__(self, path):
        self.path = path

    def add(self, line):
        print("  " + line, flush=True)
        with open(self.path, "a") as f:
            f.write(line + "\n")


def ms(values):
    if not values:
        return "-"
    return "%.0f ms" % (statistics.median(values) * 1000)


def running_pid(rt, cid, prefix, bundles):
    state = parse_json(rt.call("state", cid), "state")
    check_state_entry(state, prefix, bundles, cid)
    if state["status"] != "running":
        raise Failure("%s is %s right after start" % (cid, state["status"]))
    return state["pid"]


def wait_stopped(rt, cid, prefix, bundles, seconds=20):
    deadline = time.monotonic() + seconds
    while True:
        r = rt.call("state", cid)
        state = parse_json(r, "state")
        check_state_entry(state, prefix, bundles, cid)
        if state["status"] == "stopped":
            return
        if time.monotonic() > deadline:
            raise Failure("%s still %s %ss after kill" % (cid, state["status"], seconds))
        time.sleep(0.01)


def read_until(fd, needle, seconds=20):
    """Reads a pty master until `needle` appears; returns what was read."""
    data = b""
    deadline = time.monotonic() + seconds
    while needle not in data:
        left = deadline - time.monotonic()
        if left <= 0:
            raise Failure("no %r on the terminal within %ss (got %r)" % (needle, seconds, data))
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            chunk = b""
        if not chunk:
            raise Failure("the terminal closed before %r (got %r)" % (needle, data))
        data += chunk
    return data


def receive_master(listener, seconds=20):
    listener.settimeout(seconds)
    try:
        conn, _ = listener.accept()
    except socket.timeout:
        raise Failure("nothing connected to the console socket")
    with conn:
        conn.settimeout(seconds)
        _, fds, _, _ = socket.recv_fds(conn, 4096, 4)
    if len(fds) != 1:
        for fd in fds:
            os.close(fd)
        raise Failure("expected one pty master on the console socket, got %d descriptors" % len(fds))
    if not os.isatty(fds[0]):
        os.close(fds[0])
        raise Failure("the descriptor from the console socket is not a terminal")
    return fds[0]


def cgroup_v1_path(controller, cgroups_path):
    return os.path.join("/sys/fs/cgroup", controller, cgroups_path.lstrip("/"))


def report_leftovers(host, figures, what):
    problems = host.leftovers()
    figures.add("%s: leftovers found: %d" % (what, len(problems)))
    if problems:
        raise Failure("leftovers after %s:\n  %s" % (what, "\n  ".join(problems)))


# --- leak cycles ------------------------------------------------------------------------------

def leaks(args, rt, host, figures):
    # the console socket's listener is the driver's own for the whole phase
    sock_path = os.path.join(args.work, "console.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(sock_path)
    listener.listen(4)
    host.fds = self_fds()
    try:
        leak_cycles(args, rt, host, figures, listener, sock_path)
    finally:
        listener.close()
        os.unlink(sock_path)


def leak_cycles(args, rt, host, figures, listener, sock_path):
    orphans = Orphans(args.prefix)
    plain = os.path.join(args.work, "plain")
    rich = os.path.join(args.work, "rich")
    bundles = {plain, rich}
    host.add_rootfs(os.path.join(plain, "rootfs"))
    host.add_rootfs(os.path.join(rich, "rootfs"))
    rich_config_path = os.path.join(rich, "config.json")
    with open(rich_config_path) as f:
        rich_config = json.load(f)
    limit = rich_config["linux"]["resources"]["memory"]["limit"]
    # each rich container gets an absolute cgroupsPath under a parent the runtime makes (and
    # must remove again with the last child)
    parent = "/" + args.prefix + "rich"
    fd_peak = host.fds
    # 1. create / start / kill / delete
    started = time.monotonic()
    cycle_times = []
    for i in range(args.cycles):
        cid = "%sp%d" % (args.prefix, i)
        t0 = time.monotonic()
        rt.call("create", "--bundle", plain, cid)
        rt.call("start", cid)
        orphans.container_pids.add(running_pid(rt, cid, args.prefix, bundles))
        rt.call("kill", cid, "KILL")
        wait_stopped(rt, cid, args.prefix, bundles)
        rt.call("delete", cid)
        cycle_times.append(time.monotonic() - t0)
        orphans.reap()
        if os.path.exists(os.path.join(rt.root, cid)):
            raise Failure("cycle %d: %s still in the state root after delete" % (i, cid))
        fd_peak = max(fd_peak, self_fds())
        if args.check_every and (i + 1) % args.check_every == 0:
            problems = host.leftovers()
            if problems:
                raise Failure("leftovers after %d plain cycles:\n  %s" % (i + 1, "\n  ".join(problems)))
    plain_seconds = time.monotonic() - started
    figures.add("leak cycles create/start/kill/delete: %d in %.1f s (median cycle %s; create %s, start %s, delete %s)"
                % (args.cycles, plain_seconds, ms(cycle_times), ms(rt.times["create"]), ms(rt.times["start"]),
                   ms(rt.times["delete"])))
    report_leftovers(host, figures, "%d plain cycles" % args.cycles)

    # 2. the same with a terminal (console socket), exec (plain and with a tty), a user namespace
    #    and a memory limit
    started = time.monotonic()
    cycle_times = []
    for i in range(args.rich):
        cid = "%sr%d" % (args.prefix, i)
        t0 = time.monotonic()
        rich_config["linux"]["cgroupsPath"] = parent + "/" + cid
        with open(rich_config_path, "w") as f:
            json.dump(rich_config, f)
        rt.call("create", "--console-socket", sock_path, "--bundle", rich, cid)
        master = receive_master(listener)
        try:
            rt.call("start", cid)
            orphans.container_pids.add(running_pid(rt, cid, args.prefix, bundles))
            read_until(master, b"container-ready")
            r = rt.call("exec", cid, "sh", "-c", "cat /proc/self/uid_map; id -u")
            fields = r.out.split()
            if fields[:3] != ["0", "100000", "65536"] or fields[-1] != "0":
                raise Failure("exec in %s: uid_map/id not as configured: %r" % (cid, r.out))
            r = rt.call("exec", "--tty", "--console-socket", sock_path, cid,
                        "sh", "-c", "echo exec-tty-$(id -u); exit 3", process_rc=3)
            exec_master = receive_master(listener)
            try:
                read_until(exec_master, b"exec-tty-0")
            finally:
                os.close(exec_master)
            got = read(os.path.join(cgroup_v1_path("memory", parent + "/" + cid), "memory.limit_in_bytes")).strip()
            if got != str(limit):
                raise Failure("%s: memory.limit_in_bytes is %r, configured %d" % (cid, got, limit))
            rt.call("kill", cid, "KILL")
            wait_stopped(rt, cid, args.prefix, bundles)
            rt.call("delete", cid)
        finally:
            os.close(master)
        cycle_times.append(time.monotonic() - t0)
        orphans.reap()
        fd_peak = max(fd_peak, self_fds())
        if os.path.isdir(cgroup_v1_path("memory", parent)):
            raise Failure("cycle %d: the cgroup parent %s the runtime made is still there" % (i, parent))
        if args.check_every and (i + 1) % max(1, args.check_every // 5) == 0:
            problems = host.leftovers()
            if problems:
                raise Failure("leftovers after %d rich cycles:\n  %s" % (i + 1, "\n  ".join(problems)))
    rich_seconds = time.monotonic() - started
    figures.add("leak cycles with tty + exec + exec --tty + user namespace + memory limit: %d in %.1f s (median cycle %s)"
                % (args.rich, rich_seconds, ms(cycle_times)))
    report_leftovers(host, figures, "%d rich cycles" % args.rich)
    fds_now = self_fds()
    figures.add("driver descriptors: %d before, %d after, %d at most during the cycles" % (host.fds, fds_now, fd_peak))
    if fds_now > host.fds:
        raise Failure("the driver's descriptors grew from %d to %d: %s" % (
            host.fds, fds_now, sorted(os.readlink("/proc/self/fd/" + f) for f in os.listdir("/proc/self/fd")
                                      if os.path.exists("/proc/self/fd/" + f))))
    figures.add("container processes reparented to the driver (a subreaper, like a shim) and reaped: %d; "
                "other processes left to reap: 0" % orphans.reaped)
    figures.add("mount table compared: %s" % ("exactly (private mount namespace)" if host.private_mounts
                                              else "entries naming the work directory"))
    figures.add("new network namespaces on the host that are not ours (other users): %d" % host.other_new_netns())


# --- concurrency ------------------------------------------------------------------------------

class Clients:
    """Runs functions in threads; the first Failure stops everyone and is re-raised."""

    def __init__(self):
        self.error = None
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def run(self, targets):
        threads = []
        for target in targets:
            t = threading.Thread(target=self._wrap, args=(target,))
            t.start()
            threads.append(t)
        for t in threads:
            t.join()
        if self.error:
            raise self.error

    def _wrap(self, target):
        try:
            target()
        except Exception as e:  # noqa: BLE001 - any error of a client ends the test
            with self.lock:
                if self.error is None:
                    self.error = e if isinstance(e, Failure) else Failure("%s: %r" % (type(e).__name__, e))
            self.stop.set()


def concurrency(args, rt, host, figures):
    plain = os.path.join(args.work, "plain")
    bundles = {plain}
    host.add_rootfs(os.path.join(plain, "rootfs"))
    clients = Clients()
    orphans = Orphans(args.prefix)
    listed = collections.Counter()   # list calls, entries seen
    done = threading.Event()

    def check_list():
        r = rt.call("list", "--format", "json")
        entries = parse_json(r, "list --format json")
        if not isinstance(entries, list):
            raise Failure("list --format json is not an array: %r" % r.out[:500])
        for entry in entries:
            check_state_entry(entry, args.prefix, bundles)
        with clients.lock:
            listed["calls"] += 1
            listed["entries"] += len(entries)
            listed["max"] = max(listed["max"], len(entries))

    def client(number):
        def work():
            for i in range(number, args.containers, args.clients):
                if clients.stop.is_set():
                    return
                cid = "%sc%d" % (args.prefix, i)
                rt.call("create", "--bundle", plain, cid)
                rt.call("start", cid)
                check_list()
                pid = running_pid(rt, cid, args.prefix, bundles)
                with clients.lock:
                    orphans.container_pids.add(pid)
                if i % 4 == 0:
                    rt.call("kill", cid, "KILL")
                    wait_stopped(rt, cid, args.prefix, bundles)
                    rt.call("delete", cid)
                else:
                    rt.call("delete", "--force", cid)
        return work

    def lister():
        while not done.is_set() and not clients.stop.is_set():
            check_list()

    started = time.monotonic()
    lister_thread = threading.Thread(target=clients._wrap, args=(lister,))
    lister_thread.start()
    try:
        clients.run([client(n) for n in range(args.clients)])
    finally:
        done.set()
        lister_thread.join()
    if clients.error:
        raise clients.error
    seconds = time.monotonic() - started
    calls = sum(rt.counts.values())
    figures.add("concurrency: %d clients + 1 lister, %d containers (distinct ids) in %.1f s: %d commands, "
                "%d clean failures, %d lists (up to %d containers listed at once), no crash, hang or half-written state"
                % (args.clients, args.containers, seconds, calls, sum(rt.clean_failures.values()),
                   listed["calls"], listed["max"]))
    orphans.reap()
    report_leftovers(host, figures, "the distinct-id clients")

    # 8 clients on one id
    race_id = args.prefix + "race"
    outcomes = collections.Counter()
    messages = collections.Counter()
    ops = ["create", "start", "state", "kill", "delete", "delete-force", "list", "exec"]
    started = time.monotonic()

    def racer(seed):
        def work():
            rng = random.Random(seed)
            for _ in range(args.race_ops):
                if clients.stop.is_set():
                    return
                op = rng.choice(ops)
                if op == "create":
                    r = rt.call("create", "--bundle", plain, race_id, may_fail=True)
                elif op == "start":
                    r = rt.call("start", race_id, may_fail=True)
                elif op == "state":
                    r = rt.call("state", race_id, may_fail=True)
                    if r.rc == 0:
                        check_state_entry(parse_json(r, "state"), args.prefix, bundles, race_id)
                elif op == "kill":
                    r = rt.call("kill", race_id, "KILL", may_fail=True)
                elif op == "delete":
                    r = rt.call("delete", race_id, may_fail=True)
                elif op == "delete-force":
                    r = rt.call("delete", "--force", race_id, may_fail=True)
                elif op == "exec":
                    r = rt.call("exec", race_id, "true", may_fail=True, process_killed_ok=True)
                else:
                    r = rt.call("list", "--format", "json")
                    for entry in parse_json(r, "list --format json"):
                        check_state_entry(entry, args.prefix, bundles, race_id)
                if r.rc not in (0, 128 + 9) and '"%s"' % race_id not in r.err:
                    # a command that loses a race says what about the container ("does not exist",
                    # "already exists", "is running", "stopped"), not only which file it half-saw
                    raise Failure("a failure that does not say what became of the container: " + r.describe())
                with clients.lock:
                    outcomes[(op, r.rc == 0)] += 1
                    if r.rc != 0:
                        first = r.err.strip().splitlines()[0] if r.err.strip() else "exit %d" % r.rc
                        messages[(op, re.sub(r'"[^"]*"', "ID", first))] += 1
        return work

    clients.stop.clear()
    clients.run([racer(args.seed * 100 + n) for n in range(args.race_clients)])
    rt.call("delete", "--force", race_id)
    seconds = time.monotonic() - started
    summary = ", ".join("%s %d/%d" % (op, outcomes[(op, True)], outcomes[(op, True)] + outcomes[(op, False)])
                        for op in ops)
    figures.add("same-id race: %d clients x %d commands on one id in %.1f s; succeeded/ran: %s"
                % (args.race_clients, args.race_ops, seconds, summary))
    print("  same-id race: the failures' messages:")
    for (op, message), count in sorted(messages.items()):
        print("    %-12s %4d  %s" % (op, count, message))
    if outcomes[("create", True)] == 0 or outcomes[("start", True)] == 0:
        raise Failure("the race never created and started the container: it tested nothing (%s)" % summary)
    orphans.reap()
    figures.add("container processes reparented to the driver and reaped: %d; other processes left to reap: 0"
                % orphans.reaped)
    report_leftovers(host, figures, "the same-id race")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runtime", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--figures", required=True)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    sub = parser.add_subparsers(dest="phase", required=True)
    p = sub.add_parser("leaks")
    p.add_argument("--cycles", type=int, default=150)
    p.add_argument("--rich", type=int, default=30)
    p.add_argument("--check-every", type=int, default=50)
    p = sub.add_parser("concurrency")
    p.add_argument("--containers", type=int, default=100)
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--race-clients", type=int, default=8)
    p.add_argument("--race-ops", type=int, default=25)
    args = parser.parse_args()
    args.work = os.path.abspath(args.work)

    root = os.path.join(args.work, "root-" + args.phase)
    rt = Runtime(args.runtime, root)
    host = Host(args.prefix, args.work, root)
    figures = Figures(args.figures)
    become_subreaper()
    try:
        if args.phase == "leaks":
            leaks(args, rt, host, figures)
        else:
            figures.add("concurrency seed: %d" % args.seed)
            concurrency(args, rt, host, figures)
    except Failure as e:
        print("FAIL (%s): %s" % (args.phase, e), file=sys.stderr, flush=True)
        cleanup(rt, host)
        return 1
    return 0


def cleanup(rt, host):
    """After a failure: remove what is left, so the machine stays clean (run.sh checks again)."""
    try:
        ids = os.listdir(rt.root)
    except OSError:
        ids = []
    for cid in ids:
        try:
            subprocess.run([rt.path, "--root", rt.root, "delete", "--force", cid], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        except subprocess.TimeoutExpired:
            pass
    for pid in host.our_processes():
        try:
            os.kill(pid, 9)
        except OSError:
            pass
    for path in sorted(host.cgroups(), key=len, reverse=True):
        try:
            os.rmdir(path)
        except OSError:
            pass


if __name__ == "__main__":
    sys.exit(main())
