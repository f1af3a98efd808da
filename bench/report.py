#!/usr/bin/env python3
"""Markdown tables from bench/run.sh's raw samples.

    report.py RESULTS.csv META.tsv

RESULTS.csv is what bench/bx writes (see bx.c); META.tsv holds KEY<TAB>VALUE
notes from run.sh (machine line, versions, n/a reasons). Standard library only.
"""
import csv
import os
import statistics
import sys

RUNTIMES = ["berth", "crun", "runc", "floor"]
ROWS = ["host", "v1only"]


def load(path):
    samples, procs = [], []
    with open(path, newline="") as f:
        for r in csv.reader(f):
            if not r or r[0] == "kind":
                continue
            if r[0] == "sample":
                samples.append(
                    dict(
                        row=r[1], block=r[2], case=r[3], rep=int(r[4]),
                        wall=float(r[5]) / 1000.0,  # ms
                        cpu=(int(r[6]) + int(r[7])) / 1000.0,  # ms
                        user=int(r[6]) / 1000.0, sys=int(r[7]) / 1000.0,
                        rss=int(r[8]) / 1024.0,  # MiB
                        minflt=int(r[9]), status=int(r[12]),
                        steps=[float(x) / 1000.0 for x in r[13].split(";") if x],
                        msg=r[14] if len(r) > 14 else "",
                    )
                )
            elif r[0] == "procs":
                procs.append(dict(row=r[1], block=r[2], case=r[3], rep=int(r[4]), count=int(r[5]), pids=r[6]))
    return samples, procs


def load_meta(path):
    meta = {}
    with open(path) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("\t")
            meta[k] = v
    return meta


def sel(samples, row, block, case, ok=True):
    return [s for s in samples if s["row"] == row and s["block"] == block and s["case"] == case
            and (not ok or s["status"] == 0)]


def fmt(v, unit=""):
    if v >= 100:
        return f"{v:.0f}{unit}"
    if v >= 10:
        return f"{v:.1f}{unit}"
    return f"{v:.2f}{unit}"


def mmm(vals, unit=""):
    if not vals:
        return "n/a"
    return f"{fmt(statistics.median(vals), unit)} ({fmt(min(vals))}–{fmt(max(vals))})"


def med(samples, key):
    vals = [s[key] for s in samples]
    return statistics.median(vals) if vals else None


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "n/a"
    return f"{a / b:.2f}x"


def cases_in(samples, row, block):
    seen = {s["case"] for s in samples if s["row"] == row and s["block"] == block}
    return [c for c in RUNTIMES if c in seen]


def rows_with(samples, block):
    return [r for r in ROWS if any(s["row"] == r and s["block"] == block for s in samples)]


def n_of(samples, block):
    reps = {s["rep"] for s in samples if s["block"] == block}
    return len(reps)


def basic_table(out, samples, block, title, extra_cols=(), floor=False, na=None):
    rows = rows_with(samples, block)
    if not rows:
        return
    out.append(f"### {title}")
    out.append(f"{n_of(samples, block)} samples per runtime, interleaved; median (min–max)")
    out.append("")
    head = ["layout", "runtime", "wall ms", "CPU ms (user+sys)", "peak RSS MiB"] + [c[0] for c in extra_cols]
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "---|" * len(head))
    for row in rows:
        for case in cases_in(samples, row, block):
            ss = sel(samples, row, block, case)
            bad = [s for s in samples if s["row"] == row and s["block"] == block and s["case"] == case and s["status"]]
            cells = [row, case, mmm([s["wall"] for s in ss]), mmm([s["cpu"] for s in ss]), mmm([s["rss"] for s in ss])]
            for _, fn in extra_cols:
                cells.append(fn(ss))
            if bad:
                cells[1] += f" ({len(bad)} failed: exit {bad[0]['status']}: {clean_msg(bad[0]['msg'])[:120]})"
            out.append("| " + " | ".join(cells) + " |")
        if na:
            for case, why in na.items():
                out.append(f"| {row} | {case} | {why} | | |" + " |" * len(extra_cols))
    out.append("")
    # ratios
    if not any(sel(samples, row, block, "berth") for row in rows):
        return
    head = ["layout", "metric", "berth/crun", "berth/runc"] + (["berth/floor"] if floor else [])
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "---|" * len(head))
    for row in rows:
        b = sel(samples, row, block, "berth")
        if not b:
            continue
        for key, label in (("wall", "wall"), ("cpu", "CPU"), ("rss", "peak RSS")):
            cells = [row, label]
            for other in ["crun", "runc"] + (["floor"] if floor else []):
                o = sel(samples, row, block, other)
                cells.append(ratio(med(b, key), med(o, key)) if o else "n/a")
            out.append("| " + " | ".join(cells) + " |")
    out.append("")


