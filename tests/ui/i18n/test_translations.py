"""The French catalogue is complete and current, the words are literals lupdate can see, Qt's
own dialogs speak French, and each user's language is applied at her unlock."""

from __future__ import annotations

import ast
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale

from exitdoors_desktop.core.metrics import labels
from exitdoors_desktop.storage.program_repo import SettingsRepository
from exitdoors_desktop.ui.kit import vocabulary
from exitdoors_desktop.ui.kit.i18n import use_language
from exitdoors_desktop.ui.shell.main_window import MainWindow
from exitdoors_desktop.ui.shell.settings_dialog import language
from tests.ui.i18n.conftest import BIN, ROOT, compiled_qm

TS = ROOT / "resources" / "translations" / "exitdoors_fr.ts"
SOURCES = sorted((ROOT / "exitdoors_desktop").rglob("*.py"))


def _messages(ts: Path) -> list[tuple[str, str, str | None, str]]:
    """(context, source, translation type, translation text) for every message."""
    out = []
    for ctx in ET.parse(ts).getroot():
        name = ctx.findtext("name") or ""
        for m in ctx.findall("message"):
            t = m.find("translation")
            assert t is not None
            text = t.text or " ".join(f.text or "" for f in t.findall("numerusform"))
            out.append((name, m.findtext("source") or "", t.get("type"), text))
    return out


def test_lupdate_finds_nothing_new_unfinished_or_vanished(tmp_path: Path) -> None:
    copy = tmp_path / "exitdoors_fr.ts"
    shutil.copy(TS, copy)
    run = subprocess.run(
        [str(BIN / "pyside6-lupdate"), "-locations", "none", "-target-language", "fr_CA",
         *map(str, SOURCES), "-ts", str(copy)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    messages = _messages(copy)
    unfinished = [m[1] for m in messages if m[2] == "unfinished"]
    vanished = [m[1] for m in messages if m[2] in ("vanished", "obsolete")]
    print(f"LUPDATE {len(messages)} messages, {len(unfinished)} unfinished, "
          f"{len(vanished)} vanished: {run.stdout.strip().splitlines()[-1]}")  # fmt: skip
    assert len(messages) > 700
    assert unfinished == [], f"{len(unfinished)} untranslated, e.g. {unfinished[:5]}"
    assert vanished == [], f"{len(vanished)} no longer in the sources, e.g. {vanished[:5]}"


def test_every_vocabulary_and_report_word_is_in_the_catalogue_in_french() -> None:
    catalogue = {(c, s): text for c, s, _, text in _messages(TS)}
    same_in_french = {"Phase 1", "Phase 2", "Phase 3", "%", "Total", "Verbal", "Date", "Notes"}
    tables: list[tuple[str, object]] = [
        (vocabulary.CONTEXT, t)
        for t in (vocabulary.SHORT_STATE, vocabulary.FLAG, vocabulary.FLAG_HELP, vocabulary.KIND,
                  vocabulary.REASON, vocabulary.SCOPE, vocabulary.METHOD, vocabulary.ACTION,
                  vocabulary.ROLE)
    ] + [
        ("", t)
        for t in (labels.SECTION_TITLES, labels.TABLE_TITLES, labels.COLUMN_TITLES,
                  labels.FIXED_ROWS, labels.TABLE_COLUMN_TITLES, labels.VIEW_NAMES,
                  labels.VIEW_NOTES, dict(enumerate(labels.MONTHS)))
    ]  # fmt: skip
    checked = 0
    for context, table in tables:
        assert isinstance(table, dict)
        for english in table.values():
            french = catalogue.get((context, english))
            assert french, f"{english!r} is not in the catalogue under {context!r}"
            assert french != english or english in same_in_french, english
            checked += 1
    print(f"VOCABULARY {checked} words checked")
    assert checked > 150


# Calls whose text is a variable, each reading a table whose literals are marked with
# QT_TRANSLATE_NOOP (the test above checks those tables are in the catalogue).
MARKED_LOOKUPS = {
    "core/metrics/labels.py": 8,  # row, month, column (2), section, table, view name, note
    "ui/kit/vocabulary.py": 1,
    "ui/kit/i18n.py": 1,
    "ui/caseload/model.py": 1,  # COLUMN_WORDS
    "ui/reports/page.py": 1,  # TABS
    "ui/reports/cycles.py": 1,  # COLUMNS
    "ui/reports/models.py": 1,  # HEADERS
    "ui/reports/charts.py": 1,  # CHARTS
}


def _is_marker(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and getattr(node.func, "id", "") == "QT_TRANSLATE_NOOP"


def _literals_given_to_tr(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
        args = node.args[1:2] if name in ("translate", "QT_TRANSLATE_NOOP") else node.args[:1]
        if name not in ("tr", "translate", "QT_TRANSLATE_NOOP") or not args:
            continue
        if isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
            out.append((node.lineno, args[0].value))
    return out


def test_every_literal_given_to_tr_is_in_the_catalogue() -> None:
    """lupdate skips some calls (inside f-strings, for one): each would stay English."""
    sources = {s for _, s, _, _ in _messages(TS)}
    missing = [
        f"{path.name}:{line}: {text[:60]!r}"
        for path in SOURCES
        for line, text in _literals_given_to_tr(path)
        if text not in sources
    ]
    assert missing == [], "\n".join(missing)


def test_no_translation_of_a_variable_outside_marked_tables() -> None:
    found: dict[str, int] = {}
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            if name not in ("tr", "translate"):
                continue
            text = node.args[1] if name == "translate" and len(node.args) > 1 else node.args[0]
            if name == "translate" and not (
                len(node.args) > 1
                and isinstance(node.args[0], ast.Constant | ast.Name)
                and not isinstance(getattr(node.args[0], "value", ""), int | float)
            ):
                continue  # QPainter.translate(dx, dy), not QCoreApplication.translate
            if isinstance(text, ast.Constant) or _is_marker(text):
                continue
            rel = path.relative_to(ROOT / "exitdoors_desktop").as_posix()
            found[rel] = found.get(rel, 0) + 1
    extra = {k: v for k, v in found.items() if v > MARKED_LOOKUPS.get(k, 0)}
    assert extra == {}, f"tr() of a variable (lupdate cannot see it): {extra}"


def test_qt_own_dialog_words_and_locale_follow_the_language(qapp) -> None:  # type: ignore[no-untyped-def]
    compiled_qm()
    try:
        assert use_language("fr")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
        assert QCoreApplication.translate("Vocabulary", "Consent missing") == (
            "Consentement manquant"
        )
        assert QLocale().name() == "fr_CA"
    finally:
        use_language("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert QLocale().name() == "en_CA"


def test_language_is_per_user_and_shows_from_the_unlock(qtbot, french_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws = french_window.workspace
    assert ws is not None
    assert ws.nav.item(0).text() == "Charge de cas"
    assert french_window.lock_button.text() == "&Verrouiller"
    session = french_window.session
    assert session is not None
    assert language(session) == "fr"
    # Another user's choice is hers alone.
    SettingsRepository(session).set(f"language:{session.user_name}", "en")
    SettingsRepository(session).set("language:someone_else", "fr")
    assert language(session) == "en"
