"""Translation: the one module-level ``tr``, and switching the app's language.

pyside6-lupdate files a bare ``tr("…")`` call (and ``QT_TRANSLATE_NOOP("", …)``) under the
empty context, so ``tr`` translates in the empty context: what lupdate extracts is what the app
looks up. Classes keep ``self.tr`` (their class name is the context). Every argument must be a
literal where it is written — a variable passed to ``tr`` is invisible to lupdate (the
vocabulary module and the report labels mark theirs with QT_TRANSLATE_NOOP).

``use_language`` installs our exitdoors_<lang>.qm and Qt's own qtbase_<lang>.qm (standard
dialogs' buttons) and sets the default QLocale (fr_CA / en_CA) that dates, numbers and money
are written in. Widgets read their words when built: the main window builds the workspace
after it has set the user's language, so a change shows from the next unlock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from exitdoors_desktop.core.errors import InvalidInput

CONTEXT = ""
LANGUAGES = ("en", "fr")
LOCALES = {"en": "en_CA", "fr": "fr_CA"}
_installed: list[QTranslator] = []
_current = ["en"]


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate(CONTEXT, text, None, n)


def translations_dir() -> Path | None:
    try:
        path = Path(str(resources.files("resources") / "translations"))
    except ModuleNotFoundError:  # pragma: no cover - a broken install
        return None
    return path if path.is_dir() else None


def _qm_files(language: str) -> list[Path]:
    ours = translations_dir()
    files = [ours / f"exitdoors_{language}.qm"] if ours else []
    # Qt's own words: the copy `make translations` puts beside ours (the bundle carries it),
    # else the one in PySide6's folder.
    local = ours / f"qtbase_{language}.qm" if ours else None
    if local is not None and local.is_file():
        files.append(local)
    else:
        qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        files.append(qt_dir / f"qtbase_{language}.qm")
    return files


def use_language(language: str) -> bool:
    """Switch to ``language`` ("en" or "fr"); False when its .qm is missing (English stays).
    Needs a QCoreApplication."""
    language = language if language in LANGUAGES else "en"
    app = QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)
    ok = True
    if language != "en" and app is not None:
        for path in _qm_files(language):
            translator = QTranslator(app)
            if translator.load(str(path)):
                app.installTranslator(translator)
                _installed.append(translator)
            elif path.name.startswith("exitdoors_"):
                ok = False
    if not ok:
        language = "en"
    QLocale.setDefault(QLocale(LOCALES[language]))
    _current[0] = language
    return ok


def current_language() -> str:
    return _current[0]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802  (the name lupdate knows)
    """Marks a literal for pyside6-lupdate and returns it (typed ``str``, unlike Qt's)."""
    return text


@contextmanager
def exporting_in(language: str) -> Iterator[Callable[[str], str]]:
    """For the command line: the catalogue of ``language`` installed (on a core application
    made for the purpose when there is none), its ``tr`` given, English again afterwards.
    Raises ``InvalidInput`` when the catalogue is missing."""
    app = QCoreApplication.instance() or QCoreApplication([])
    try:
        if not use_language(language):
            raise InvalidInput(f"the {language} translation is missing: run `make translations`")
        yield tr
    finally:
        use_language("en")
        del app
