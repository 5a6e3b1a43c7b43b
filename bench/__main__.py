"""Run every bench/*_bench.py module's main(), or only those named on the command line.

python -m bench                 # all
python -m bench core storage    # core_bench and storage_bench only
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import bench


def main(argv: list[str]) -> int:
    found = sorted(
        m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.endswith("_bench")
    )
    wanted = [a if a.endswith("_bench") else f"{a}_bench" for a in argv] or found
    unknown = [w for w in wanted if w not in found]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; have: {', '.join(found)}")
        return 2
    for name in wanted:
        print(f"== {name} ==")
        importlib.import_module(f"bench.{name}").main()
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
