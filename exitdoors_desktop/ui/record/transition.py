"""The "Change phase…" dialog: only the moves the CTI state machine allows from where she is,
with a date and a reason; anything the core still refuses is shown in words, in place."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.eligibility import evaluate
from exitdoors_desktop.core.errors import IllegalTransition
from exitdoors_desktop.core.lifecycle import (
    ALLOWED_REASONS,
    CTI_PHASES,
    History,
    PhaseTransition,
    Reason,
    State,
    TransitionKind,
    current_state,
)
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.date_input import DateInput
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.vocabulary import kind_name, reason_name, short_state
from exitdoors_desktop.ui.kit.words import day, state_name, transition_error
from exitdoors_desktop.ui.record.data import INTAKE_FORM, RecordStore, legal_moves

ERROR_STYLE = "color: #8c1d18;"
NOTE_STYLE = "color: #6b3d07;"


class TransitionDialog(QDialog):
    """After ``exec()`` returns Accepted, ``transition`` holds the recorded move."""

    def __init__(
        self, ctx: AppContext, store: RecordStore, history: History, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transition_dialog")
        self.setWindowTitle(tr("Change phase"))
        self.ctx = ctx
        self.store = store
        self.history = history
        self.transition: PhaseTransition | None = None
        self._moves = legal_moves(history)

        layout = QVBoxLayout(self)
        # The dialog grows with its notes instead of squashing the fields under them.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        state = current_state(history)
        since = tr(" · since {date}").format(date=day(history[-1].date)) if history else ""
        now = QLabel(
            tr("Now: {state}").format(state=state_name(ctx.definitions, state, ctx.language))
            + since,
            self,
        )
        now.setObjectName("transition_now")
        now.setWordWrap(True)
        layout.addWidget(now)
        # A grid, not a QFormLayout: the form measured the date's wrapped message at one width
        # and laid it out at a narrower one, so the message was cut and the field squashed.
        form = QGridLayout()
        form.setColumnStretch(1, 1)
        self.move_combo = QComboBox(self)
        self.move_combo.setObjectName("transition_move")
        for to_state, kind in self._moves:
            self.move_combo.addItem(
                f"{kind_name(kind)} → {short_state(to_state)}", (to_state.value, kind.value)
            )
        self.move_combo.currentIndexChanged.connect(self._on_move_combo_changed)
        move_label = QLabel(tr("&Move"), self)
        move_label.setBuddy(self.move_combo)
        form.addWidget(move_label, 0, 0)
        form.addWidget(self.move_combo, 0, 1)
        self.reason_combo = QComboBox(self)
        self.reason_combo.setObjectName("transition_reason")
        reason_label = QLabel(tr("&Reason"), self)
        reason_label.setBuddy(self.reason_combo)
        form.addWidget(reason_label, 1, 0)
        form.addWidget(self.reason_combo, 1, 1)
        # Today unless she says otherwise, as in Add a reading and Consent: an empty required
        # date only made her type today's date, and the move is usually recorded the day it
        # happens. The same-day note below still flags a slip.
        self.date_edit = DateInput(self, latest=ctx.today())
        self.date_edit.setObjectName("transition_date")
        self.date_edit.line.setObjectName("transition_date_text")
        self.date_edit.date_changed.connect(self._on_date_edit_changed)
        date_label = QLabel(tr("&Date"), self)
        date_label.setBuddy(self.date_edit.line)
        # Level with the text field, not centred beside the field and its message.
        date_label.setMinimumHeight(self.date_edit.line.sizeHint().height())
        form.addWidget(date_label, 2, 0, Qt.AlignmentFlag.AlignTop)
        form.addWidget(self.date_edit, 2, 1)
        layout.addLayout(form)
        self.note = QLabel(self)
        self.note.setObjectName("transition_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)
        layout.addWidget(self.note)
        self.day_zero = QLabel(self)
        self.day_zero.setObjectName("transition_day_zero")
        self.day_zero.setWordWrap(True)
        self.day_zero.setStyleSheet(NOTE_STYLE)
        self.day_zero.hide()
        layout.addWidget(self.day_zero)
        self.error = QLabel(self)
        self.error.setObjectName("transition_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Record the change"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # Measured once the layout has taken in what was just shown or hidden (a wrapped
        # label's height is known only then).
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_now)
        self._on_move_combo_changed()
        self.date_edit.set_date(ctx.today())

    def sizeHint(self) -> QSize:  # noqa: N802
        # At least 440 px wide — never a fixed minimum under the layout's own: a fixed 440 let
        # the window open narrower than its fields (at 150 % the date field was squashed).
        return super().sizeHint().expandedTo(QSize(440, 0))

    def moves(self) -> list[tuple[State, TransitionKind]]:
        return list(self._moves)

    def choose(self, to_state: State, reason: Reason | None = None) -> None:
        """Select a move (and reason) programmatically, as keyboard users and tests do."""
        for i in range(self.move_combo.count()):
            if self.move_combo.itemData(i)[0] == to_state.value:
                self.move_combo.setCurrentIndex(i)
                break
        else:
            raise ValueError(f"{to_state} is not offered")
        if reason is not None:
            index = self.reason_combo.findData(reason.value)
            if index < 0:
                raise ValueError(f"{reason} does not fit this move")
            self.reason_combo.setCurrentIndex(index)

    def set_date(self, value: dt.date | None) -> None:
        self.date_edit.set_date(value)

    def _on_date_edit_changed(self) -> None:
        """A move on the very day of the last one is usually a slip of the date: say so."""
        self.error.hide()
        when = self.date_edit.date()
        last = self.history[-1].date if self.history else None
        same_day = when is not None and last is not None and when == last
        self.day_zero.setText(
            tr("Her last phase change was on this same day ({date}): check the date.").format(
                date=day(last)
            )
            if same_day
            else ""
        )
        self.day_zero.setVisible(same_day)
        self._fit_height()

    def _selected(self) -> tuple[State, TransitionKind] | None:
        data = self.move_combo.currentData()
        if not data:
            return None
        return State(data[0]), TransitionKind(data[1])

    def _on_move_combo_changed(self, _index: int = 0) -> None:
        self.error.hide()
        self.reason_combo.clear()
        selected = self._selected()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(selected is not None)
        if selected is None:
            self.note.setText(tr("No phase change is possible from here."))
            return
        to_state, kind = selected
        for reason in Reason:
            if reason in ALLOWED_REASONS[kind]:
                self.reason_combo.addItem(reason_name(reason), reason.value)
        notes = {
            TransitionKind.MOVE_BACK: tr("Moving back is a normal part of leaving; her phase "
                                         "clock starts again in the earlier phase."),
            TransitionKind.PAUSE: tr("Paused days do not count towards the phase target."),
            TransitionKind.GRADUATE: tr("Remember the closing note and, about a month from "
                                        "now, the follow-up."),
            TransitionKind.RE_ENROL: tr("A new attempt starts; the earlier ones stay in her "
                                        "record."),
        }  # fmt: skip
        text = notes.get(kind, "")
        state = current_state(self.history)
        if kind is TransitionKind.CLOSE and (
            state in CTI_PHASES
            or (state is State.PAUSED and self.history[-1].from_state in CTI_PHASES)
        ):
            text = tr("Closing before graduation is recorded as an early discharge, which CTI "
                      "discourages. Fill in the closing note afterwards.")  # fmt: skip
        if kind in (TransitionKind.ENROL, TransitionKind.ADVANCE, TransitionKind.RE_ENROL) and (
            to_state in CTI_PHASES
        ):
            caution = self._intake_caution()
            text = f"{caution}\n\n{text}" if caution and text else caution or text
        self.note.setText(text)
        self.note.setVisible(bool(text))
        self._fit_height()

    def _intake_caution(self) -> str:
        """What her latest intake found that a move into the program should not pass over."""
        intakes = self.store.responses.for_client(self.store.client_id, INTAKE_FORM)
        if not intakes:
            return ""
        latest = intakes[-1]
        result = evaluate(latest.answers, self.ctx.definitions.program.eligibility, latest.date)
        words = []
        if result.complete and not result.eligible:
            words.append(tr("Her intake of {date} found her not eligible under the program's "
                            "criteria.").format(date=day(latest.date)))  # fmt: skip
        if result.minor:
            words.append(tr("She is under 18: duty-to-report rules for minors apply. Check "
                            "with your supervisor first."))  # fmt: skip
        return " ".join(words)

    def _fit_height(self) -> None:
        self._fit_now()
        self._fit_timer.start()

    def _fit_now(self) -> None:
        """The window follows its content both ways: wrapped notes and messages need more
        height at this width (a window does not grow by itself), and once they go the fields
        must not be left spread over empty gaps. Never taller than the screen."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        need = max(layout.totalHeightForWidth(self.width()), self.minimumSizeHint().height())
        screen = self.screen()
        if screen is not None:
            frame = self.frameGeometry().height() - self.geometry().height()
            need = min(need, screen.availableGeometry().height() - max(frame, 0))
        if need != self.height():
            self.resize(self.width(), need)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self._fit_height()

    def _on_buttons_accepted(self) -> None:
        selected = self._selected()
        reason = self.reason_combo.currentData()
        if selected is None or reason is None:
            return
        when = self.date_edit.date()
        if when is None:
            # A wrong date is already said under the field; repeating it below showed it twice.
            if self.date_edit.problem() is None:
                self._show_error(tr("Enter the date of the change (year-month-day)."))
            self.date_edit.setFocus()
            return
        try:
            self.transition = self.store.transitions.record(
                self.store.client_id,
                selected[0],
                Reason(reason),
                when,
            )
        except IllegalTransition as exc:
            self._show_error(transition_error(exc.reason))
            return
        self.accept()


__all__ = ["TransitionDialog"]
