"""The referral form's partner agency, chosen from the directory above the form (an agency not
in it is typed into the form itself)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.record.data import Partner

PARTNER_KEY = "partner_id"  # stored beside a referral's answers; storage derives the row from it


class PartnerPicker(QWidget):
    """A label above a drop-down of the directory's agencies, "Not in the directory" first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The label above the list (not beside it) and the list as narrow as a short name: side
        # by side they made the record 1118 px wide for the referral form.
        row = QVBoxLayout(self)
        row.setContentsMargins(20, 0, 20, 0)
        row.setSpacing(2)
        label = QLabel(
            tr("Partner agency from the directory (if it is not there, type its name below):"),
            self,
        )
        label.setWordWrap(True)
        row.addWidget(label)
        self.combo = QComboBox(self)
        self.combo.setObjectName("partner_combo")
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(16)
        label.setBuddy(self.combo)
        row.addWidget(self.combo)

    def set_partners(self, partners: Mapping[str, Partner]) -> None:
        """The directory's agencies by name; the one chosen stays chosen if still there."""
        current = self.combo.currentData()
        self.combo.clear()
        self.combo.addItem(tr("Not in the directory"), None)
        for pid, p in sorted(partners.items(), key=lambda x: x[1].agency.name.casefold()):
            self.combo.addItem(p.agency.name, pid)
        index = self.combo.findData(current)
        self.combo.setCurrentIndex(max(0, index))


__all__ = ["PARTNER_KEY", "PartnerPicker"]
