"""The installable bundle (dist/exitdoors/, built by `make bundle`) beside the source run.

- unpacked size of dist/exitdoors                                         target <= 250 MB
- start to window shown: the bundle vs `python -m exitdoors_desktop`,    target <= 1.2x source
  both opening the same small vault (unlock screen), offscreen, measured to the line
  "window-shown" the app prints when EXITDOORS_READY_MARKER is set (ui/shell/main.py)
- start to `--version` exit for both (no Qt at all: the bare cost of starting each)

Runs alternate bundle / source so that neither gets a warmer disk cache; one warm-up run each is
discarded; medians of RUNS. Without a build it says so and measures nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "exitdoors"
EXE = BUNDLE / ("exitdoors.exe" if sys.platform == "win32" else "exitdoors")
SOURCE = [sys.executable, "-m", "exitdoors_desktop"]
TARGET_MB = 250
TARGET_RATIO = 1.2
RUNS = 5
PASSPHRASE = "benchmark passphrase, long enough"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXITDOORS_")}
    env.update(QT_QPA_PLATFORM="offscreen", EXITDOORS_READY_MARKER="1")
    return env


def bundle_bytes() -> int:
    return sum(p.stat().st_size for p in BUNDLE.rglob("*") if p.is_file() and not p.is_symlink())


def to_window(cmd: list[str], data: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*cmd, "--data-dir", str(data)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=_env(),
        cwd=data.parent,
    )
    assert proc.stdout is not None
    shown = False
    for line in proc.stdout:
        if "window-shown" in line:
            shown = True
            break
    elapsed = time.perf_counter() - start
    proc.terminate()
    proc.wait(timeout=20)
    if not shown:
        raise RuntimeError(f"{cmd[0]} never showed its window")
    return elapsed


def to_version(cmd: list[str], data: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [*cmd, "--version"], check=True, capture_output=True, env=_env(), cwd=data.parent
    )
    return time.perf_counter() - start


def _alternating(measure, data: Path) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    measure([str(EXE)], data), measure(SOURCE, data)  # warm-up, discarded
    bundle, source = [], []
    for _ in range(RUNS):
        bundle.append(measure([str(EXE)], data))
        source.append(measure(SOURCE, data))
    return statistics.median(bundle), statistics.median(source)


def main() -> None:
    if not EXE.is_file():
        print(f"no bundle at {BUNDLE}: run `make bundle` first (nothing measured)")
        return
    size_mb = bundle_bytes() / 2**20
    verdict = "ok" if size_mb <= TARGET_MB else "OVER TARGET"
    print(f"bundle size (unpacked): {size_mb:.0f} MB  (target <= {TARGET_MB} MB: {verdict})")
    with tempfile.TemporaryDirectory(prefix="bundle-bench-") as tmp:
        data = Path(tmp) / "vault"
        subprocess.run(
            [*SOURCE, "--data-dir", str(data), "vault", "init", "--user", "bench",
             "--passphrase-stdin", "--insecure-fast-kdf"],
            input=PASSPHRASE + "\n", text=True, check=True, capture_output=True, env=_env(),
        )  # fmt: skip
        b_win, s_win = _alternating(to_window, data)
        b_ver, s_ver = _alternating(to_version, data)
    ratio = b_win / s_win
    verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
    print(
        f"start to window shown: bundle {b_win * 1000:.0f} ms vs source {s_win * 1000:.0f} ms"
        f"  = {ratio:.2f}x  (target <= {TARGET_RATIO}x: {verdict}; median of {RUNS})"
    )
    print(
        f"start to --version exit: bundle {b_ver * 1000:.0f} ms vs source {s_ver * 1000:.0f} ms"
        f"  = {b_ver / s_ver:.2f}x  (no target; the bare start-up cost of each)"
    )


if __name__ == "__main__":
    main()
