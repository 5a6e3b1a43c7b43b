"""The record's header: who she is, where she is in CTI, what she consented to, how to reach
her safely. The safe-contact notes can be read but not selected or copied."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.caseload import Flag
from exitdoors_desktop.core.consent import EffectiveConsent
from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.lifecycle import State
from exitdoors_desktop.core.timing import Timing
from exitdoors_desktop.ui.kit import vocabulary
from exitdoors_desktop.ui.kit.elide import ElidedLabel
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.vocabulary import short_state
from exitdoors_desktop.ui.kit.words import day, state_name
from exitdoors_desktop.ui.record.data import RecordSnapshot

MUTED = "color: palette(placeholder-text);"
TITLE = "font-size: 17pt; font-weight: 600;"
CHIP = "padding: 1px 8px; border-radius: 9px; background: %s; color: %s;"
WARN = ("#fdf1e2", "#6b3d07")
ALERT = ("#fbe9e7", "#8c1d18")
CALM = ("#e8eef6", "#22406b")


def phase_text(defs: Definitions, t: Timing | None, language: str) -> str:
    if t is None or t.state is None:
        return tr("Not enrolled yet")
    name = state_name(defs, t.state, language)
    if t.state is State.PAUSED and t.phase is not None:
        name = tr("Paused (in {phase})").format(phase=short_state(t.phase))
    parts = [name]
    if t.days_in_phase is not None:
        if t.target_days is not None:
            parts.append(tr("day {d} of {target}").format(d=t.days_in_phase, target=t.target_days))
        else:
            parts.append(tr("day {d}").format(d=t.days_in_phase))
    if t.overdue:
        parts.append(tr("{n} days past target").format(n=t.days_over))
    if t.next_contact_due is not None:
        parts.append(tr("next contact by {date}").format(date=day(t.next_contact_due)))
    if t.follow_up_pending:
        parts.append(tr("follow-up due"))
    return " · ".join(parts)


def consent_text(c: EffectiveConsent) -> str:
    def mark(ok: bool) -> str:
        return "✓" if ok else "✗"

    parts = [
        tr("store on device {m}").format(m=mark(c.store_on_device)),
        tr("program team {m}").format(m=mark(c.share_with_office)),
        tr("evaluation {m}").format(m=mark(c.deidentified_evaluation)),
    ]
    if c.partners:
        n = len(c.partners)
        parts.append(tr("1 partner") if n == 1 else tr("{n} partners").format(n=n))
    return " · ".join(parts)


class RecordHeader(QFrame):
    change_phase_requested = Signal()
    close_requested = Signal()
    erase_requested = Signal()
    archive_requested = Signal()

    def __init__(
        self,
        definitions: Definitions,
        language: str,
        parent: QWidget | None = None,
        copy: Callable[[str], None] | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("record_header")
        self._copy = copy
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet("#record_header { border-bottom: 1px solid palette(mid); }")
        self._defs = definitions
        self._language = language
        self._notes = ""
        # The buttons beside her details on a wide window; under them, in one line, when the
        # details would be squeezed to a narrow column (French at 150 % on a 1024-wide laptop).
        outer = self._outer = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        outer.setContentsMargins(12, 10, 12, 10)
        outer.setSpacing(12)
        left = self._left = QVBoxLayout()
        left.setSpacing(4)
        top = QHBoxLayout()
        top.setSpacing(10)
        self.name = ElidedLabel("", self)  # a long name ends in "…", whole in the tooltip
        self.name.setObjectName("record_name")
        self.name.setStyleSheet(TITLE)  # a widget sheet: the app's style sheet sets fonts too
        top.addWidget(self.name)
        self.pronouns = QLabel(self)
        self.pronouns.setObjectName("record_pronouns")
        self.pronouns.setStyleSheet(MUTED)
        top.addWidget(self.pronouns)
        self.minor = QLabel(vocabulary.flag_word(Flag.UNDER_18), self)
        self.minor.setObjectName("record_minor")
        self.minor.setStyleSheet(CHIP % ALERT)
        self.minor.setToolTip(tr("Duty-to-report rules for minors apply."))
        top.addWidget(self.minor)
        self.consent_warning = QLabel(tr("No consent to store recorded"), self)
        self.consent_warning.setObjectName("record_consent_warning")
        self.consent_warning.setStyleSheet(CHIP % WARN)
        # On its own line and wrapping: in French at 150 % it is wider than what the buttons
        # leave of a 1024-wide window.
        self.consent_warning.setWordWrap(True)
        top.addStretch(1)
        left.addLayout(top)
        # The full row's width: a word-wrapped label given only its own hint width was
        # squeezed to two clipped lines under a long name at 1024×600.
        left.addWidget(self.consent_warning)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self.phase = self._value_label("record_phase")
        self.consent = self._value_label("record_consent")
        self.safe_contact = self._value_label("record_safe_contact")
        # Readable, never selectable: no drag, no context menu, no Ctrl+C from the record.
        self.safe_contact.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.safe_contact.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.safe_contact.setWordWrap(True)
        for label in (self.phase, self.consent):  # they wrap rather than widen the window
            label.setWordWrap(True)
        for row, (caption, label) in enumerate(
            (
                (tr("Phase"), self.phase),
                (tr("Consent"), self.consent),
                (tr("Safe contact"), self.safe_contact),
            )
        ):
            cap = QLabel(caption, self)
            cap.setStyleSheet(MUTED)
            cap.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            cap.setWordWrap(True)  # "Contact sécuritaire" on two lines rather than widen it
            grid.addWidget(cap, row, 0)
            grid.addWidget(label, row, 1)
        # The only way to copy them: through the shell's clipboard guard, which wipes it.
        self.copy_safe_contact = QPushButton(tr("Copy safe contact"), self)
        self.copy_safe_contact.setObjectName("copy_safe_contact")
        self.copy_safe_contact.setFlat(True)
        self.copy_safe_contact.setToolTip(tr("Copied text is cleared from the clipboard soon."))
        self.copy_safe_contact.setVisible(copy is not None)
        self.copy_safe_contact.clicked.connect(self._on_copy_clicked)
        grid.setColumnStretch(1, 1)
        left.addLayout(grid)
        outer.addLayout(left, 1)
        # Two columns of buttons (phase, close / archive, erase) beside the details: one column
        # of four made the header too tall for a 600-px-high screen. Under the details they
        # are one line (see _place_buttons).
        buttons = self._buttons = QGridLayout()
        buttons.setSpacing(6)
        self.change_phase = QPushButton(tr("Change &phase…"), self)
        self.change_phase.setObjectName("change_phase")
        self.change_phase.clicked.connect(self.change_phase_requested)
        self.close_button = QPushButton(tr("&Close record"), self)
        self.close_button.setObjectName("close_record")
        self.close_button.clicked.connect(self.close_requested)
        # Archive = close her file (a phase move to Closed): reversible, "Change phase…" →
        # re-enrol brings her back. Erase… (below) removes her for good. Shown by RecordWidget
        # to roles that may move phases, while her file is open.
        self.archive_button = QPushButton(tr("&Archive…"), self)
        self.archive_button.setObjectName("archive_record")
        self.archive_button.setToolTip(
            tr("Close her file. She stays in the notes and can be re-enrolled later "
               "(Change phase…). To remove her for good, use Erase….")
        )  # fmt: skip
        self.archive_button.clicked.connect(self.archive_requested)
        self.archive_button.setVisible(False)
        # Shown only to roles that may erase (supervisor, admin): see RecordWidget.
        self.erase_button = QPushButton(tr("Erase…"), self)
        self.erase_button.setObjectName("erase_record")
        self.erase_button.clicked.connect(self.erase_requested)
        self.erase_button.setVisible(False)
        self._stacked: bool | None = None
        self._place_buttons(stacked=False)
        outer.addLayout(buttons)
        self._reflow_timer = QTimer(self)  # never re-lay out inside a resize (it crashes)
        self._reflow_timer.setSingleShot(True)
        self._reflow_timer.setInterval(0)
        self._reflow_timer.timeout.connect(self._reflow)

    def _place_buttons(self, *, stacked: bool) -> None:
        """Beside the details: phase, close / archive, erase / copy. Above them: one line
        (copy on the next), so the header stays low on a 600-px-high screen and its buttons
        stay in view."""
        if stacked == self._stacked:
            return
        grid = self._buttons
        order = (self.change_phase, self.close_button, self.archive_button, self.erase_button)
        for b in (*order, self.copy_safe_contact):
            grid.removeWidget(b)
        for c in range(grid.columnCount()):
            grid.setColumnStretch(c, 0)
        for r in range(grid.rowCount()):
            grid.setRowStretch(r, 0)
        columns = 4 if stacked else 2
        for i, b in enumerate(order):
            grid.addWidget(b, i // columns, i % columns)
        # Under the buttons rather than beside the safe contact: beside it, the header was too
        # wide for a 1024-px window in French at 150 %.
        row = -(-len(order) // columns)
        grid.addWidget(self.copy_safe_contact, row, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        grid.setRowStretch(row + 1, 1)
        grid.setColumnStretch(columns, 1 if stacked else 0)
        # Stacked, the buttons come first, above her details: under them they fell below the
        # header's visible part (it scrolls, at most 45 % of the record's height) at French
        # 150 % on 1024×600, reached only by scrolling or tabbing blind.
        self._outer.setDirection(
            QBoxLayout.Direction.BottomToTop if stacked else QBoxLayout.Direction.LeftToRight
        )
        self._stacked = stacked
        self.updateGeometry()

    def _wants_stacked(self, width: int) -> bool:
        pair = max(
            self.change_phase.sizeHint().width() + self.close_button.sizeHint().width(),
            self.archive_button.sizeHint().width() + self.erase_button.sizeHint().width(),
        )
        room_for_details = width - pair - 6 - 12 - 24
        return room_for_details < self.fontMetrics().averageCharWidth() * 34

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        # The least is the stacked one (buttons in a line under the details): the header turns
        # rather than hold the window wider than a 1024-px screen.
        hint = super().minimumSizeHint()
        shown = [b for b in (self.change_phase, self.close_button, self.archive_button,
                             self.erase_button) if not b.isHidden()]  # fmt: skip
        row = sum(b.sizeHint().width() for b in shown) + 6 * max(0, len(shown) - 1)
        margins = self._outer.contentsMargins()
        width = max(
            self._left.minimumSize().width(), row, self.copy_safe_contact.sizeHint().width()
        )
        return QSize(min(hint.width(), width + margins.left() + margins.right()), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._wants_stacked(event.size().width()) != self._stacked:
            self._reflow_timer.start()

    def _reflow(self) -> None:
        self._place_buttons(stacked=self._wants_stacked(self.width()))

    def _value_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        return label

    def refresh(self, snap: RecordSnapshot, minor: bool) -> None:
        c = snap.client
        self.name.setText(c.preferred_name)
        self.pronouns.setText(c.pronouns or "")
        self.pronouns.setVisible(bool(c.pronouns))
        self.minor.setVisible(minor)
        self.phase.setText(phase_text(self._defs, snap.timing, self._language))
        self.consent.setText(consent_text(snap.consent))
        self.consent_warning.setVisible(not snap.consent.store_on_device)
        self.safe_contact.setText(c.safe_contact_notes or tr("None recorded"))
        self._notes = c.safe_contact_notes or ""
        self.copy_safe_contact.setEnabled(bool(self._notes))

    def _on_copy_clicked(self) -> None:
        if self._copy is not None and self._notes:
            self._copy(self._notes)
