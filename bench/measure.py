#!/usr/bin/env python3
"""Process control, measurement and the table for bench/run.sh (issue 8).

Runs the release app and the bare eframe `hello` example under a private Xvfb display, each
several times, and reads what they report through PAALOGGING_BENCH_REPORT plus what /proc says:

  first_frame_ms     process start -> end of the first UI pass (reported by the program),
                     after one discarded warm-up start (Mesa's shader cache and the page
                     cache warm, as on any start after the first)
  rss/pss/uss        /proc/PID/smaps_rollup, 1 s after the first frame
  idle frames, cpu   frames painted and utime+stime (/proc/PID/stat) in 10 s after settling
  walk               PAALOGGING_BENCH_WALK=20 (app only): memory after 20 walks of the guide
  slowest frame      the longest UI pass, idle runs and walks
  binary size        the release binaries
  checks             examples/bench_checks (loopback servers of known delays, a black hole)

Medians over the runs; the table compares the app with hello from the same run. Every network
endpoint of the app points at a closed loopback port, and where `unshare --net` works each
program runs in a network namespace of its own that has only a loopback interface.
"""

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")
# A closed port on loopback. A name, not 127.0.0.1: check endpoints follow the link rule, which
# refuses IP addresses; `localhost` resolves to loopback only (and in the bench's network namespace
# nothing else exists).
CLOSED = "https://localhost:1"


def log(message):
    print(message, file=sys.stderr, flush=True)


