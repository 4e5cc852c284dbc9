#!/usr/bin/env python3
"""Terminal-server benchmark for bench/run.sh --terminal-server (issue 16).

N instances of the app, each as a distinct user (own data, config and XDG folders through the
environment variables the app honours), on one Xvfb display, against N instances of the bare
`hello` window measured the same way in the same run. For each N (default 1, 10, 30):

  one after another  start instance k when k-1 has painted its first frame; record each first
                     frame (k-th start with k-1 open), and 1 s after it the new instance's USS:
                     what one more user costs (its private memory; everything shared is
                     already mapped by the others)
  together           total PSS of the N (sum; PSS splits shared pages fairly between them),
                     Xvfb's own growth, then frames painted and CPU (utime+stime of all N) during
                     --idle seconds (default 30) of nobody touching anything
  all at once        the N started in the same instant; first frames (median, last)
  walked             the N again, one after another, each walking the whole guide once
                     (PAALOGGING_BENCH_WALK=1); then total PSS and the median USS

Medians over the instances (the machine is shared, so single starts are noisy). Checks never
leave the machine: the app's check endpoints point at a closed loopback port (they fail at
once with "refused"), and where `unshare --net` works each instance has a network namespace of
its own with only loopback.
"""

import argparse
import json
import os
import signal
import sys
import tempfile
import time

import measure
from measure import (
    Failed,
    cpu_seconds,
    format_rows,
    log,
    med,
    memory_mb,
    read_report,
    tear_down,
)


def xvfb_memory(pid):
    try:
        return memory_mb(pid)
    except OSError:
        return None


class Fleet:
    """N instances of one program, each with its own folders."""

    def __init__(self, runner, program, renderer, tag):
        self.runner = runner
        self.program = program
        self.renderer = renderer
        self.tag = tag
        self.instances = []  # (proc, report, stderr, run_dir)

    def start(self, index, extra_env=None):
        run_dir = os.path.join(
            self.runner.work, f"{self.tag}-{self.program}-{index:02d}"
        )
        proc, report, stderr = self.runner.start(
            self.program, self.renderer, run_dir, extra_env
        )
        self.instances.append((proc, report, stderr, run_dir))
        return len(self.instances) - 1

    def wait(self, index, predicate, timeout, what):
        proc, report, _, run_dir = self.instances[index]
        values, _ = self.runner.wait_for(proc, report, predicate, timeout, what, run_dir)
        return values

    def pids(self):
        return [proc.pid for proc, _, _, _ in self.instances]

    def reports(self):
        return [read_report(report) for _, report, _, _ in self.instances]

    def stop(self):
        for proc, _, stderr, _ in self.instances:
            self.runner.stop(proc, stderr)
        self.instances = []


def one_after_another(runner, program, renderer, n, args, xvfb_pid):
    fleet = Fleet(runner, program, renderer, f"seq{n}")
    xvfb_before = xvfb_memory(xvfb_pid)
    first_frames, uss = [], []
    try:
        for k in range(n):
            index = fleet.start(k)
            values = fleet.wait(
                index, lambda v: v["frames"] >= 1, 120, f"{program} #{k + 1} of {n}"
            )
            first_frames.append(values["first_frame_ms"])
            # Let it settle (the app's checks start after the first frame and fail at once).
            time.sleep(args.settle)
            uss.append(memory_mb(fleet.instances[index][0].pid)["uss"])
        time.sleep(args.settle)
        mems = [memory_mb(pid) for pid in fleet.pids()]
        total_pss = sum(m["pss"] for m in mems)
        total_uss = sum(m["uss"] for m in mems)
        xvfb_after = xvfb_memory(xvfb_pid)
        before_reports = fleet.reports()
        cpu_before = [cpu_seconds(pid) for pid in fleet.pids()]
        t0 = time.monotonic()
        time.sleep(args.idle)
        cpu_after = [cpu_seconds(pid) for pid in fleet.pids()]
        elapsed = time.monotonic() - t0
        after_reports = fleet.reports()
        threads = med([len(os.listdir(f"/proc/{pid}/task")) for pid in fleet.pids()])
    finally:
        fleet.stop()
    idle_frames = sum(
        a["frames"] - b["frames"] for a, b in zip(after_reports, before_reports)
    )
    return {
        "first_frames_ms": first_frames,
        "uss_each_mb": uss,
        "marginal_uss_mb": med(uss[1:]) if n > 1 else uss[0],
        "total_pss_mb": total_pss,
        "total_uss_mb": total_uss,
        "pss_each_mb": total_pss / n,
        "xvfb_growth_mb": (
            xvfb_after["rss"] - xvfb_before["rss"] if xvfb_before and xvfb_after else None
        ),
        "idle_frames": idle_frames,
        "idle_cpu_pct": 100.0 * (sum(cpu_after) - sum(cpu_before)) / elapsed,
        "threads": threads,
    }


