"""In French, every page, record tab and dialog shows no word of the English vocabulary."""

from __future__ import annotations

import re

from exitdoors_desktop.ui.shell.main_window import MainWindow
from tests.ui.i18n.texts import shown_texts
from tests.ui.shell.test_keyboard import _dialogs

# Words of the English interface that must not survive in French (whole words, any case
# where marked). Names typed by people (the test client's name) hold none of them.
ENGLISH = [
    "Phase 1 – Intake", "Intake", "Pre-phase", "Consent", "Caseload", "Needs attention", "Not enrolled",
    "Paused", "Graduated", "Referral", "Outreach", "Partners", "Reports", "Groups", "Save",
    "Settings", "Timeline", "Forms", "Scales", "Phase plan", "Last contact", "Next contact",
    "Days in phase", "Search", "New client", "Lock", "Quick exit", "Under 18", "Cancel",
    "Sync", "Name", "Close", "Unlock", "Passphrase", "Language", "Add", "Edit", "Delete",
    "Change phase", "Reason", "Follow-up", "Record",
]  # fmt: skip
PATTERNS = [re.compile(rf"(?<![\w-]){re.escape(w)}(?![\w])") for w in ENGLISH]
PAGES = range(5)
CHECKED: dict[str, int] = {}


def english_in(texts: list[tuple[str, str]]) -> list[str]:
    found = []
    for where, text in texts:
        for word, pattern in zip(ENGLISH, PATTERNS, strict=True):
            if pattern.search(text):
                found.append(f"{where}: {word!r} in {text!r}")
    return found


def test_every_page_record_tab_and_dialog_is_french(
    qtbot, french_window: MainWindow, long_vault
) -> None:  # type: ignore[no-untyped-def]
    w = french_window
    ws = w.workspace
    assert ws is not None
    w.resize(1366, 768)
    found: list[str] = []
    for row in PAGES:
        ws.nav.setCurrentRow(row)
        qtbot.wait(50)
        texts = shown_texts(w)
        CHECKED[f"page {row}"] = len(texts)
        found += english_in(texts)
    ws.open_client(long_vault[1])
    record = ws.record
    assert record is not None
    for i in range(record.tabs.count()):
        record.tabs.setCurrentIndex(i)
        qtbot.wait(50)
        texts = shown_texts(w)
        CHECKED[f"tab {i}"] = len(texts)
        found += english_in(texts)
    for name, dialog in _dialogs(w, long_vault[1]):
        qtbot.addWidget(dialog)
        dialog.show()
        texts = shown_texts(dialog)
        CHECKED[name] = len(texts)
        found += english_in(texts)
        dialog.close()
    print("FRENCH WALK", CHECKED, sum(CHECKED.values()), "texts")
    assert found == [], "\n".join(sorted(set(found)))
