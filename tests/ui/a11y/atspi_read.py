"""Run by the system python (Debian's python3-pyatspi): print, as JSON, the accessibility tree
of the application whose process id is argv[1], as a screen reader receives it over AT-SPI."""

import json
import sys
import time

import pyatspi


def node(acc, depth=0):
    out = {"role": acc.getRoleName(), "name": acc.name or "", "children": []}
    if acc.getRoleName() in ("table", "tree table"):
        try:
            table = acc.queryTable()
            out["columns"] = [table.getColumnDescription(c) for c in range(table.nColumns)]
        except NotImplementedError:
            out["columns"] = []
    labelled = [
        r.getTarget(0).name
        for r in acc.getRelationSet()
        if r.getRelationType() == pyatspi.RELATION_LABELLED_BY and r.getNTargets()
    ]
    if labelled:
        out["labelled_by"] = labelled
    if depth < 40:
        for i in range(acc.childCount):
            child = acc.getChildAtIndex(i)
            if child is not None:
                out["children"].append(node(child, depth + 1))
    return out


def main() -> None:
    pid = int(sys.argv[1])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.get_process_id() == pid:
                print(json.dumps(node(app)))
                return
        time.sleep(0.3)
    print(json.dumps(None))


main()
