#!/usr/bin/python3
"""Screenshots of every page of the guide in a real window, as docs/screenshots/ holds them.

Runs the app under a private Xvfb (1366×768 unless told) with its own data folder, once per
page: it saves progress on that page, starts the app, presses «Fortsett» through the
accessibility tree (AT-SPI, the way a screen reader would) and takes the screen. The checks go
to https://localhost:1 (nothing leaves the machine), so the status shows a refused connection.

    dbus-run-session -- /usr/bin/python3 tools/screenshots/take.py \
        --binary target/debug/paalogging --out /tmp/shots --language nb --scale 1.0 2.0

Needs (Debian): xvfb imagemagick at-spi2-core python3-pyatspi gir1.2-atspi-2.0 dbus.
Prints one line per picture and `screenshots: N passed, N failed` (a page whose «Fortsett»
cannot be found, or whose window never shows, counts as failed).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RESUME = {"nb": "Fortsett", "nn": "Hald fram", "en": "Continue"}
EXAMPLE_ANSWERS = {
    # One example address throughout (issue 20); only ids a guide does not have are ignored.
    "wrong_email": "kari.nordmann@gmail.com",
    "work_email": "kari.nordmann@askoy.kommune.no",
}
CHECKS_CONFIG = """[checks]
timeout_seconds = 2
account_settings = "https://localhost:1/"
connect_discovery = "https://localhost:1/"
recaptcha = "https://localhost:1/"
idporten_discovery = "https://localhost:1/"
visma_status = "https://localhost:1/"
digdir_status = "https://localhost:1/"
"""


def resume_label(language):
    # The button's own text from the i18n file, so a changed wording does not break the tool.
    text = tomllib.loads((REPO / "assets/i18n" / f"{language}.toml").read_text("utf-8"))
    return text.get("resume_yes", RESUME[language])


def find_node(timeout, role, name=None):
    """The app's first node with this role (and name), through AT-SPI; None after timeout."""
    import pyatspi

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is None or app.name != "paalogging":
                continue
            found = pyatspi.findDescendant(
                app, lambda node: node is not None and node.getRoleName() == role
                and (name is None or node.name == name))
            if found is not None:
                return found
        time.sleep(0.3)
    return None


def shoot(args, language, scale, page, history, display, out):
    data = Path(tempfile.mkdtemp(prefix="paalogging-shot-"))
    try:
        (data / "settings.json").write_text(json.dumps({"text_scale": scale}))
        progress = {
            "format": 1,
            "page": page,
            "history": history,
            "answers": args.answers,
            "saved_at": int(time.time()),
        }
        if history:
            # The start page needs no saved progress (there is nothing to resume).
            (data / "progress.json").write_text(json.dumps(progress))
        (data / "config.toml").write_text(CHECKS_CONFIG)
        env = dict(os.environ, DISPLAY=display, PAALOGGING_DATA_DIR=str(data),
                   PAALOGGING_USER_CONFIG=str(data / "config.toml"))
        app = subprocess.Popen([args.binary, "--language", language], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            if history:
                button = find_node(30, "push button", resume_label(language))
                if button is None:
                    return False
                button.queryAction().doAction(0)
            elif find_node(30, "heading") is None:
                return False
            time.sleep(args.settle)
            subprocess.run(["import", "-display", display, "-window", "root", str(out)],
                           check=True)
            return True
        finally:
            app.terminate()
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
    finally:
        shutil.rmtree(data, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=str(REPO / "target/debug/paalogging"))
    parser.add_argument("--out", required=True)
    parser.add_argument("--language", default="nb", choices=sorted(RESUME))
    parser.add_argument("--scale", type=float, nargs="+", default=[1.0])
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--pages", nargs="*", help="page ids (default: every page)")
    parser.add_argument("--settle", type=float, default=1.5, help="seconds before the shot")
    parser.add_argument("--answers", type=json.loads, default=EXAMPLE_ANSWERS)
    args = parser.parse_args()

    guide = tomllib.loads((REPO / "assets/guide" / f"{args.language}.toml").read_text("utf-8"))
    pages = [page["id"] for page in guide["page"]]
    wanted = args.pages or pages
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    display = ":97"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{args.size}x24", "-nolisten",
                             "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # AccessKit exposes the window only when the accessibility bus says a reader is on.
    bus = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    subprocess.run(["busctl", "--user", "set-property", "org.a11y.Bus", "/org/a11y/bus",
                    "org.a11y.Status", "IsEnabled", "b", "true"], check=False)
    passed = failed = 0
    try:
        for scale in args.scale:
            for page in wanted:
                index = pages.index(page) if page in pages else 0
                # A plausible way here: the pages before it in file order, so Back works.
                history = pages[:index]
                suffix = "" if scale == 1.0 else f"-{round(scale * 100)}-percent"
                name = f"{args.language}-{page}{suffix}.png"
                if shoot(args, args.language, scale, page, history, display, out / name):
                    print(f"PASS: {name}")
                    passed += 1
                else:
                    print(f"FAIL: {name} (no window, or no «{resume_label(args.language)}» button)")
                    failed += 1
    finally:
        bus.terminate()
        xvfb.terminate()
    print(f"screenshots: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
