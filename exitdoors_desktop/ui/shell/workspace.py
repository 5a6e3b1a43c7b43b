"""The workspace: navigation on the left, the pages on the right (each built when first shown),
and a client record opened over the caseload."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from exitdoors_desktop.core.errors import ExitDoorsError
from exitdoors_desktop.core.permissions import Permission, allowed
from exitdoors_desktop.core.program import ProgramSettings
from exitdoors_desktop.storage.caseload_query import caseload, caseload_outline
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.ui.caseload.model import PreparedRows, first_by_name, prepare_rows
from exitdoors_desktop.ui.caseload.view import CaseloadPage
from exitdoors_desktop.ui.groups.page import GroupsPage
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.gc_pause import gc_paused
from exitdoors_desktop.ui.kit.keys import focus_first, release_tab
from exitdoors_desktop.ui.kit.page import NothingToSave, Page, Passive
from exitdoors_desktop.ui.kit.tasks import CancelToken, TaskRunner, log_unexpected, show_error
from exitdoors_desktop.ui.outreach.page import OutreachPage
from exitdoors_desktop.ui.partners.page import PartnersPage
from exitdoors_desktop.ui.record.widget import ClientRecordWidget
from exitdoors_desktop.ui.reports.page import ReportsPage

PageFactory = Callable[[AppContext, QWidget], tuple[QWidget, Page]]


def _outreach(ctx: AppContext, parent: QWidget) -> tuple[QWidget, Page]:
    page = OutreachPage(ctx, parent)
    return page, page


def _partners(ctx: AppContext, parent: QWidget) -> tuple[QWidget, Page]:
    page = PartnersPage(ctx, parent)
    return page, page


def _reports(ctx: AppContext, parent: QWidget) -> tuple[QWidget, Page]:
    page = ReportsPage(ctx, parent)
    return page, NothingToSave(page)


def _groups(ctx: AppContext, parent: QWidget) -> tuple[QWidget, Page]:
    return GroupsPage(ctx, parent), Passive()


# (navigation label, factory of the page and its hooks): built when first shown. A page that
# fails to import is a bug to see at once, never hidden behind a placeholder.
PAGES: tuple[tuple[str, PageFactory], ...] = (
    ("Outreach", _outreach),
    ("Partners", _partners),
    ("Reports", _reports),
    ("Groups", _groups),
)

# Pages only some roles see (core/permissions); the others are for everyone.
PAGE_PERMISSIONS = {"Outreach": Permission.OUTREACH_LOG, "Reports": Permission.REPORTS}


class Workspace(QWidget):
    """Navigation on the left, pages on the right; a client record opens over the caseload."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, worker: Session,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("workspace")
        self.ctx, self._runner, self._worker = ctx, runner, worker
        self._loading: CancelToken | None = None
        self._first_load_queued = self._full_delivered = False
        self._first_load: CancelToken | None = None
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(self.tr("Pages"))
        self.nav.setFixedWidth(180)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("pages")
        # Only the page on screen sets the window's minimum size: a wide page once visited
        # must not keep the window too wide for a 1024 laptop.
        self.stack.currentChanged.connect(self._on_stack_current_changed)
        self.caseload = CaseloadPage(ctx, self._load_caseload, self)
        self.record: ClientRecordWidget | None = None
        self.pages: dict[str, QWidget] = {}  # built pages; the others are built when first shown
        self._hooks: dict[str, Page] = {}  # each built page's save_drafts and stop
        self._labels: list[str] = []
        self._factories: dict[str, Callable[[], tuple[QWidget, Page]]] = {}
        self._add(self.tr("Caseload"), self.caseload, self.caseload)
        labels = {"Outreach": self.tr("Outreach"), "Partners": self.tr("Partners"),
                  "Reports": self.tr("Reports"), "Groups": self.tr("Groups")}  # fmt: skip
        for key, factory in PAGES:
            need = PAGE_PERMISSIONS.get(key)
            if need is None or allowed(ctx.session.role, need):  # app-level role rules
                self._add_later(labels[key], factory)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)
        self.caseload.client_opened.connect(self.open_client)
        self.nav.setCurrentRow(0)
        self.caseload.reload()

    def _on_stack_current_changed(self, _index: int) -> None:
        fit_to_current(self.stack)

    def _add(self, label: str, page: QWidget, hooks: Page) -> None:
        self.pages[label] = page
        self._hooks[label] = hooks
        self._labels.append(label)
        self.nav.addItem(label)
        self.stack.addWidget(page)

    def _add_later(self, label: str, factory: PageFactory) -> None:
        # Other pages cost hundreds of ms to build on a big vault: not before they are wanted.
        self._labels.append(label)
        self.nav.addItem(label)
        self._factories[label] = lambda: factory(self.ctx, self)

    def page(self, label: str) -> QWidget:
        """The page under ``label``, built now if it was not yet."""
        if label not in self.pages:
            page, hooks = self._factories.pop(label)()
            release_tab(page)
            self.pages[label] = page
            self._hooks[label] = hooks
            self.stack.addWidget(page)
        return self.pages[label]

    def _load_caseload(self, deliver: Callable[[PreparedRows], None]) -> None:
        # A newer load makes the older one's result unwanted.
        if self._loading is not None:
            self._loading.cancel()
        today, program, worker = self.ctx.today(), self.ctx.definitions.program, self._worker
        if not self._first_load_queued:
            # At unlock, a screenful first (read through the per-client indexes), then
            # everyone: on a big vault the full read takes about a second.
            self._first_load_queued = True
            self._first_load = self._runner.run(
                lambda: _first_screen(worker, program, today),
                lambda rows: None if rows is None or self._full_delivered else deliver(rows),
                self._on_load_failed,
                self,
            )

        def full(rows: PreparedRows) -> None:
            self._full_delivered = True
            deliver(rows)

        self._loading = self._runner.run(
            lambda: _read_all(worker, program, today),
            full,
            self._on_load_failed,
            self,
        )

    def _on_load_failed(self, exc: BaseException) -> None:
        self.caseload.show_load_failed()
        show_error(self, exc)

    def _on_nav_current_row_changed(self, row: int) -> None:
        self.close_client()
        if 0 <= row < len(self._labels):
            self.stack.setCurrentWidget(self.page(self._labels[row]))
            focused = QApplication.focusWidget()
            if focused is None or not focused.isVisible():
                self.focus_page()  # focus never vanishes with the page it was on

    def show_page(self, row: int) -> None:
        """Ctrl+1…4: that page, with focus in its first field."""
        if 0 <= row < len(self._labels):
            self.nav.setCurrentRow(row)
            if self.record is not None:
                self._on_record_closed()
            self.focus_page()

    def focus_page(self) -> None:
        focus_first(self.stack.currentWidget())

    def search(self) -> None:
        """Ctrl+F: the caseload's search, its text selected to be typed over."""
        self.show_page(0)
        self.caseload.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.caseload.search.selectAll()

    def new_client(self) -> None:
        """Ctrl+N: the New client dialog, from wherever she is."""
        self.show_page(0)
        self.caseload.new_button.click()

    def open_client(self, client_id: str) -> None:
        self.close_client()
        try:
            record = ClientRecordWidget(self.ctx, client_id, self)
        except ExitDoorsError as exc:
            show_error(self, exc)
            return
        self.record = record
        record.closed.connect(self._on_record_closed)
        self.stack.addWidget(record)
        self.stack.setCurrentWidget(record)
        release_tab(record)
        # Focus follows her into the record (the button that opened it is gone from view).
        record.tabs.tabBar().setFocus(Qt.FocusReason.OtherFocusReason)

    def close_client(self) -> None:
        if self.record is not None:
            self.save_drafts()
            self.record.release()  # one place where its autosaving ends, before deleteLater
            self.stack.removeWidget(self.record)
            self.record.deleteLater()
            self.record = None

    def _on_record_closed(self) -> None:
        client_id = self.record.client_id if self.record is not None else None
        self.close_client()
        self.nav.setCurrentRow(0)
        self.stack.setCurrentWidget(self.caseload)  # its rows were put right at each write
        if client_id is not None:
            self.caseload.select_client(client_id)  # back on her row
        self.caseload.table.setFocus()

    def save_drafts(self) -> None:
        """Before a lock: every page with typed text writes it as a draft inside the vault."""
        pages: list[Page] = [*self._hooks.values()]
        if self.record is not None:
            pages.insert(0, self.record)
        for page in pages:
            try:
                page.save_drafts()
            except Exception as exc:  # noqa: BLE001 - locking must go on regardless
                log_unexpected(exc)

    def stop(self) -> None:
        """Before a lock: no background answer may reach a page (or an error box) afterwards."""
        for token in (self._first_load, self._loading):
            if token is not None:
                token.cancel()
        pages: list[Page] = [*self._hooks.values()]
        if self.record is not None:
            pages.append(self.record)
        for page in pages:
            page.stop()