def all_at_once(runner, program, renderer, n, args):
    fleet = Fleet(runner, program, renderer, f"all{n}")
    try:
        for k in range(n):
            fleet.start(k)
        first_frames = [
            fleet.wait(k, lambda v: v["frames"] >= 1, 120, f"{program} #{k + 1} of {n} at once")[
                "first_frame_ms"
            ]
            for k in range(n)
        ]
    finally:
        fleet.stop()
    return {"first_frames_ms": first_frames}


def walked(runner, program, renderer, n, args):
    """Each instance walks the guide once. One after another: without a window manager every
    window opens at the same place, and a covered window is not painted (so it cannot walk);
    the newest is on top until it is done."""
    fleet = Fleet(runner, program, renderer, f"walk{n}")
    walk = {"PAALOGGING_BENCH_WALK": "1"} if program == "app" else None
    try:
        for k in range(n):
            index = fleet.start(k, walk)
            fleet.wait(
                index,
                lambda v: v.get("walk_done") == 1,
                args.walk_timeout,
                f"{program} #{k + 1} of {n} walking",
            )
        time.sleep(args.settle)
        mems = [memory_mb(pid) for pid in fleet.pids()]
    finally:
        fleet.stop()
    return {
        "walked_total_pss_mb": sum(m["pss"] for m in mems),
        "walked_uss_each_mb": med([m["uss"] for m in mems]),
    }


