"""How the caseload paints her name (pronouns quieter, a long name elided in the middle) and
her flags (chips with words, the first always readable)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from exitdoors_desktop.core.caseload import Flag
from exitdoors_desktop.ui.caseload.model import FLAG_COLOURS, FLAGS_ROLE, PRONOUNS_ROLE, flag_words
from exitdoors_desktop.ui.kit.columns import FittingDelegate

Index = QModelIndex | QPersistentModelIndex


class FlagChipsDelegate(FittingDelegate):
    """Paints each flag as a small rounded chip with its word (colour is never the only cue).

    The first flag always shows its word (elided only when even its chip cannot fit); the
    others follow while they fit, and a "+N" counts those that do not."""

    PAD_X, GAP, HEIGHT, INSET = 7, 5, 20, 10  # INSET: 6 px left and 4 px right of the cell

    @staticmethod
    def _chip_font(font: QFont) -> QFont:
        small = QFont(font)
        small.setPointSizeF(max(small.pointSizeF() - 1, 7))
        return small

    def _layout(
        self, font: QFont, flags: Sequence[Flag], width: int
    ) -> list[tuple[str, int, Flag | None]]:
        """(text, width, flag) of each chip drawn in ``width``, then (``"+N"``, width, None)
        for the flags left out."""
        metrics = QFontMetrics(self._chip_font(font))
        room = width - self.INSET
        drawn: list[tuple[str, int, Flag | None]] = []
        x = 0
        for i, flag in enumerate(flags):
            text = flag_words(flag)
            chip = metrics.horizontalAdvance(text) + 2 * self.PAD_X
            left = len(flags) - i - 1
            more = metrics.horizontalAdvance(f"+{left}") + self.GAP if left else 0
            if i == 0 and chip + more > room:  # her first flag's word, whatever the room
                chip = max(2 * self.PAD_X, min(chip, room - more))
                text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, chip - 2 * self.PAD_X)
            elif i > 0 and x + chip + more > room:
                drawn.append(
                    (f"+{len(flags) - i}", metrics.horizontalAdvance(f"+{len(flags) - i}"), None)
                )
                break
            drawn.append((text, chip, flag))
            x += chip + self.GAP
        return drawn

    def chips(self, font: QFont, flags: Sequence[Flag], width: int) -> list[str]:
        """The words shown in a cell ``width`` wide (what a test can read)."""
        return [text for text, _w, _f in self._layout(font, flags, width)]

    def least_width(self, font: QFont, index: Index) -> int:
        """Her first flag's chip whole, and the "+N" of the others."""
        flags: tuple[Flag, ...] = index.data(FLAGS_ROLE) or ()
        if not flags:
            return 0
        metrics = QFontMetrics(self._chip_font(font))
        chip = metrics.horizontalAdvance(flag_words(flags[0])) + 2 * self.PAD_X
        more = metrics.horizontalAdvance(f"+{len(flags) - 1}") + self.GAP if len(flags) > 1 else 0
        return chip + more + self.INSET

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        flags: tuple[Flag, ...] = index.data(FLAGS_ROLE) or ()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if not flags:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self._chip_font(opt.font))
        rect = opt.rect.adjusted(6, 0, -4, 0)
        x, top = rect.left(), rect.center().y() - self.HEIGHT / 2 + 1
        for text, width, flag in self._layout(opt.font, flags, opt.rect.width()):
            if flag is None:
                painter.setPen(QColor("#5f5e58"))
                painter.drawText(
                    QRectF(x, top, width + 4, self.HEIGHT), Qt.AlignmentFlag.AlignVCenter, text
                )
                break
            fg, bg = FLAG_COLOURS[flag]
            chip = QRectF(x, top, width, self.HEIGHT)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(bg))
            painter.drawRoundedRect(chip, self.HEIGHT / 2, self.HEIGHT / 2)
            painter.setPen(QColor(fg))
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
            x += width + self.GAP
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        flags: tuple[Flag, ...] = index.data(FLAGS_ROLE) or ()
        metrics = QFontMetrics(self._chip_font(option.font))
        width = sum(
            metrics.horizontalAdvance(flag_words(f)) + 2 * self.PAD_X + self.GAP for f in flags
        )
        return QSize(width + 12, self.HEIGHT + 12)


class NameDelegate(QStyledItemDelegate):
    """Her name, then her pronouns in a quieter grey."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        pronouns = index.data(PRONOUNS_ROLE) or ""
        name = opt.text.removesuffix(f" ({pronouns})") if pronouns else opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        rect = opt.rect.adjusted(8, 0, -6, 0)
        metrics = QFontMetrics(opt.font)
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(opt.palette.ColorRole.Text))
        # Elided in the middle: "Marie-Ève…y-Côté" tells two clients apart where the end of
        # her name would not; the whole name is in the tooltip and the accessible text.
        shown = metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, rect.width())
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown)
        used = metrics.horizontalAdvance(shown)
        if pronouns and used + 30 < rect.width():
            small = opt.font
            small.setPointSizeF(max(small.pointSizeF() - 1, 7))
            painter.setFont(small)
            painter.setPen(QColor("#6b6a64"))
            rest = rect.adjusted(used + 8, 0, 0, 0)
            tail = QFontMetrics(small).elidedText(
                pronouns, Qt.TextElideMode.ElideRight, rest.width()
            )
            painter.drawText(rest, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, tail)
        painter.restore()


__all__ = ["FlagChipsDelegate", "NameDelegate"]