def tear_down(xvfb, work, keep, what):
    """Stops the private Xvfb and removes the work folder (or says where it was kept)."""
    xvfb.terminate()
    try:
        xvfb.wait(timeout=5)
    except subprocess.TimeoutExpired:
        xvfb.kill()
    if keep:
        log(f"{what} kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


def read_report(path):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return None
    values = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2:
            try:
                values[parts[0]] = float(parts[1])
            except ValueError:
                pass
    return values if "frames" in values else None


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # After the ")": state is field 3, so utime (14) and stime (15) are at 11 and 12.
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def memory_mb(pid):
    """RSS, PSS and USS (private clean + dirty) in MB from smaps_rollup."""
    values = {}
    with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
                values[parts[0][:-1]] = int(parts[1])
    uss = values.get("Private_Clean", 0) + values.get("Private_Dirty", 0)
    return {
        "rss": values["Rss"] / 1024,
        "pss": values["Pss"] / 1024,
        "uss": uss / 1024,
        "anon": values.get("Anonymous", 0) / 1024,
    }


class Failed(Exception):
    pass


class Runner:
    def __init__(self, args, display, work):
        self.args = args
        self.display = display
        self.work = work
        self.netns = args.netns and self._netns_works()
        self.config = os.path.join(work, "config.toml")
        with open(self.config, "w", encoding="utf-8") as f:
            f.write(
                "# Every endpoint on a closed loopback port: no traffic leaves the machine.\n"
                "[checks]\n"
                f'account_settings = "{CLOSED}/accountsettings"\n'
                f'connect_discovery = "{CLOSED}/connect/.well-known/openid-configuration"\n'
                f'recaptcha = "{CLOSED}/recaptcha/api.js"\n'
                f'idporten_discovery = "{CLOSED}/idporten/.well-known/openid-configuration"\n'
                f'visma_status = "{CLOSED}/visma/api/v2/summary.json"\n'
                f'digdir_status = "{CLOSED}/digdir/api/v2/summary.json"\n'
            )
        self._check_config()

    def _netns_works(self):
        if not shutil.which("unshare"):
            return False
        result = subprocess.run(
            ["unshare", "--net", "--", "true"], capture_output=True, check=False
        )
        return result.returncode == 0

    def _check_config(self):
        """The config must load without errors (an error adds a notice to the window) and
        leave no check endpoint off this machine."""
        env = self.env(os.path.join(self.work, "printcfg"))
        result = subprocess.run(
            [self.args.app, "--config", self.config, "--print-config"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise Failed(f"the bench configuration does not load:\n{result.stdout}{result.stderr}")
        section = None
        for line in result.stdout.splitlines():
            stripped = line.strip()
            if stripped.startswith("["):
                section = stripped
            elif section in ("[checks]", "[update]") and "://" in stripped:
                if "://localhost:1/" not in stripped:
                    raise Failed(f"an endpoint is not on loopback: {stripped}")

    def env(self, run_dir, extra=None):
        os.makedirs(run_dir, exist_ok=True)
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PAALOGGING_", "WAYLAND_", "WGPU_"))
            and key.lower() not in ("http_proxy", "https_proxy", "all_proxy")
        }
        env.update(
            {
                "DISPLAY": self.display,
                "PAALOGGING_DATA_DIR": os.path.join(run_dir, "data"),
                "PAALOGGING_USER_CONFIG": os.path.join(run_dir, "none", "user.toml"),
                "PAALOGGING_MACHINE_CONFIG": os.path.join(run_dir, "none", "machine.toml"),
                # Shared by all runs: Mesa keeps its compiled shaders here, warm after the
                # first start as on a real PC (the warm-up run fills it).
                "XDG_CACHE_HOME": os.path.join(self.work, "xdg-cache"),
                "XDG_CONFIG_HOME": os.path.join(run_dir, "config"),
                "XDG_DATA_HOME": os.path.join(run_dir, "share"),
                "NO_PROXY": "*",
                "RUST_LOG": "warn",
            }
        )
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        if extra:
            env.update(extra)
        return env

    def command(self, program, renderer):
        if program == "app":
            cmd = [self.args.app, "--config", self.config, "--renderer", renderer]
        else:
            cmd = [self.args.hello, "--renderer", renderer]
        if self.netns:
            # Own network namespace with only loopback up; exec keeps the PID.
            cmd = [
                "unshare",
                "--net",
                "--",
                "sh",
                "-c",
                'ip link set lo up 2>/dev/null; exec "$@"',
                "sh",
            ] + cmd
        return cmd

    def start(self, program, renderer, run_dir, extra_env=None):
        report = os.path.join(run_dir, "report.txt")
        env = self.env(run_dir, dict(extra_env or {}, PAALOGGING_BENCH_REPORT=report))
        stderr = open(os.path.join(run_dir, "stderr.txt"), "w", encoding="utf-8")
        proc = subprocess.Popen(
            self.command(program, renderer),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=stderr,
            stderr=stderr,
            start_new_session=True,
        )
        return proc, report, stderr

    def wait_for(self, proc, report, predicate, timeout, what, run_dir):
        deadline = time.monotonic() + timeout
        first_seen = None
        while time.monotonic() < deadline:
            values = read_report(report)
            if values is not None and first_seen is None:
                first_seen = values
            if values is not None and predicate(values):
                return values, first_seen
            if proc.poll() is not None:
                raise Failed(
                    f"{what}: the program exited with {proc.returncode}; "
                    f"see {run_dir}/stderr.txt:\n{tail(os.path.join(run_dir, 'stderr.txt'))}"
                )
            time.sleep(0.005)
        raise Failed(f"{what}: no report within {timeout} s; see {run_dir}/stderr.txt")

    def stop(self, proc, stderr):
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        stderr.close()

    def idle_run(self, program, renderer, index):
        run_dir = os.path.join(self.work, f"{program}-{renderer}-idle-{index}")
        proc, report, stderr = self.start(program, renderer, run_dir)
        try:
            values, first = self.wait_for(
                proc, report, lambda v: v["frames"] >= 1, 60, f"{program} {renderer}", run_dir
            )
            time.sleep(self.args.settle)
            mem = memory_mb(proc.pid)
            before = read_report(report)
            cpu_before = cpu_seconds(proc.pid)
            t0 = time.monotonic()
            time.sleep(self.args.idle)
            cpu_after = cpu_seconds(proc.pid)
            elapsed = time.monotonic() - t0
            after = read_report(report)
            mem_after_idle = memory_mb(proc.pid)
            threads = len(os.listdir(f"/proc/{proc.pid}/task"))
        finally:
            self.stop(proc, stderr)
        result = {
            "first_frame_ms": values["first_frame_ms"],
            "first_ui_ms": first["slowest_frame_ms"] if first["frames"] == 1 else None,
            "frames_at_settle": before["frames"],
            "idle_frames": after["frames"] - before["frames"],
            "idle_cpu_pct": 100.0 * (cpu_after - cpu_before) / elapsed,
            "slowest_frame_ms": after["slowest_frame_ms"],
            "threads": threads,
            "rss_after_idle": mem_after_idle["rss"],
        }
        result.update(mem)
        return result

    def warm_up(self, program, renderer):
        """One discarded start: fills Mesa's shader cache and the page cache."""
        run_dir = os.path.join(self.work, f"{program}-{renderer}-warmup")
        proc, report, stderr = self.start(program, renderer, run_dir)
        try:
            self.wait_for(
                proc, report, lambda v: v["frames"] >= 1, 60, f"{program} {renderer}", run_dir
            )
            time.sleep(0.5)
        finally:
            self.stop(proc, stderr)

    def walk_run(self, renderer, index):
        run_dir = os.path.join(self.work, f"app-{renderer}-walk-{index}")
        proc, report, stderr = self.start(
            "app", renderer, run_dir, {"PAALOGGING_BENCH_WALK": str(self.args.walks)}
        )
        try:
            t0 = time.monotonic()
            values, _ = self.wait_for(
                proc,
                report,
                lambda v: v.get("walk_done") == 1,
                self.args.walk_timeout,
                f"app {renderer} walk",
                run_dir,
            )
            walk_s = time.monotonic() - t0
            time.sleep(self.args.settle)
            mem = memory_mb(proc.pid)
            final = read_report(report)
        finally:
            self.stop(proc, stderr)
        result = {
            "walk_frames": final["frames"],
            "walk_s": walk_s,
            "walk_slowest_frame_ms": final["slowest_frame_ms"],
            "walk_first_frame_ms": values["first_frame_ms"],
        }
        result.update({f"walk_{key}": value for key, value in mem.items()})
        return result


def tail(path, lines=15):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return ""


def start_xvfb():
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write_fd),
            "-screen",
            "0",
            "1280x1024x24",
            "-nolisten",
            "tcp",
            "-noreset",
        ],
        pass_fds=(write_fd,),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    os.close(write_fd)
    number = b""
    with os.fdopen(read_fd, "rb") as pipe:
        while not number.endswith(b"\n"):
            chunk = pipe.read(1)
            if not chunk:
                break
            number += chunk
    if not number.strip():
        proc.kill()
        raise Failed("Xvfb did not start")
    return proc, ":" + number.decode().strip()


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def run_checks(args, work):
    report = os.path.join(work, "checks.txt")
    result = subprocess.run(
        [args.checks, "--runs", str(args.check_runs), "--report", report],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    log(result.stdout.rstrip())
    if result.returncode != 0:
        log(f"bench_checks failed ({result.returncode}):\n{result.stderr}")
        return {}
    return read_kv(report)


def read_kv(path):
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                values[parts[0]] = float(parts[1])
    return values


def fmt(value, digits=1):
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{value:.{digits}f}"


def verdict(ok):
    if ok is None:
        return ""
    return "PASS" if ok else "MISS"


def table(renderer, app, hello, walks, sizes, checks, runs):
    """Rows: figure, app, hello, ratio, target, verdict."""
    rows = []

    def add(figure, a, h, ratio, target, ok, digits=1):
        rows.append(
            [figure, fmt(a, digits), fmt(h, digits), fmt(ratio, 2), target, verdict(ok)]
        )

    def both(key):
        return med([r[key] for r in app]), med([r[key] for r in hello])

    a, h = both("first_frame_ms")
    add("first frame (ms)", a, h, a / h, "≤ 1.3× hello", a / h <= 1.3)
    a_ui, h_ui = both("first_ui_ms")
    add("  of which first UI pass (ms)", a_ui, h_ui, ratio_or_none(a_ui, h_ui), "", None)
    for key, name in (("rss", "RSS"), ("pss", "PSS")):
        a, h = both(key)
        add(f"{name} after first frame (MB)", a, h, a / h, "≤ 1.2× hello", a / h <= 1.2)
    a, h = both("uss")
    add("  private (USS) after first frame (MB)", a, h, a / h, "(cost of one more user)", None)
    if walks:
        # Against the first-frame memory of the idle runs (same binary, same start): the walk
        # starts with the first frame, so its own process has no quiet first-frame moment.
        first_rss, first_pss = both("rss")[0], both("pss")[0]
        w_rss = med([w["walk_rss"] for w in walks])
        w_pss = med([w["walk_pss"] for w in walks])
        add(
            f"RSS after {WALKS} walks (MB)",
            w_rss,
            None,
            w_rss / first_rss,
            "≤ 1.05× own first frame",
            w_rss / first_rss <= 1.05,
        )
        add(
            f"PSS after {WALKS} walks (MB)",
            w_pss,
            None,
            w_pss / first_pss,
            "≤ 1.05× own first frame",
            w_pss / first_pss <= 1.05,
        )
    a, h = both("idle_frames")
    add(f"frames painted in {IDLE:g} s idle", a, h, None, "≤ 2", a <= 2, 0)
    a, h = both("idle_cpu_pct")
    add(f"CPU in {IDLE:g} s idle (%)", a, h, None, "≤ 1 %", a <= 1.0, 2)
    a, h = both("slowest_frame_ms")
    a_max = max(r["slowest_frame_ms"] for r in app)
    add(
        f"slowest UI pass, start + idle (ms) [max {a_max:.1f}]",
        a, h, a / h, "≤ 16 ms", a <= 16, 2,
    )
    if walks:
        w = med([x["walk_slowest_frame_ms"] for x in walks])
        w_max = max(x["walk_slowest_frame_ms"] for x in walks)
        add(
            f"slowest UI pass, {WALKS} walks (ms) [max {w_max:.1f}]",
            w, None, None, "≤ 16 ms", w <= 16, 2,
        )
        add(
            "  walk: frames, seconds",
            med([x["walk_frames"] for x in walks]),
            None,
            None,
            f"{med([x['walk_s'] for x in walks]):.1f} s",
            None,
            0,
        )
    a, h = sizes
    add("release binary (MB)", a, h, a / h, "≤ 20 MB", a <= 20, 2)
    a, h = both("threads")
    add("  threads after settling", a, h, a / h, "", None, 0)
    if checks:
        add(
            "checks: full / slowest single (warm)",
            checks.get("checks_ratio"),
            None,
            None,
            "≤ 1.1",
            checks.get("checks_ratio", 99) <= 1.1,
            3,
        )
        rows[-1][0] += (
            f" [{checks['checks_full_ms']:.0f} / {checks['checks_slowest_single_ms']:.0f} ms]"
        )
        add(
            "checks: full (cold, first in process) / slowest",
            checks.get("checks_ratio_cold"),
            None,
            None,
            "≤ 1.1",
            checks.get("checks_ratio_cold", 99) <= 1.1,
            3,
        )
        rows[-1][0] += f" [{checks['checks_full_cold_ms']:.0f} ms]"
        add(
            "checks: black hole / its timeout",
            checks.get("black_hole_ratio"),
            None,
            None,
            "≤ 1.0× (+small overhead)",
            checks.get("black_hole_ratio", 99) <= 1.05,
            3,
        )
        rows[-1][0] += (
            f" [{checks['black_hole_ms']:.0f} / {checks['black_hole_timeout_ms']:.0f} ms;"
            f" full check with it {checks['full_with_black_hole_ms']:.0f} ms]"
        )
        if not checks.get("checks_verdicts_ok"):
            rows.append(["checks: verdicts as expected", "no", "", "", "all OK", "MISS"])
    title = (
        f"Renderer {renderer}: medians of {runs} runs "
        f"(idle {IDLE:g} s after {SETTLE:g} s settling; walks: {WALKS} walks of the guide)"
    )
    return title + "\n" + format_rows(rows)


def format_rows(rows):
    """The figure table both benchmarks print: figure and target left-aligned, numbers right."""
    header = ["figure", "app", "hello", "app/hello", "target", ""]
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths)),
        "  ".join("-" * w for w in widths),
    ]
    for row in rows:
        lines.append(
            "  ".join(
                str(c).ljust(w) if i in (0, 4) else str(c).rjust(w)
                for i, (c, w) in enumerate(zip(row, widths))
            )
        )
    return "\n".join(lines)


