"""Inside `dbus-run-session`: start Xvfb and the AT-SPI bus, run the app on X (the xcb
platform: the offscreen one has no accessibility bridge), and read its accessibility tree with
the system python's pyatspi twice — on the unlock screen, then after unlocking on the caseload.
Prints one JSON object {"unlock": tree, "caseload": tree}. argv: vault folder, passphrase."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
READER = ["/usr/bin/python3", str(HERE / "atspi_read.py")]


def main() -> int:
    folder, passphrase = sys.argv[1], sys.argv[2]
    display = f":{90 + os.getpid() % 400}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    bus = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb",
               QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_ACCESSIBILITY="1")  # fmt: skip
    app = None
    try:
        time.sleep(1.0)
        app = subprocess.Popen(
            [sys.executable, str(HERE / "atspi_app.py"), folder, passphrase],
            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert app.stdin is not None and app.stdout is not None
        result: dict[str, object] = {}
        for phase, command in (("unlock", "unlock\n"), ("caseload", "quit\n")):
            line = app.stdout.readline().strip()
            if line != f"{phase}-shown":
                result["error"] = f"app said {line!r} instead of {phase}-shown"
                break
            time.sleep(0.8)
            read = subprocess.run([*READER, str(app.pid)], env=env, capture_output=True,
                                  text=True, timeout=60)  # fmt: skip
            result[phase] = json.loads(read.stdout) if read.stdout.strip() else None
            if read.returncode:
                result["error"] = read.stderr[-2000:]
            app.stdin.write(command)
            app.stdin.flush()
        print(json.dumps(result))
        return 0
    finally:
        if app is not None:
            try:
                app.wait(timeout=20)
            except subprocess.TimeoutExpired:
                app.kill()
        bus.terminate()
        xvfb.terminate()
        bus.wait(5)
        xvfb.wait(5)


if __name__ == "__main__":
    sys.exit(main())