def private_by_mapping(pid):
    """Private (USS) kB per mapping name from /proc/PID/smaps: the binary, [heap], anonymous
    memory (thread stacks, malloc arenas, llvmpipe's buffers) and each shared library."""
    out = {}
    name = None
    with open(f"/proc/{pid}/smaps", encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            if not parts[0].endswith(":"):
                # A mapping header: address perms offset dev inode [path]
                path = parts[5] if len(parts) >= 6 else "[anon]"
                name = os.path.basename(path) if path.startswith("/") else path
                if name.startswith("[stack"):
                    name = "[stack]"
            elif parts[0] in ("Private_Clean:", "Private_Dirty:") and name is not None:
                out[name] = out.get(name, 0) + int(parts[1])
    return out


def breakdown(runner, renderer, args, app_binary):
    """One app and one hello, alone: what the app holds privately that hello does not."""
    result = {}
    for program in ("app", "hello"):
        fleet = Fleet(runner, program, renderer, "breakdown")
        try:
            fleet.start(0)
            fleet.wait(0, lambda v: v["frames"] >= 1, 120, f"{program} breakdown")
            time.sleep(max(args.settle, 2.0))
            pid = fleet.pids()[0]
            mapping = private_by_mapping(pid)
            threads = {}
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/comm", encoding="utf-8") as f:
                    comm = f.read().strip()
                threads[comm] = threads.get(comm, 0) + 1
        finally:
            fleet.stop()
        result[program] = {"private_kb": mapping, "threads": threads}
    app_name = os.path.basename(app_binary)
    a, h = result["app"]["private_kb"], result["hello"]["private_kb"]
    rows = []
    for key in sorted(set(a) | set(h), key=lambda k: -(a.get(k, 0) - h.get(k, 0))):
        label = "(the binary)" if key in (app_name, "hello") else key
        rows.append((label, a.get(key, 0), h.get(key, 0)))
    # The binaries have different names: compare them as one row.
    merged = {}
    for label, av, hv in rows:
        m = merged.setdefault(label, [0, 0])
        m[0] += av
        m[1] += hv
    lines = ["private memory by mapping, one instance alone (kB): app, hello, difference"]
    for label, (av, hv) in sorted(merged.items(), key=lambda kv: -(kv[1][0] - kv[1][1])):
        if abs(av - hv) >= 256 or max(av, hv) >= 4096:
            lines.append(f"  {label:40} {av:8} {hv:8} {av - hv:+8}")
    lines.append(f"  {'total':40} {sum(a.values()):8} {sum(h.values()):8} "
                 f"{sum(a.values()) - sum(h.values()):+8}")
    lines.append("threads: app " + ", ".join(f"{k}×{v}" for k, v in sorted(result["app"]["threads"].items()))
                 + "; hello " + ", ".join(f"{k}×{v}" for k, v in sorted(result["hello"]["threads"].items())))
    return result, "\n".join(lines)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def table(results, counts, sizes, idle):
    rows = []

    def add(figure, a, h, r, target="", ok=None, digits=1):
        rows.append(
            [
                figure,
                measure.fmt(a, digits),
                measure.fmt(h, digits),
                measure.fmt(r, 2),
                target,
                measure.verdict(ok),
            ]
        )

    app, hello = results["app"], results["hello"]
    base_app = app[counts[0]]["seq"]["first_frames_ms"][0]
    for n in counts:
        a_seq, h_seq = app[n]["seq"], hello[n]["seq"]
        a_all, h_all = app[n]["all"], hello[n]["all"]
        rows.append([f"N = {n}", "", "", "", "", ""])
        a, h = a_seq["first_frames_ms"][0], h_seq["first_frames_ms"][0]
        add("  first start: first frame (ms)", a, h, ratio(a, h),
            "≤ 1.1× hello" if n == 1 else "", a / h <= 1.1 if n == 1 else None, 0)
        if n > 1:
            a, h = a_seq["first_frames_ms"][-1], h_seq["first_frames_ms"][-1]
            first = a_seq["first_frames_ms"][0]
            add(f"  start {n} with {n - 1} open: first frame (ms)", a, h, ratio(a, h),
                f"≤ 1.5× own first ({a / first:.2f}×)", a / first <= 1.5, 0)
            a = med(a_seq["first_frames_ms"])
            h = med(h_seq["first_frames_ms"])
            add("  one after another: median first frame (ms)", a, h, ratio(a, h), "", None, 0)
            a, h = a_all["first_frames_ms"], h_all["first_frames_ms"]
            add("  all at once: median / last first frame (ms)",
                f"{med(a):.0f} / {max(a):.0f}", f"{med(h):.0f} / {max(h):.0f}",
                ratio(max(a), max(h)), f"last = {max(a) / base_app:.1f}× one alone", None)
        a, h = a_seq["total_pss_mb"], h_seq["total_pss_mb"]
        add(f"  total PSS of {n} (MB)", a, h, ratio(a, h),
            "≤ 1.1× hello" if n == 1 else "", a / h <= 1.1 if n == 1 else None)
        a, h = a_seq["pss_each_mb"], h_seq["pss_each_mb"]
        add("    PSS per instance (MB)", a, h, ratio(a, h))
        a, h = a_seq["marginal_uss_mb"], h_seq["marginal_uss_mb"]
        label = "  USS of one instance (MB)" if n == 1 else "  marginal USS of one more (MB)"
        add(label, a, h, ratio(a, h), "≤ 1.1× hello" if n > 1 else "",
            a / h <= 1.1 if n > 1 else None)
        a, h = a_seq["xvfb_growth_mb"], h_seq["xvfb_growth_mb"]
        add("  Xvfb's growth (MB)", a, h, ratio(a, h))
        a, h = a_seq["idle_frames"], h_seq["idle_frames"]
        add(f"  frames painted in {idle:g} s idle, all {n}", a, h, None,
            "0" if n == 30 else "", a == 0 if n == 30 else None, 0)
        a, h = a_seq["idle_cpu_pct"], h_seq["idle_cpu_pct"]
        add(f"  CPU in {idle:g} s idle, all {n} together (%)", a, h, None,
            "≤ 1 %" if n == 30 else "", a <= 1.0 if n == 30 else None, 2)
        a, h = a_all["walked_total_pss_mb"], h_all["walked_total_pss_mb"]
        add(f"  total PSS after each walked the guide once (MB)", a, h, ratio(a, h))
        a, h = a_all["walked_uss_each_mb"], h_all["walked_uss_each_mb"]
        add("    median USS after the walk (MB)", a, h, ratio(a, h))
        a, h = a_seq["threads"], h_seq["threads"]
        add("  threads per instance", a, h, ratio(a, h), "", None, 0)
    a, h = sizes
    add("release binary (MB)", a, h, a - h, "≤ hello + 3 MB (ratio column: difference)",
        a - h <= 3.0, 2)
    return format_rows(rows)


def main():
    # Stopped from outside: still end every instance and the Xvfb (the finally blocks).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--app", required=True)
    parser.add_argument("--hello", required=True)
    parser.add_argument("--counts", default="1,10,30")
    parser.add_argument("--renderer", default="glow")
    parser.add_argument("--idle", type=float, default=30.0)
    parser.add_argument("--settle", type=float, default=1.0)
    parser.add_argument("--walk-timeout", type=float, default=300.0)
    parser.add_argument("--no-netns", dest="netns", action="store_false")
    parser.add_argument("--out", required=True)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    counts = [int(c) for c in args.counts.split(",")]

    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="paalogging-ts-bench-")
    xvfb, display = measure.start_xvfb()
    started = time.monotonic()
    results = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": measure.machine(),
        "renderer": args.renderer,
        "idle_s": args.idle,
        "app": {},
        "hello": {},
    }
    try:
        runner = measure.Runner(args, display, work)
        log(f"Xvfb on {display}; work folder {work}; network namespaces: "
            f"{'yes' if runner.netns else 'no'}")
        for program in ("app", "hello"):
            runner.warm_up(program, args.renderer)
        for n in counts:
            for program in ("app", "hello"):
                seq = one_after_another(runner, program, args.renderer, n, args, xvfb.pid)
                log(f"[N={n}] {program:5} one after another: first frames "
                    f"{seq['first_frames_ms'][0]:.0f} … {seq['first_frames_ms'][-1]:.0f} ms, "
                    f"marginal USS {seq['marginal_uss_mb']:.1f} MB, total PSS "
                    f"{seq['total_pss_mb']:.0f} MB, idle frames {seq['idle_frames']:.0f}, "
                    f"idle CPU {seq['idle_cpu_pct']:.2f} %")
                together = all_at_once(runner, program, args.renderer, n, args)
                together.update(walked(runner, program, args.renderer, n, args))
                log(f"[N={n}] {program:5} all at once: first frames median "
                    f"{med(together['first_frames_ms']):.0f}, last "
                    f"{max(together['first_frames_ms']):.0f} ms; after the walk total PSS "
                    f"{together['walked_total_pss_mb']:.0f} MB")
                results[program][n] = {"seq": seq, "all": together}
        sizes = (os.path.getsize(args.app) / 1e6, os.path.getsize(args.hello) / 1e6)
        results["sizes_mb"] = {"app": sizes[0], "hello": sizes[1]}
        results["breakdown"], breakdown_text = breakdown(runner, args.renderer, args, args.app)
    except Failed as error:
        log(f"benchmark failed: {error}")
        return 1
    finally:
        tear_down(xvfb, work, args.keep, "per-instance folders")
    text = (
        f"Påloggingshjelp terminal-server benchmark, {results['date']}, {results['machine']}\n"
        f"renderer {args.renderer}; N instances as distinct users on one Xvfb; medians over "
        f"instances; idle {args.idle:g} s\n\n"
        + table(results, counts, sizes, args.idle)
        + "\n\n"
        + breakdown_text
        + f"\n\n(measured in {time.monotonic() - started:.0f} s)\n"
    )
    print(text)
    with open(os.path.join(args.out, "terminal-server.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(args.out, "terminal-server.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)
    log(f"results in {args.out}/terminal-server.txt and terminal-server.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
