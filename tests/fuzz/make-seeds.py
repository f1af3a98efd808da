#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/<target>/ from the project's own test data.

    tests/fuzz/make-seeds.py [RUNTIME]

- every JSON raw string literal (R"(...)") of tests/unit/*_test.cc, sorted into the targets
  whose parser the test file exercises, and its `process` and `linux.resources` objects into the
  exec_process and update_resources corpora;
- `RUNTIME spec` and `RUNTIME spec --rootless` (RUNTIME defaults to build/berth-runtime; skipped
  when it does not exist);
- tests/fixtures/seccomp/docker-default.json, and its parts;
- a few state.json records, command-line values and host texts written out below.

Seeds are named by a hash of their content, so running this again adds nothing twice. Inputs the
fuzzers found on their own are not kept here (run.sh keeps them in the build directory);
tests/fuzz/regressions/ holds the ones that crashed.
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(os.path.dirname(here))
corpus = os.path.join(here, "corpus")


def add(target, text):
    data = text.encode() if isinstance(text, str) else text
    directory = os.path.join(corpus, target)
    os.makedirs(directory, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def add_json(target, value):
    add(target, json.dumps(value, indent=1))


def add_config_parts(config):
    """The parts of a config that other targets read on their own."""
    if not isinstance(config, dict):
        return
    if isinstance(config.get("process"), dict):
        add_json("exec_process", config["process"])
    linux = config.get("linux")
    if isinstance(linux, dict):
        if isinstance(linux.get("resources"), dict):
            add_json("update_resources", linux["resources"])
        if isinstance(linux.get("seccomp"), dict):
            add_json("seccomp", linux["seccomp"])


# Which corpora a unit test file's JSON literals go to.
TEST_TARGETS = {
    "parse_test.cc": ["config"],
    "validate_test.cc": ["config"],
    "state_test.cc": ["state"],
    "seccomp_process_state_test.cc": ["state"],
    "exec_process_test.cc": ["exec_process"],
    "resource_flags_test.cc": ["update_resources"],
}
RAW_STRING = re.compile(r'R"([^(\s]*)\((.*?)\)\1"', re.S)


def from_unit_tests():
    unit = os.path.join(repo, "tests", "unit")
    for name, targets in TEST_TARGETS.items():
        path = os.path.join(unit, name)
        if not os.path.exists(path):
            continue
        source = open(path, encoding="utf-8").read()
        for match in RAW_STRING.finditer(source):
            text = match.group(2)
            if not text.lstrip().startswith(("{", "[", '"')):
                continue
            for target in targets:
                add(target, text)  # also the invalid ones: error paths are code too
            try:
                value = json.loads(text)
            except ValueError:
                continue
            add_config_parts(value)
            if name == "parse_test.cc" and isinstance(value, dict):
                # parse_process and parse_resources snippets look like parts, not configs.
                if "args" in value or "cwd" in value:
                    add_json("exec_process", value)
                if {"memory", "cpu", "pids", "devices", "blockIO", "unified"} & value.keys():
                    add_json("update_resources", value)


def from_runtime_spec(runtime):
    if not os.access(runtime, os.X_OK):
        print(f"{runtime} not found: no `spec` seeds", file=sys.stderr)
        return
    for args in ([], ["--rootless"]):
        with tempfile.TemporaryDirectory() as bundle:
            subprocess.run([runtime, "spec", *args], cwd=bundle, check=True)
            text = open(os.path.join(bundle, "config.json")).read()
            add("config", text)
            config = json.loads(text)
            add_config_parts(config)
            # The spec with the Docker-like seccomp profile, as dockerd hands it over.
            if not args:
                config["linux"]["seccomp"] = docker_default()
                add("config", json.dumps(config))


def docker_default():
    with open(os.path.join(repo, "tests", "fixtures", "seccomp", "docker-default.json")) as f:
        return json.load(f)


def from_seccomp_fixture():
    profile = docker_default()
    add_json("seccomp", profile)
    # Small profiles run many times faster: one per rule of the big one.
    for rule in profile.get("syscalls", []):
        add_json("seccomp", {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [rule]})
    add_json("seccomp", {"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_LOG"],
                         "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}],
                         "listenerPath": "/run/agent.sock", "listenerMetadata": "m"})
    add_json("seccomp", {"defaultAction": "SCMP_ACT_KILL_PROCESS", "architectures": ["SCMP_ARCH_X86_64"],
                         "syscalls": [{"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW",
                                       "args": [{"index": 0, "value": 2, "valueTwo": 0, "op": "SCMP_CMP_LE"},
                                                {"index": 0, "value": 7, "op": "SCMP_CMP_EQ"}]}]})


def state_records():
    record = {"ociVersion": "1.2.0", "id": "web", "pid": 4242, "pidStartTime": 123456789,
              "bundle": "/var/lib/bundles/web", "rootfs": "/var/lib/bundles/web/rootfs",
              "created": "2024-05-01T10:00:00.123456789Z", "owner": "",
              "annotations": {"org.opencontainers.image.title": "web"},
              "cgroupPaths": {"/sys/fs/cgroup/memory": "/sys/fs/cgroup/memory/user.slice/web",
                              "/sys/fs/cgroup/unified": "/sys/fs/cgroup/unified/user.slice/web"},
              "createdCgroups": ["/sys/fs/cgroup/memory/user.slice/web"], "creating": False}
    add("state", json.dumps(record, separators=(",", ":")))
    add("state", json.dumps(dict(record, pid=0, creating=True, annotations={}), separators=(",", ":")))
    add("state", '{"id":"a\\u0000b","bundle":"\\ud83d\\ude00","annotations":{"":""}}')


def flag_values():
    # One value per line; see check_flags in harness.cc for which line feeds which flag.
    add("flags", "\n".join(["512m", "1g", "256m", "-1", "64k", "1024", "-1", "100000", "0", "950000",
                            "1000000", "0-3,5", "0", "100", "500",
                            "sh,-c,true", "/tmp", "A=1,B=2", "1000:1000", "10,20", "NET_ADMIN,CAP_SYS_TIME", "t"]))
    for value in ["KILL", "SIGTERM", "9", "RTMIN+3", "SIGRTMAX-2", "5s", "1.5m", "250ms", "2h",
                  "my-container_1.0", "1T", "10b"]:
        add("flags", value)


def host_texts():
    add("host_text",
        "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro\n"
        "25 22 0:21 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n"
        "26 25 0:22 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate\n"
        "28 25 0:24 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:13 - cgroup cgroup rw,memory\n"
        "29 25 0:25 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,cpu,cpuacct\n"
        "30 25 0:26 /user.slice /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd\n"
        "40 22 0:30 / /mnt/with\\040space\\011tab rw - tmpfs tmpfs rw\n")
    add("host_text", "30 1 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw\n")
    add("host_text", "12:memory:/user.slice/web\n4:cpu,cpuacct:/user.slice\n1:name=systemd:/user.slice\n0::/user.slice/web\n")
    add("host_text", "cache 4096\nrss 8192\nhierarchical_memory_limit 9223372036854771712\ntotal_rss 8192\n")
    add("host_text", "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n259:1 rbytes=1\n")
    add("host_text", "8:0 Read 4096\n8:0 Write 0\n8:0 Sync 4096\nTotal 4096\n")
    add("host_text", "max\n")
    add("host_text", "12345 678 9\n")
    add("host_text", "4242\n4250\n")
    add("host_text", "UID          PID    PPID  C STIME TTY          TIME CMD\n"
                     "root        4242    4200  0 10:00 ?        00:00:00 sh -c sleep 100\n"
                     "root        4250    4242  0 10:00 ?        00:00:00 sleep 100\n")
    add("host_text", "hugepages-2048kB")


def main():
    runtime = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "build", "berth-runtime")
    from_unit_tests()
    from_runtime_spec(os.path.abspath(runtime))
    from_seccomp_fixture()
    state_records()
    flag_values()
    host_texts()
    for target in sorted(os.listdir(corpus)):
        print(f"{target}: {len(os.listdir(os.path.join(corpus, target)))} seeds")


if __name__ == "__main__":
    main()