def step_cols(names):
    cols = []
    for k, n in enumerate(names):
        if n is None:
            continue
        cols.append((f"{n} ms", lambda ss, k=k: mmm([s["steps"][k] for s in ss if len(s["steps"]) > k])))
    return cols


def par_table(out, samples, procs, block, title):
    rows = rows_with(samples, block)
    if not rows:
        return
    out.append(f"### {title}")
    out.append(f"{n_of(samples, block)} sample(s) per runtime; seconds, median (min–max)")
    out.append("")
    out.append("| layout | runtime | total s | run -d phase s | delete --force phase s | CPU s | runtime processes left after run -d |")
    out.append("|---|---|---|---|---|---|---|")
    for row in rows:
        for case in cases_in(samples, row, block):
            ss = sel(samples, row, block, case)
            pc = [p for p in procs if p["row"] == row and p["block"] == block and p["case"] == case]
            left = max((p["count"] for p in pc), default=None)
            left_s = "n/a" if left is None else (str(left) if left == 0 else f"**{left}** (pids {pc[0]['pids']})")
            cells = [row, case, mmm([s["wall"] / 1000 for s in ss]),
                     mmm([s["steps"][0] / 1000 for s in ss if s["steps"]]),
                     mmm([s["steps"][1] / 1000 for s in ss if len(s["steps"]) > 1]),
                     mmm([s["cpu"] / 1000 for s in ss]), left_s]
            bad = [s for s in samples if s["row"] == row and s["block"] == block and s["case"] == case and s["status"]]
            if bad:
                cells[1] += f" ({len(bad)} failed)"
            out.append("| " + " | ".join(cells) + " |")
    out.append("")
    out.append("| layout | berth/crun total | berth/runc total |")
    out.append("|---|---|---|")
    for row in rows:
        b = sel(samples, row, block, "berth")
        cells = [row]
        for other in ("crun", "runc"):
            o = sel(samples, row, block, other)
            cells.append(ratio(med(b, "wall"), med(o, "wall")) if b and o else "n/a")
        out.append("| " + " | ".join(cells) + " |")
    out.append("")


def load_table(out, samples):
    loads = sorted({int(s["block"][4:]) for s in samples if s["block"].startswith("load")})
    if not loads:
        return
    out.append("### 6. `run` of /bin/true while N containers of the same runtime are alive")
    out.append(f"{n_of(samples, 'load' + str(loads[0]))} samples per point; wall ms, median (min–max); "
               "'0' is the `run` test above; each runtime's load is started, measured and removed in turn")
    out.append("")
    head = ["layout", "runtime", "0"] + [str(l) for l in loads] + [f"CPU ms at {loads[-1]}"]
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "---|" * len(head))
    for row in ROWS:
        for case in ["berth", "crun", "runc"]:
            if not any(s["row"] == row and s["case"] == case and s["block"].startswith("load") for s in samples):
                continue
            cells = [row, case, mmm([s["wall"] for s in sel(samples, row, "run", case)])]
            for l in loads:
                cells.append(mmm([s["wall"] for s in sel(samples, row, f"load{l}", case)]))
            cells.append(mmm([s["cpu"] for s in sel(samples, row, f"load{loads[-1]}", case)]))
            out.append("| " + " | ".join(cells) + " |")
    out.append("")