def fit_to_current(stack: QStackedWidget) -> None:
    """Pages not shown are Ignored by the stack's size, so they ask for no room."""
    current = stack.currentWidget()
    for i in range(stack.count()):
        page = stack.widget(i)
        if page is None:
            continue
        policy = QSizePolicy.Policy.Preferred if page is current else QSizePolicy.Policy.Ignored
        page.setSizePolicy(policy, policy)
    stack.updateGeometry()


FIRST_SCREEN = 200  # rows read whole first at unlock: more than any screen shows


def _read_all(session: Session, program: ProgramSettings, today: dt.date) -> PreparedRows:
    with gc_paused():  # plain values by the hundred thousand: see ui/kit/gc_pause.py
        return prepare_rows(caseload(session, program, today))


def _first_screen(
    session: Session, program: ProgramSettings, today: dt.date
) -> PreparedRows | None:
    """Everyone she may see as a pending line (names only), with the lines of those listed
    first (by name) read whole; None when the vault is small enough to read whole at once.
    The page asks for the details of any other line it draws before the full read ends."""
    outline = caseload_outline(session)  # only the clients her role lets her see
    if len(outline) <= FIRST_SCREEN * 2:
        return None
    ids = first_by_name([(r.client_id, r.preferred_name) for r in outline], FIRST_SCREEN)
    read = {r.client_id: r for r in caseload(session, program, today, client_ids=ids)}
    rows = [read.get(r.client_id, r) for r in outline]
    return prepare_rows(rows, complete=False, total=len(outline))
