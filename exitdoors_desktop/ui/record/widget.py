"""One client's record: a header and tabs (timeline, forms, phase plan, scales, referrals,
consent), with phase changes. Opening it writes exactly one ``view`` audit event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QTabWidget, QVBoxLayout, QWidget

from exitdoors_desktop.core.entities import REFERRAL_FORM
from exitdoors_desktop.core.lifecycle import ENDED, PhaseTransition, State
from exitdoors_desktop.core.people import ClientStatus
from exitdoors_desktop.core.permissions import RecordAction, may_act
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.reflow import VerticalScroll
from exitdoors_desktop.ui.record.data import PLAN_FORM, RecordSnapshot, RecordStore
from exitdoors_desktop.ui.record.erase import EraseDialog
from exitdoors_desktop.ui.record.header import RecordHeader
from exitdoors_desktop.ui.record.tabs.consent import ConsentTab
from exitdoors_desktop.ui.record.tabs.forms import FormsTab
from exitdoors_desktop.ui.record.tabs.plan import PhasePlanTab
from exitdoors_desktop.ui.record.tabs.referrals import ReferralsTab
from exitdoors_desktop.ui.record.tabs.scales import ScalesTab
from exitdoors_desktop.ui.record.tabs.timeline import TimelineTab
from exitdoors_desktop.ui.record.transition import TransitionDialog

CLOSING_FORM = "closing_note"
_TABS = ("timeline", "forms", "plan", "scales", "referrals", "consent")  # in the order shown


def _tab_title(name: str) -> str:
    # Literal tr() calls, so lupdate finds each title.
    return {
        "timeline": tr("Timeline"),
        "forms": tr("Forms"),
        "plan": tr("Phase plan"),
        "scales": tr("Scales"),
        "referrals": tr("Referrals"),
        "consent": tr("Consent"),
    }[name]


_STATUS_AFTER = {
    State.CLOSED: ClientStatus.CLOSED,
    State.GRADUATED: ClientStatus.GRADUATED,
    State.PAUSED: ClientStatus.PAUSED,
}

CLOSING_REASONS = {"withdrew", "lost_contact", "moved", "transferred"}


class ClientRecordWidget(QWidget):
    """Signals: ``closed`` (the worker closed the record), ``record_changed`` (something was
    saved; a caseload may want to refresh). Call ``save_drafts()`` before the vault locks."""

    closed = Signal()
    record_changed = Signal()

    def __init__(self, ctx: AppContext, client_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("client_record")
        self.ctx = ctx
        self.client_id = client_id
        self.store = RecordStore(ctx.session, ctx.definitions, client_id)
        client = self.store.open_client()  # the one audited view; NotFound propagates
        self.snapshot: RecordSnapshot = self.store.snapshot(ctx.today(), client)
        # Replaceable by tests: runs the dialog and returns the transition made, if any.
        self.run_transition_dialog: Callable[[TransitionDialog], PhaseTransition | None] = (
            _exec_dialog
        )

        # AppContext has no clipboard guard yet; use one if the shell provides it.
        guard = getattr(ctx, "clipboard", None)
        copy = getattr(guard, "copy", None)
        self.header = RecordHeader(
            ctx.definitions, ctx.language, self, copy if callable(copy) else None
        )
        self.header.change_phase_requested.connect(self._on_header_change_phase_requested)
        self.header.close_requested.connect(self.close_record)
        role = ctx.session.role  # app-level role rules: core/permissions
        self.header.erase_button.setVisible(may_act(role, RecordAction.ERASE))
        self.header.change_phase.setVisible(may_act(role, RecordAction.PHASE))
        self.header.erase_requested.connect(self.erase)
        self.header.archive_requested.connect(self._on_header_archive_requested)
        # Replaceable by tests: runs the erase dialog, True when she was erased.
        self.run_erase_dialog: Callable[[QDialog], bool] = lambda d: (
            bool(d.exec()) and bool(getattr(d, "erased", False))
        )
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("record_tabs")
        self.tabs.setDocumentMode(True)
        # Tabs are built when first shown (or asked for): opening a record builds the header
        # and the timeline only, so it opens in well under 100 ms on a big vault.
        self._built: dict[str, QWidget] = {}
        for name in _TABS:
            self.tabs.addTab(QWidget(self.tabs), _tab_title(name))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # Her details scroll when the screen is short (French at 150 % on 1024×600 with a form
        # open needed 641 px): the header never takes more than 45 % of the record's height.
        self.header_scroll = VerticalScroll(self.header, self)
        self.header_scroll.setObjectName("record_header_scroll")
        layout.addWidget(self.header_scroll)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._apply(self.snapshot)
        self._tab("timeline")
        # Escape leaves her record (typed form text kept as a draft, as Close does). Only
        # while focus is inside the record: a dialog over it keeps Escape for itself, and a
        # widget that uses Escape (an open list, a completer) takes it first.
        self.leave_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.leave_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.leave_shortcut.activated.connect(self._on_leave_shortcut_activated)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.header_scroll.setMaximumHeight(
            max(VerticalScroll.LEAST_HEIGHT, self.height() * 9 // 20)
        )

    # -- the tabs, built on first use -------------------------------------------------------

    @property
    def timeline(self) -> TimelineTab:
        return self._tab("timeline")  # type: ignore[return-value]

    @property
    def forms(self) -> FormsTab:
        return self._tab("forms")  # type: ignore[return-value]

    @property
    def plan(self) -> PhasePlanTab:
        return self._tab("plan")  # type: ignore[return-value]

    @property
    def scales(self) -> ScalesTab:
        return self._tab("scales")  # type: ignore[return-value]

    @property
    def referrals(self) -> ReferralsTab:
        return self._tab("referrals")  # type: ignore[return-value]

    @property
    def consent(self) -> ConsentTab:
        return self._tab("consent")  # type: ignore[return-value]

    def _tab(self, name: str) -> QWidget:
        widget = self._built.get(name)
        if widget is None:
            widget = self._built[name] = self._make(name)
            widget.refresh(self.snapshot)  # type: ignore[attr-defined]
            self._gate(name, widget)
            index = _TABS.index(name)
            current = self.tabs.currentIndex()
            placeholder = self.tabs.widget(index)
            self.tabs.blockSignals(True)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, widget, _tab_title(name))
            self.tabs.setCurrentIndex(current)
            self.tabs.blockSignals(False)
            if placeholder is not None:
                placeholder.deleteLater()
        return widget

    def _make(self, name: str) -> QWidget:
        ctx, lang = self.ctx, self.ctx.language
        if name == "timeline":
            timeline = TimelineTab(ctx.definitions, lang, self)
            timeline.response_requested.connect(self.open_response)
            return timeline
        if name == "forms":
            forms = FormsTab(ctx, self.store, self)
            forms.editor.response_saved.connect(self._on_changed)
            forms.editor.client_changed.connect(self._on_changed)
            forms.editor.drafts_changed.connect(self.refresh)
            return forms
        if name == "plan":
            plan = PhasePlanTab(ctx.definitions, lang, self)
            plan.new_plan_requested.connect(self._on_plan_new_plan_requested)
            plan.edit_plan_requested.connect(self.edit_response)
            plan.open_requested.connect(self.open_response)
            return plan
        if name == "scales":
            scales = ScalesTab(ctx, self.store, self)
            scales.reading_added.connect(self._on_changed)
            return scales
        if name == "referrals":
            referrals = ReferralsTab(ctx.definitions, lang, self)
            referrals.new_referral_requested.connect(self._on_referrals_new_requested)
            referrals.edit_requested.connect(self.edit_response)
            referrals.open_requested.connect(self.open_response)
            return referrals
        consent = ConsentTab(ctx, self.store, self)
        consent.consent_recorded.connect(self._on_changed)
        return consent

    def _gate(self, name: str, widget: QWidget) -> None:
        """Hide what her role may not do in this record (core/permissions, app-level)."""
        role = self.ctx.session.role
        if isinstance(widget, FormsTab) and not may_act(role, RecordAction.FORMS):
            widget.new_button.setVisible(False)
            widget.editor.read_only = True
            widget.editor.edit_button.setVisible(False)
        elif isinstance(widget, PhasePlanTab) and not may_act(role, RecordAction.PLAN):
            widget.write_button.setVisible(False)
            widget.write_button.setEnabled(False)
        elif isinstance(widget, ReferralsTab) and not may_act(role, RecordAction.REFERRAL):
            for button in (widget.new_button, widget.update_button):
                button.setVisible(False)
        elif isinstance(widget, ConsentTab) and not may_act(role, RecordAction.CONSENT):
            widget.record_button.setVisible(False)
            widget.record_button.setEnabled(False)
        elif isinstance(widget, ScalesTab) and not may_act(role, RecordAction.SCALES):
            widget.add_button.setVisible(False)
            widget.add_button.setEnabled(False)

    def may(self, action: RecordAction) -> bool:
        return may_act(self.ctx.session.role, action)

    def _on_tab_changed(self, index: int) -> None:
        if 0 <= index < len(_TABS):
            self._tab(_TABS[index])
        # A tab with nothing to focus (an empty list, the plan) must not send focus out to the
        # toolbar, where Ctrl+Tab no longer changes tabs: it stays on the tab bar.
        QTimer.singleShot(0, self, self._keep_focus_here)

    def _keep_focus_here(self) -> None:
        focus = QApplication.focusWidget()
        if self.isVisible() and (focus is None or not self.isAncestorOf(focus)):
            self.tabs.tabBar().setFocus(Qt.FocusReason.TabFocusReason)

    # -- public API -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read her record (no audit event: she is already open)."""
        self._apply(self.store.snapshot(self.ctx.today()))

    def save_drafts(self) -> bool:
        """Write any unsaved typed form text as a draft, now. True if a draft was written."""
        forms = self._built.get("forms")
        return isinstance(forms, FormsTab) and forms.editor.flush_draft()

    def stop(self) -> None:
        """The page protocol: after save_drafts, no autosave may fire into a locked vault."""
        forms = self._built.get("forms")
        if isinstance(forms, FormsTab):
            forms.editor.autosaver.cancel()

    def release(self) -> None:
        """Before the record is deleted: its form editor keeps her typed text as a draft and
        stops autosaving, so nothing later reaches an editor whose Qt side is gone."""
        forms = self._built.get("forms")
        if isinstance(forms, FormsTab):
            forms.editor.release()

    def _on_leave_shortcut_activated(self) -> None:
        self.close_record()

    def close_record(self) -> None:
        self.save_drafts()
        forms = self._built.get("forms")
        if isinstance(forms, FormsTab):
            forms.editor.close_form()
        self.closed.emit()

    def erase(self) -> bool:
        """Ask (type ERASE), erase her for good, close the record. True when done."""
        if not self.may(RecordAction.ERASE):
            return False
        forms = self._built.get("forms")
        if isinstance(forms, FormsTab):
            forms.editor.close_form()  # no draft of hers may be saved after this
        if not self.run_erase_dialog(EraseDialog(self.ctx, self.client_id, self)):
            return False
        self.ctx.notify(self.tr("The client was erased."))
        self.ctx.clients_changed([self.client_id])  # her caseload row goes
        self.closed.emit()
        return True

    def show_tab(self, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(widget)

    def start_form(self, form_id: str, preset: dict[str, object] | None = None) -> None:
        if not self.may(RecordAction.FORMS):
            return
        self.show_tab(self.forms)
        self.forms.start_new(form_id, preset)

    def open_response(self, response_id: str) -> None:
        self.show_tab(self.forms)
        self.forms.open_response(response_id)

    def edit_response(self, response_id: str) -> None:
        self.open_response(response_id)
        if not self.may(RecordAction.FORMS):
            return
        self.forms.editor.edit_current()

    def archive(self) -> PhaseTransition | None:
        """Archive her: the phase move to Closed (with its reason and date), reversible by
        re-enrolling. Not erasure: everything about her stays in the notes."""
        return self.change_phase(State.CLOSED)

    def change_phase(self, to_state: State | None = None) -> PhaseTransition | None:
        if not self.may(RecordAction.PHASE):
            return None
        dialog = TransitionDialog(self.ctx, self.store, self.snapshot.history, self)
        if to_state is not None:
            if to_state not in {s for s, _k in dialog.moves()}:
                dialog.deleteLater()
                return None
            dialog.choose(to_state)
        transition = self.run_transition_dialog(dialog)
        dialog.deleteLater()
        if transition is None:
            return None
        self._follow_status(transition.to_state)
        self.ctx.notify(tr("Phase change recorded."))
        self._on_changed()
        if transition.to_state in (State.GRADUATED, State.CLOSED):
            reason = transition.reason.value
            preset: dict[str, object] = {
                "reason": "graduated" if transition.to_state is State.GRADUATED else reason
            }
            if preset["reason"] in CLOSING_REASONS | {"graduated"}:
                self.start_form(CLOSING_FORM, preset)  # focus goes into its first field
                return transition
        self._focus_after_phase_change()
        return transition

    def _focus_after_phase_change(self) -> None:
        """Back on Change phase (Archive… may be gone now), never lost to the toolbar."""
        button = self.header.change_phase
        if button.isVisibleTo(self) and button.isEnabled():
            button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.tabs.tabBar().setFocus(Qt.FocusReason.OtherFocusReason)

    # -- internals --------------------------------------------------------------------------

    def _apply(self, snap: RecordSnapshot) -> None:
        self.snapshot = snap
        age = snap.client.age_on(self.ctx.today())
        minor = age is not None and age < self.ctx.definitions.program.eligibility.minor_age
        self.header.refresh(snap, minor)
        ended = bool(snap.history) and snap.history[-1].to_state in ENDED
        self.header.archive_button.setVisible(self.may(RecordAction.PHASE) and not ended)
        for tab in self._built.values():  # the others read it when they are built
            tab.refresh(snap)  # type: ignore[attr-defined]

    def _on_changed(self, *_args: object) -> None:
        self.refresh()
        self.ctx.clients_changed([self.client_id])  # her caseload row, at once
        self.record_changed.emit()

    def _follow_status(self, state: State) -> None:
        """Her profile's status follows the move: archived (closed), graduated, paused, or
        active again after re-enrolling; active-only lists (the groups checklist) use it."""
        status = _STATUS_AFTER.get(state, ClientStatus.ACTIVE)
        client = self.store.clients.get(self.client_id, audit=False)
        if client.status is not status:
            self.store.clients.save(replace(client, status=status))

    def _on_header_archive_requested(self) -> None:
        self.archive()

    def _on_header_change_phase_requested(self) -> None:
        self.change_phase()

    def _on_plan_new_plan_requested(self, preset: dict[str, object]) -> None:
        self.start_form(PLAN_FORM, preset)

    def _on_referrals_new_requested(self) -> None:
        self.start_form(REFERRAL_FORM, {"date_made": self.ctx.today().isoformat()})


def _exec_dialog(dialog: TransitionDialog) -> PhaseTransition | None:
    return dialog.transition if dialog.exec() == QDialog.DialogCode.Accepted else None


__all__ = ["ClientRecordWidget"]
