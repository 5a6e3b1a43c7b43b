"""The record's Phase plan tab: the 1–3 focus areas agreed for her current phase, at a glance.

Writing and revising the plan happens in the one form editor (Forms tab), so drafts, checks
and versions work exactly as for every other form.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.forms import FormResponse
from exitdoors_desktop.core.lifecycle import CTI_PHASES, State
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.vocabulary import short_state
from exitdoors_desktop.ui.kit.words import day, option_label
from exitdoors_desktop.ui.record.data import PLAN_FORM, RecordSnapshot, plan_for_phase

CARD = (
    "#plan_card { border: 1px solid palette(mid); border-radius: 6px; background: palette(base); }"
)
MUTED = "color: palette(placeholder-text);"


def plan_phase(snap: RecordSnapshot) -> State | None:
    """The CTI phase whose plan matters now (the phase she paused in counts)."""
    t = snap.timing
    phase = t.phase if t is not None else None
    return phase if phase in CTI_PHASES else None


class PhasePlanTab(QWidget):
    new_plan_requested = Signal(dict)  # preset answers for a new phase_plan form
    edit_plan_requested = Signal(str)  # response id of the plan to revise
    open_requested = Signal(str)

    def __init__(self, definitions: Definitions, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("plan_tab")
        self._defs = definitions
        self._language = language
        self._phase: State | None = None
        self._plan: FormResponse | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        top = QHBoxLayout()
        self.title = QLabel(self)
        self.title.setObjectName("plan_title")
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        top.addWidget(self.title, 1)
        self.write_button = QPushButton(self)
        self.write_button.setObjectName("write_plan")
        self.write_button.clicked.connect(self._on_write_button_clicked)
        top.addWidget(self.write_button)
        layout.addLayout(top)
        self.meta = QLabel(self)
        self.meta.setObjectName("plan_meta")
        self.meta.setStyleSheet(MUTED)
        self.meta.setWordWrap(True)
        layout.addWidget(self.meta)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._cards_host = QWidget()
        self._cards = QVBoxLayout(self._cards_host)
        self._cards.setContentsMargins(0, 8, 0, 0)
        self._cards.setSpacing(12)
        scroll.setWidget(self._cards_host)
        layout.addWidget(scroll, 1)

    def refresh(self, snap: RecordSnapshot) -> None:
        self._phase = plan_phase(snap)
        self._plan = plan_for_phase(snap, self._phase)
        while self._cards.count():
            item = self._cards.takeAt(0)
            card = item.widget() if item is not None else None
            if card is not None:
                card.deleteLater()
        if self._phase is None:
            self.title.setText(tr("Phase plan"))
            self.meta.setText(
                tr("A phase plan is made for phases 1 to 3. She is not in one of them now.")
            )
            self.write_button.hide()
            self._add_earlier(snap)
            self._cards.addStretch(1)
            return
        self.title.setText(tr("Phase plan · {phase}").format(phase=short_state(self._phase)))
        self.write_button.show()
        limit = self._defs.program.max_focus_areas_per_phase
        if self._plan is None:
            self.write_button.setText(tr("Write the plan…"))
            self.meta.setText(
                tr(
                    "No plan for this phase yet. Choose 1 to {n} focus areas together with her."
                ).format(n=limit)
            )
        else:
            self.write_button.setText(tr("Revise the plan…"))
            a = self._plan.answers
            agreed = tr("agreed with her") if a.get("agreed_by_client") else tr("not yet agreed")
            review = a.get("review_date")
            bits = [tr("Written {date}").format(date=day(self._plan.date)), agreed]
            if isinstance(review, str):
                bits.append(tr("review by {date}").format(date=review))
            self.meta.setText(" · ".join(bits))
            areas = a.get("focus_areas")
            for item in areas if isinstance(areas, list) else []:
                if isinstance(item, dict):
                    self._cards.addWidget(self._card(item))
        self._add_earlier(snap)
        self._cards.addStretch(1)

    def _card(self, item: dict[str, object]) -> QFrame:
        card = QFrame(self._cards_host)
        card.setObjectName("plan_card")
        card.setStyleSheet(CARD)
        col = QVBoxLayout(card)
        col.setContentsMargins(14, 10, 14, 12)
        col.setSpacing(4)
        area = QLabel(
            option_label(
                self._defs, PLAN_FORM, "focus_areas.area", item.get("area"), self._language
            ),
            card,
        )
        area.setObjectName("plan_area")
        font = area.font()
        font.setBold(True)
        area.setFont(font)
        col.addWidget(area)
        for key, caption in (
            ("goal", tr("Goal")),
            ("action_steps", tr("Action steps")),
            ("linked_supports", tr("Linked supports")),
        ):
            value = item.get(key)
            if isinstance(value, str) and value.strip():
                col.addWidget(self._line(caption, value, card))
        who = item.get("responsible")
        if isinstance(who, list) and who:
            names = ", ".join(
                option_label(self._defs, PLAN_FORM, "focus_areas.responsible", w, self._language)
                for w in who
            )
            col.addWidget(self._line(tr("Who"), names, card))
        return card

    def _line(self, caption: str, text: str, parent: QWidget) -> QLabel:
        label = QLabel(f"{caption}: {text}", parent)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        return label

    def _add_earlier(self, snap: RecordSnapshot) -> None:
        earlier = [
            r
            for r in snap.responses
            if r.form_id == PLAN_FORM and (self._plan is None or r.id != self._plan.id)
        ]
        if not earlier:
            return
        heading = QLabel(tr("Earlier plans"), self._cards_host)
        heading.setStyleSheet(MUTED)
        self._cards.addWidget(heading)
        for r in reversed(earlier):
            phase = r.answers.get("phase")
            known = phase in {s.value for s in State}
            text = f"{day(r.date)} · {short_state(State(str(phase))) if known else '—'}"
            button = QPushButton(text, self._cards_host)
            button.setFlat(True)
            button.setStyleSheet("text-align: left; padding: 2px 0;")
            button.clicked.connect(lambda _=False, rid=r.id: self.open_requested.emit(rid))
            self._cards.addWidget(button)

    def _on_write_button_clicked(self) -> None:
        if self._plan is not None:
            self.edit_plan_requested.emit(self._plan.id)
        elif self._phase is not None:
            self.new_plan_requested.emit({"phase": self._phase.value})