def ratio_or_none(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


WALKS = 20
IDLE = 10.0
SETTLE = 1.0


def main():
    global WALKS, IDLE, SETTLE
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--app", required=True)
    parser.add_argument("--hello", required=True)
    parser.add_argument("--checks", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--renderers", default="glow")
    parser.add_argument("--walks", type=int, default=20)
    parser.add_argument("--idle", type=float, default=10.0)
    parser.add_argument("--settle", type=float, default=1.0)
    parser.add_argument("--walk-timeout", type=float, default=120.0)
    parser.add_argument("--check-runs", type=int, default=7)
    parser.add_argument("--no-netns", dest="netns", action="store_false")
    parser.add_argument("--out", required=True, help="folder for results.json and table.txt")
    parser.add_argument("--keep", action="store_true", help="keep the per-run folders")
    args = parser.parse_args()
    WALKS, IDLE, SETTLE = args.walks, args.idle, args.settle

    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="paalogging-bench-")
    xvfb, display = start_xvfb()
    results = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine(),
        "runs": args.runs,
        "renderers": {},
    }
    tables = []
    started = time.monotonic()
    try:
        runner = Runner(args, display, work)
        log(
            f"Xvfb on {display}; work folder {work}; "
            f"network namespace per program: {'yes' if runner.netns else 'no'}"
        )
        sizes = (os.path.getsize(args.app) / 1e6, os.path.getsize(args.hello) / 1e6)
        checks = run_checks(args, work)
        for renderer in args.renderers.split(","):
            app, hello, walks = [], [], []
            try:
                for program in ("app", "hello"):
                    runner.warm_up(program, renderer)
                for index in range(args.runs):
                    for program, into in (("app", app), ("hello", hello)):
                        result = runner.idle_run(program, renderer, index)
                        into.append(result)
                        log(
                            f"[{renderer} {index + 1}/{args.runs}] {program:5} first frame "
                            f"{result['first_frame_ms']:.0f} ms, RSS {result['rss']:.1f} MB, "
                            f"PSS {result['pss']:.1f} MB, idle frames "
                            f"{result['idle_frames']:.0f}, idle CPU "
                            f"{result['idle_cpu_pct']:.2f} %, slowest UI pass "
                            f"{result['slowest_frame_ms']:.1f} ms"
                        )
                    if args.walks > 0:
                        walk = runner.walk_run(renderer, index)
                        walks.append(walk)
                        log(
                            f"[{renderer} {index + 1}/{args.runs}] walk  {args.walks} walks: "
                            f"{walk['walk_frames']:.0f} frames in {walk['walk_s']:.1f} s, RSS "
                            f"{walk['walk_rss']:.1f} MB, PSS {walk['walk_pss']:.1f} MB, "
                            f"slowest UI pass {walk['walk_slowest_frame_ms']:.1f} ms"
                        )
            except Failed as error:
                log(f"renderer {renderer}: could not measure: {error}")
                results["renderers"][renderer] = {"error": str(error)}
                tables.append(f"Renderer {renderer}: not measured: {str(error).splitlines()[0]}")
                continue
            results["renderers"][renderer] = {"app": app, "hello": hello, "walks": walks}
            tables.append(table(renderer, app, hello, walks, sizes, checks, args.runs))
        results["sizes_mb"] = {"app": sizes[0], "hello": sizes[1]}
        results["checks"] = checks
    except Failed as error:
        log(f"benchmark failed: {error}")
        return 1
    finally:
        tear_down(xvfb, work, args.keep, "per-run folders")
    text = (
        f"Påloggingshjelp benchmark, {results['date']}, {results['machine']}\n\n"
        + "\n\n".join(tables)
        + f"\n\n(measured in {time.monotonic() - started:.0f} s)\n"
    )
    print(text)
    with open(os.path.join(args.out, "table.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(args.out, "results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)
    log(f"results in {args.out}/table.txt and results.json")
    return 0


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, Xvfb"


if __name__ == "__main__":
    sys.exit(main())
