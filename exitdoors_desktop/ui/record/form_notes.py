"""The form editor's notes and questions: its modes, the colours of its notes, the words it
says about a referral's sharing and an intake's eligibility, and the two questions it asks
(continue a draft? change her profile?)."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtWidgets import QMessageBox, QWidget

from exitdoors_desktop.core.consent import ReferralSharing
from exitdoors_desktop.core.eligibility import EligibilityResult
from exitdoors_desktop.core.forms import FormResponse
from exitdoors_desktop.core.intake import ProfileChange
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.kit.words import day, eligibility_finding, profile_change_text

NOTE_STYLE = "padding: 8px 10px; border-radius: 4px; background: %s; color: %s;"
OK_COLORS = ("#e7f3ec", "#1d4d31")
WARN_COLORS = ("#fdf1e2", "#6b3d07")
ERROR_COLORS = ("#fbe9e7", "#8c1d18")


class Mode(StrEnum):
    EMPTY = "empty"
    NEW = "new"
    EDIT = "edit"
    VIEW = "view"


def ask_resume_dialog(parent: QWidget, draft: FormResponse) -> bool:
    """True: continue the draft. False: she chose to throw it away and start again."""
    box = QMessageBox(QMessageBox.Icon.Question, tr("Unsaved draft"),
                      tr("There is an unsaved draft of this form from {date}.").format(
                          date=day(draft.date)), parent=parent)  # fmt: skip
    keep = box.addButton(tr("&Continue the draft"), QMessageBox.ButtonRole.YesRole)
    box.addButton(tr("&Discard it and start again"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is keep


def sharing_warning_words(sharing: ReferralSharing) -> str:
    """Said while a referral is filled in ("" when she consented to share)."""
    if sharing is ReferralSharing.NOT_SHARED:
        return tr(
            "She has not consented to share her information with this agency. The referral can "
            "go ahead, but nothing from her record will be disclosed to them. If she agrees, "
            "record her consent on the Consent tab first."
        )
    if sharing is ReferralSharing.NOT_IN_DIRECTORY:
        return tr(
            "This agency is not in the directory, so no consent to share can be recorded for it. "
            "The referral can go ahead, but nothing from her record will be disclosed to them."
        )
    return ""


def saved_without_sharing_words(sharing: ReferralSharing) -> str:
    if sharing is ReferralSharing.NOT_IN_DIRECTORY:
        return tr(
            "Referral saved without sharing: the agency is not in the directory, so nothing "
            "from her record will be disclosed to them."
        )
    return tr(
        "Referral saved without sharing: she has not consented to share her information with "
        "this agency, so nothing from her record will be disclosed to them."
    )


def confirm_profile_dialog(parent: QWidget, changes: tuple[ProfileChange, ...]) -> bool:
    """Ask before the intake changes her profile; True applies the changes."""
    answer = QMessageBox.question(
        parent,
        tr("Change her profile?"),
        profile_change_text(changes),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def eligibility_note(result: EligibilityResult) -> tuple[str, tuple[str, str]]:
    """What the editor says after an intake is saved, and the colours it says it in."""
    if result.eligible:
        text, colors = tr("Eligible for the program."), OK_COLORS
    elif not result.complete:
        text, colors = tr("Eligibility not decided yet:"), WARN_COLORS
    else:
        text, colors = tr("Not eligible under the program's criteria:"), WARN_COLORS
    lines = [text, *("• " + eligibility_finding(f) for f in result.reasons)]
    if result.minor:
        lines.append(
            tr("Under 18: duty-to-report rules for minors apply. Check with your supervisor.")
        )
        colors = ERROR_COLORS if result.eligible else colors
    return "\n".join(lines), colors


__all__ = [
    "ERROR_COLORS",
    "NOTE_STYLE",
    "OK_COLORS",
    "WARN_COLORS",
    "Mode",
    "ask_resume_dialog",
    "confirm_profile_dialog",
    "eligibility_note",
    "saved_without_sharing_words",
    "sharing_warning_words",
]