def clean_msg(m):
    """The useful part of an error line: runc's logrus prefix dropped."""
    if "msg=" in m:
        m = m.split("msg=", 1)[1]
    m = m.strip()
    return m if len(m) <= 200 else "…" + m[-200:]


def mem_table(out, samples, meta):
    rows = rows_with(samples, "mem512k")
    if not rows:
        return
    out.append("### 7. /bin/true under a 512 KiB memory limit (linux.resources.memory.limit = 524288)")
    out.append("")
    out.append("| layout | runtime | `run` of /bin/true | memory limit the kernel has for a `run -d` of sleep |")
    out.append("|---|---|---|---|")
    for row in rows:
        for case in cases_in(samples, row, "mem512k"):
            ss = [s for s in samples if s["row"] == row and s["block"] == "mem512k" and s["case"] == case]
            ok = sum(1 for s in ss if s["status"] == 0)
            if ok == len(ss):
                res = f"ok ({ok}/{len(ss)}), {mmm([s['wall'] for s in ss])} ms"
            else:
                f = next(s for s in ss if s["status"])
                res = f"**fails** ({len(ss) - ok}/{len(ss)}): exit {f['status']}: {clean_msg(f['msg']) or '(no message)'}"
            lim = meta.get(f"memlimit.{row}.{case}", "n/a")
            if lim.split(" ")[0] not in ("524288", "n/a"):
                lim = f"**{lim}** (not 524288: limit not applied)"
            out.append(f"| {row} | {case} | {res} | {lim} |")
    out.append("")


def main():
    samples, procs = load(sys.argv[1])
    meta = load_meta(sys.argv[2])
    out = []
    out.append("## berth-runtime vs crun vs runc")
    out.append("")
    for k in ("machine", "versions", "mode", "load.start", "load.end", "bundle", "rows", "crun.host", "leftovers"):
        if k in meta:
            out.append(f"- {k}: {meta[k]}")
    out.append("")
    exec_na = {"berth": meta["berth.exec"]} if "berth.exec" in meta else None
    basic_table(out, samples, "run", "1–2. `run` of /bin/true (create, start, wait, delete), and the floor "
                "(`unshare --fork --pid --mount --uts --ipc --net /bin/true`)", floor=True)
    basic_table(out, samples, "csd", "3. `create` + `start` + wait for exit + `delete`, separate commands",
                extra_cols=step_cols(["create", "start", "wait", "delete"]))
    if rows_with(samples, "exec"):
        basic_table(out, samples, "exec", "4. `exec` of /bin/true into a running container", na=exec_na)
    else:
        out.append(f"### 4. `exec`: no runtime measured ({meta.get('berth.exec', '')})")
        out.append("")
    for p in (2, 16):
        par_table(out, samples, procs, f"par{p}",
                  f"5. containers `run -d` (sleep), {p} at a time, then `delete --force` of all")
    load_table(out, samples)
    basic_table(out, samples, "mounts50", "6. `run` of /bin/true with 50 read-only bind mounts")
    if rows_with(samples, "seccomp"):
        basic_table(out, samples, "seccomp", "6. `run` of /bin/true with a seccomp profile: "
                    + meta.get("seccomp.profile", "docker-default"))
    else:
        out.append(f"### 6. seccomp: {meta.get('seccomp', 'n/a')}")
        out.append("")
    mem_table(out, samples, meta)
    ca = meta.get("cgattach")
    if ca and os.path.exists(ca):
        with open(ca) as f:
            out.append(f.read().rstrip())
        out.append("")
    xc = meta.get("xcheck")
    if xc and os.path.exists(xc):
        out.append("### Cross-checks with public tools")
        out.append("")
        out.append("```")
        with open(xc) as f:
            out.append(f.read().rstrip())
        out.append("```")
        out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
