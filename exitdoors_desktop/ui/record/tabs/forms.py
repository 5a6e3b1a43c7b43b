"""The record's Forms tab: forms for her current phase first, earlier responses and drafts,
and the form editor beside them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import (
    QModelIndex,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from exitdoors_desktop.core.forms import FormDefinition, FormResponse
from exitdoors_desktop.ui.forms.drafts import split_draft
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.reflow import VerticalScroll
from exitdoors_desktop.ui.kit.table import Column, ColumnTableModel
from exitdoors_desktop.ui.kit.words import day
from exitdoors_desktop.ui.record.data import RecordSnapshot, RecordStore, forms_for_record
from exitdoors_desktop.ui.record.editor import FormEditor

ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1


def _font(*, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setBold(bold)
    font.setItalic(italic)
    return font


class FormCatalogModel(ColumnTableModel):
    """Form definitions (latest versions) by title; ``ID_ROLE`` gives the form id."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        self._bold: set[str] = set()

        def weight(form: FormDefinition) -> QFont | None:
            return _font(bold=True) if form.id in self._bold else None

        super().__init__(
            [Column(lambda: tr("Form"), lambda f: f.title.get(language),
                    roles={int(Qt.ItemDataRole.FontRole): weight})],
            parent,
            roles={ID_ROLE: lambda f: f.id},
        )  # fmt: skip

    def set_forms(self, forms: Sequence[FormDefinition], emphasise: set[str]) -> None:
        self._bold = set(emphasise)
        self.set_rows(forms)

    def form_at(self, row: int) -> FormDefinition:
        form: FormDefinition = self.row_at(row)
        return form


