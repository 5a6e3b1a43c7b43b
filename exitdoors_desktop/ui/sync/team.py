"""Settings → Team: the team's laptops (the names an admin gave them here, who added them,
when, role, when they last synced, removed?),
the current key epoch, "waiting for <admin> to let this laptop in" while pending, and for an
admin "Name…" and "Remove device…" with a confirmation (removing an admin, or a wipe, while
there are two admins or more, is proposed for a second admin's signature). Reads and the removal go through sync.service (the
same functions as `exitdoors sync team`) on the window's worker, off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.permissions import Permission, allowed
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.sync import service
from exitdoors_desktop.sync.membership import ADMIN
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.table import Column, ColumnTableModel
from exitdoors_desktop.ui.kit.tasks import error_words


@dataclass(frozen=True)
class TeamSnapshot:
    """What the box shows; ``info`` is None while this laptop waits to be let in."""

    info: service.TeamInfo | None
    waiting_for: str | None

    @property
    def this_laptop_is_admin(self) -> bool:
        return self.info is not None and any(
            d.this_laptop and d.current and d.role == ADMIN for d in self.info.devices
        )

    def name_of(self, device: str) -> str:
        if self.info is not None:
            for d in self.info.devices:
                if d.device == device:
                    return d.name
        return device[:8]


def load_team(session: Session) -> TeamSnapshot:
    """Read what this laptop last verified about its team (no network)."""
    st = service.status(session)
    if st.waiting_for:
        return TeamSnapshot(None, st.waiting_for)
    return TeamSnapshot(service.team_info(session), None)


def _role_words(role: str) -> str:
    return {"admin": tr("Admin"), "member": tr("Member")}.get(role, role)


def _heard(d: service.TeamDevice) -> str:
    """The latest signed time of a verified message of it (this laptop: not applicable)."""
    if d.this_laptop:
        return ""
    return (d.last_heard or "")[:16].replace("T", " ") or tr("never")


class TeamModel(ColumnTableModel):
    """One row per device the team ever had (removed ones stay, marked)."""

    def __init__(self, parent: QObject | None = None) -> None:
        self._snapshot = TeamSnapshot(None, None)

        def name(d: service.TeamDevice) -> str:
            return d.name + (tr(" (this laptop)") if d.this_laptop else "")

        def added_by(d: service.TeamDevice) -> str:
            if d.added_by == d.device:
                return tr("created the team")
            return self._snapshot.name_of(d.added_by)

        super().__init__(
            [
                Column(lambda: tr("Laptop"), name),
                Column(lambda: tr("Added by"), added_by),
                Column(lambda: tr("When"), lambda d: str(d.added_at)[:16].replace("T", " ")),
                Column(lambda: tr("Role"), lambda d: _role_words(d.role)),
                Column(lambda: tr("Removed"), lambda d: "" if d.current else tr("removed")),
                Column(
                    lambda: tr("Last synced"),
                    lambda d: (
                        str(d.last_synced)[:16].replace("T", " ") if d.last_synced else tr("never")
                    ),
                ),
                Column(lambda: tr("Last heard from"), _heard),
            ],
            parent,
        )

    def show(self, snapshot: TeamSnapshot) -> None:
        self._snapshot = snapshot
        self.set_rows(snapshot.info.devices if snapshot.info else [])

    def device(self, row: int) -> service.TeamDevice:
        device: service.TeamDevice = self.row_at(row)
        return device


class TeamBox(QGroupBox):
    """The Team group of the Settings dialog (only built when sync is set up).

    ``confirm(name, wipe)`` asks before removing (a test gives its own); ``removed`` fires with
    the device id once the office has taken the removal.
    """

    loaded = Signal()
    removed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 confirm: Callable[[str, bool], bool] | None = None,
                 ask_name: Callable[[str], str | None] | None = None) -> None:  # fmt: skip
        super().__init__(tr("Team"), parent)
        self.setObjectName("teamBox")
        self._ctx = ctx
        self._confirm = confirm or self._ask
        self._ask_name = ask_name or self._ask_for_name
        self._may_manage = allowed(ctx.session.role, Permission.SYNC_TEAM)
        self._busy = False
        self.snapshot = TeamSnapshot(None, None)
        self.epoch = QLabel(self)
        self.epoch.setObjectName("teamEpoch")
        self.waiting = QLabel(self)
        self.waiting.setObjectName("teamWaiting")
        self.waiting.setWordWrap(True)
        self.waiting.hide()
        self.model = TeamModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("teamTable")
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setAccessibleName(tr("Team laptops"))
        self.wipe = QCheckBox(tr("Also tell it to wipe its notes"), self)
        self.wipe.setObjectName("teamWipe")
        self.remove = QPushButton(tr("Remove device…"), self)
        self.remove.setObjectName("teamRemove")
        self.rename = QPushButton(tr("Name…"), self)
        self.rename.setObjectName("teamName")
        self.message = QLabel(self)
        self.message.setObjectName("teamMessage")
        self.message.setWordWrap(True)
        note = QLabel(
            tr("Removing a laptop gives the team a new key that laptop never gets. "
               "Sync first to see the latest list."), self)  # fmt: skip
        note.setProperty("role", "note")
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.wipe)
        buttons.addStretch(1)
        buttons.addWidget(self.rename)
        buttons.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.addWidget(self.waiting)
        layout.addWidget(self.epoch)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(note)
        self.remove.clicked.connect(self._on_remove_clicked)
        self.rename.clicked.connect(self._on_rename_clicked)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()
        self.reload()

    # -- reading --------------------------------------------------------------------------

    def reload(self) -> None:
        self._ctx.in_background(load_team, self._on_loaded, self._on_load_failed, self)

    def _on_loaded(self, snapshot: TeamSnapshot) -> None:
        self.snapshot = snapshot
        self.model.show(snapshot)
        if snapshot.waiting_for:
            self.waiting.setText(
                tr("Waiting for %1 to let this laptop in.").replace("%1", snapshot.waiting_for)
            )
            self.waiting.show()
            self.epoch.setText("")
        else:
            self.waiting.hide()
            epoch = snapshot.info.epoch if snapshot.info else 0
            self.epoch.setText(tr("Team key: number %1").replace("%1", str(epoch)))
        self._update_buttons()
        self.loaded.emit()

    def _on_load_failed(self, exc: BaseException) -> None:
        self.message.setText(error_words(exc))
        self.loaded.emit()

    # -- removing -------------------------------------------------------------------------

    def can_remove(self) -> bool:
        return self._may_manage and self.snapshot.this_laptop_is_admin

    def selected(self) -> service.TeamDevice | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.device(rows[0].row()) if rows else None

    def _update_buttons(self, *_args: object) -> None:
        admin = self.can_remove()
        self.remove.setVisible(admin)
        self.wipe.setVisible(admin)
        self.rename.setVisible(admin)
        chosen = self.selected()
        self.rename.setEnabled(not self._busy and chosen is not None)
        self.remove.setEnabled(
            not self._busy and chosen is not None and chosen.current and not chosen.this_laptop
        )

    def _ask(self, name: str, wipe: bool) -> bool:
        text = (
            tr("Remove %1 from the team and tell it to wipe its notes? The team gets a new "
               "key. This cannot be undone.")
            if wipe
            else tr("Remove %1 from the team? The team gets a new key that it never receives. "
                    "This cannot be undone.")
        ).replace("%1", name)  # fmt: skip
        answer = QMessageBox.question(self, tr("Remove device"), text)
        return answer == QMessageBox.StandardButton.Yes

    def _on_remove_clicked(self) -> None:
        chosen = self.selected()
        if self._busy or chosen is None or not self.can_remove():
            return
        if chosen.this_laptop or not chosen.current:
            return
        wipe = self.wipe.isChecked()
        if not self._confirm(chosen.name, wipe):
            return
        self._busy = True
        self._update_buttons()
        self.message.setText(tr("Removing…"))
        device = chosen.device

        def work(session: Session) -> tuple[TeamSnapshot, str | None, str | None]:
            removal, wipe_ = service.remove_device(session, device, wipe=wipe)
            return load_team(session), removal, wipe_

        self._ctx.in_background(
            work, lambda got: self._on_removed(device, *got), self._on_remove_failed, self
        )

    def _on_removed(
        self, device: str, snapshot: TeamSnapshot, removal: str | None, wipe: str | None
    ) -> None:
        self._busy = False
        self.wipe.setChecked(False)
        self._on_loaded(snapshot)
        if removal or wipe:
            self.message.setText(
                tr("Proposed: with two admins or more, another admin must co-sign it on their "
                   "laptop (exitdoors sync team --cosign %1); it takes effect at this laptop's "
                   "next sync after that.").replace("%1", " ".join(p for p in (removal, wipe) if p))
            )  # fmt: skip
        else:
            self.message.setText(tr("Removed. The team has a new key."))
        if not removal:
            self.removed.emit(device)

    # -- naming ---------------------------------------------------------------------------

    def _ask_for_name(self, current: str) -> str | None:
        text, ok = QInputDialog.getText(self, tr("Name a laptop"),
                                        tr("The name this laptop shows for it:"), text=current)  # fmt: skip
        return text if ok else None

    def _on_rename_clicked(self) -> None:
        chosen = self.selected()
        if self._busy or chosen is None or not self.can_remove():
            return
        name = self._ask_name(chosen.name)
        if not name or not name.strip():
            return
        device = chosen.device

        def work(session: Session) -> TeamSnapshot:
            service.name_device(session, device, name)
            return load_team(session)

        self._ctx.in_background(work, self._on_loaded, self._on_remove_failed, self)

    def _on_remove_failed(self, exc: BaseException) -> None:
        self._busy = False
        self._update_buttons()
        self.message.setText(error_words(exc))