class ResponseListModel(ColumnTableModel):
    """One form's saved responses and drafts, newest first: rows are (response, is draft)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        def text(row: tuple[FormResponse, bool]) -> str:
            response, draft = row
            shown = day(response.date)
            if draft:
                edits = split_draft(response)[1] is not None
                shown += " · " + (tr("draft of an edit") if edits else tr("draft, not saved"))
            return shown

        def slant(row: tuple[FormResponse, bool]) -> QFont | None:
            return _font(italic=True) if row[1] else None

        super().__init__(
            [Column(lambda: tr("Filled in"), text,
                    roles={int(Qt.ItemDataRole.FontRole): slant})],
            parent,
            roles={ID_ROLE: lambda row: row[0].id},
        )  # fmt: skip

    def set_responses(self, saved: Sequence[FormResponse], drafts: Sequence[FormResponse]) -> None:
        rows = [(r, False) for r in saved] + [(d, True) for d in drafts]
        rows.sort(key=lambda x: (x[0].date, x[1]), reverse=True)
        self.set_rows(rows)


class FormsTab(QWidget):
    def __init__(self, ctx: AppContext, store: RecordStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("forms_tab")
        self.ctx = ctx
        self._snap: RecordSnapshot | None = None
        self._selected_form: str | None = None

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("forms_splitter")
        side = QWidget(splitter)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 8, 0)
        column.addWidget(_heading(tr("For her phase now"), side))
        self.phase_model = FormCatalogModel(ctx.language, self)
        self.phase_list = self._catalog_view(self.phase_model, "phase_forms", side)
        self.phase_list.setAccessibleName(tr("For her phase now"))
        column.addWidget(self.phase_list, 3)
        column.addWidget(_heading(tr("Other forms"), side))
        self.other_model = FormCatalogModel(ctx.language, self)
        self.other_list = self._catalog_view(self.other_model, "other_forms", side)
        self.other_list.setAccessibleName(tr("Other forms"))
        column.addWidget(self.other_list, 2)
        # The heading (it names the chosen form, and wraps) above its button, not beside it:
        # side by side they held the list column 400 px wide in French at 150 %.
        self.earlier_label = _heading(tr("Filled in before"), side)
        self.new_button = QPushButton(tr("Fill in new"), side)
        self.new_button.setObjectName("new_form")
        self.new_button.setEnabled(False)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        column.addWidget(self.earlier_label)
        column.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.response_model = ResponseListModel(self)
        self.response_list = QListView(side)
        self.response_list.setObjectName("form_responses")
        self.response_list.setAccessibleName(tr("Filled in before"))
        self.response_list.setModel(self.response_model)
        self.response_list.setSpacing(2)
        _wrapping(self.response_list)
        self.response_list.activated.connect(self._on_response_list_activated)
        self.response_list.clicked.connect(self._on_response_list_activated)
        column.addWidget(self.response_list, 3)
        self.editor = FormEditor(ctx, store, splitter)
        self._focus_saved: str | None = None  # a response just saved: its row takes focus
        self.editor.response_saved.connect(self._on_editor_response_saved)
        # The lists scroll up and down on a short screen rather than set the window's height.
        splitter.addWidget(VerticalScroll(side, splitter))
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 700])
        self.splitter = splitter
        # Side by side when both fit; the lists above the form when not (a French check box at
        # 150 % is 625 px wide: beside the lists the record needed 1134 px).
        self._turn_timer = QTimer(self)  # never re-lay out inside a resize
        self._turn_timer.setSingleShot(True)
        self._turn_timer.setInterval(0)
        self._turn_timer.timeout.connect(self._turn)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(splitter)

    def _side_by_side_fits(self, width: int) -> bool:
        parts = [self.splitter.widget(i) for i in range(self.splitter.count())]
        need = sum(p.minimumSizeHint().width() for p in parts if p is not None)
        return width - 16 >= need + self.splitter.handleWidth()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._turn_timer.start()

    def _turn(self) -> None:
        wanted = (
            Qt.Orientation.Horizontal
            if self._side_by_side_fits(self.width())
            else Qt.Orientation.Vertical
        )
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            self.splitter.setSizes(
                [260, 700] if wanted == Qt.Orientation.Horizontal else [150, 400]
            )
            self.updateGeometry()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        # The least is the stacked one: the tab turns its splitter rather than widen the window.
        parts = [self.splitter.widget(i) for i in range(self.splitter.count())]
        width = max((p.minimumSizeHint().width() for p in parts if p is not None), default=0)
        return QSize(width + 16, super().minimumSizeHint().height())

    def _catalog_view(self, model: FormCatalogModel, name: str, parent: QWidget) -> QListView:
        view = QListView(parent)
        view.setObjectName(name)
        view.setModel(model)
        view.setSpacing(2)
        _wrapping(view)
        view.clicked.connect(lambda index: self._on_catalog_clicked(model, index))
        view.activated.connect(lambda index: self._on_catalog_activated(model, index))
        return view

    def refresh(self, snap: RecordSnapshot) -> None:
        self._snap = snap
        own, others = forms_for_record(self.ctx.definitions, snap.history)
        self.phase_model.set_forms(own, {d.id for d in own if d.phase != "any"})
        self.other_model.set_forms(others, set())
        self.editor.set_partners(snap.partners)
        self._fill_responses()
        self._show_saved()

    def select_form(self, form_id: str) -> None:
        self._selected_form = form_id
        self.new_button.setEnabled(True)
        title = self.ctx.definitions.forms.latest(form_id).title.get(self.ctx.language)
        self.earlier_label.setText(tr("{form} filled in before").format(form=title))
        for view, model in (
            (self.phase_list, self.phase_model),
            (self.other_list, self.other_model),
        ):
            rows = [i for i in range(model.rowCount()) if model.form_at(i).id == form_id]
            if rows:
                view.setCurrentIndex(model.index(rows[0], 0))
            else:
                view.clearSelection()
        self._fill_responses()

    def start_new(self, form_id: str, preset: Mapping[str, object] | None = None) -> None:
        self.select_form(form_id)
        self.editor.start_new(self.ctx.definitions.forms.latest(form_id), preset)

    def open_response(self, response_id: str) -> bool:
        if self._snap is None:
            return False
        response = self._snap.response(response_id)
        if response is None:
            return False
        self.select_form(response.form_id)
        if any(d.id == response_id for d in self._snap.drafts):
            self.editor.open_draft(response)
        else:
            self.editor.open_saved(response)
        return True

    def _fill_responses(self) -> None:
        if self._snap is None or self._selected_form is None:
            self.response_model.set_responses([], [])
            return
        fid = self._selected_form
        self.response_model.set_responses(
            [r for r in self._snap.responses if r.form_id == fid],
            [d for d in self._snap.drafts if d.form_id == fid],
        )

    def _on_editor_response_saved(self, response: FormResponse) -> None:
        # The record re-reads her snapshot next (refresh), which lists the new response.
        self._focus_saved = response.id
        self._show_saved()

    def _show_saved(self) -> None:
        """After a save, focus on the saved response's row, not back at the toolbar."""
        if self._focus_saved is None:
            return
        model = self.response_model
        rows = [i for i in range(model.rowCount()) if model.row_at(i)[0].id == self._focus_saved]
        if not rows:
            return
        self._focus_saved = None
        self.response_list.setCurrentIndex(model.index(rows[0], 0))
        self.response_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_catalog_clicked(self, model: FormCatalogModel, index: QModelIndex) -> None:
        self.select_form(model.form_at(index.row()).id)

    def _on_catalog_activated(self, model: FormCatalogModel, index: QModelIndex) -> None:
        self.start_new(model.form_at(index.row()).id)

    def _on_new_button_clicked(self) -> None:
        if self._selected_form is not None:
            self.start_new(self._selected_form)

    def _on_response_list_activated(self, index: QModelIndex) -> None:
        response, draft = self.response_model.row_at(index.row())
        if draft:
            self.editor.open_draft(response)
        else:
            self.editor.open_saved(response)


def _wrapping(view: QListView) -> None:
    """A long form name wraps onto a second line; the list never scrolls sideways."""
    view.setWordWrap(True)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)  # a long heading (or a long form's name) must not widen the list
    return label
