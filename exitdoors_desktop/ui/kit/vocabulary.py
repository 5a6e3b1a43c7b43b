"""The one vocabulary: the words the app shows for the core's codes — phases, flags, reasons,
consent, roles, fidelity flags, transition kinds.

Every word is a literal inside ``QT_TRANSLATE_NOOP("Vocabulary", …)`` so pyside6-lupdate
extracts it into one context; the functions below translate at the moment of use, so a
language change is picked up by whatever asks next. No other module defines these words.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from exitdoors_desktop.core.caseload import Flag
from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.core.lifecycle import Reason, State, TransitionKind
from exitdoors_desktop.core.metrics.fidelity import FidelityFlag
from exitdoors_desktop.core.people import Role
from exitdoors_desktop.ui.kit.i18n import QT_TRANSLATE_NOOP

CONTEXT = "Vocabulary"


def word(text: str) -> str:
    """Translate a word marked in this module (its literal is already in the .ts)."""
    return QCoreApplication.translate(CONTEXT, text)


NOT_ENROLLED = QT_TRANSLATE_NOOP("Vocabulary", "Not enrolled")

SHORT_STATE: dict[State, str] = {
    State.PRE: QT_TRANSLATE_NOOP("Vocabulary", "Pre-phase"),
    State.PHASE_1: QT_TRANSLATE_NOOP("Vocabulary", "Phase 1"),
    State.PHASE_2: QT_TRANSLATE_NOOP("Vocabulary", "Phase 2"),
    State.PHASE_3: QT_TRANSLATE_NOOP("Vocabulary", "Phase 3"),
    State.PAUSED: QT_TRANSLATE_NOOP("Vocabulary", "Paused"),
    State.GRADUATED: QT_TRANSLATE_NOOP("Vocabulary", "Graduated"),
    State.CLOSED: QT_TRANSLATE_NOOP("Vocabulary", "Closed"),
}

FLAG: dict[Flag | FidelityFlag, str] = {
    Flag.UNDER_18: QT_TRANSLATE_NOOP("Vocabulary", "Under 18"),
    Flag.CONSENT_MISSING: QT_TRANSLATE_NOOP("Vocabulary", "Consent missing"),
    Flag.PHASE_OVERDUE: QT_TRANSLATE_NOOP("Vocabulary", "Phase overdue"),
    Flag.FOLLOW_UP_DUE: QT_TRANSLATE_NOOP("Vocabulary", "Follow-up due"),
    Flag.NO_CONTACT_TOO_LONG: QT_TRANSLATE_NOOP("Vocabulary", "No recent contact"),
    Flag.CONTACT_OVERDUE: QT_TRANSLATE_NOOP("Vocabulary", "Contact due"),
    FidelityFlag.FEW_FIRST_MONTH_CONTACTS: QT_TRANSLATE_NOOP(
        "Vocabulary", "Fewer than 2 contacts in month 1"
    ),
    FidelityFlag.FEW_COMMUNITY_MEETINGS: QT_TRANSLATE_NOOP(
        "Vocabulary", "Phase 1: under 3 community meetings"
    ),
    FidelityFlag.FEW_SUPPORT_MEETINGS: QT_TRANSLATE_NOOP(
        "Vocabulary", "Phase 1: under 2 meetings with supports"
    ),
    FidelityFlag.OVER_TARGET_SPAN: QT_TRANSLATE_NOOP("Vocabulary", "Over the CTI target time"),
}

FLAG_HELP: dict[Flag, str] = {
    Flag.UNDER_18: QT_TRANSLATE_NOOP("Vocabulary", "She is under 18: rules for minors apply."),
    Flag.CONSENT_MISSING: QT_TRANSLATE_NOOP("Vocabulary", "No current consent to keep her record."),
    Flag.PHASE_OVERDUE: QT_TRANSLATE_NOOP("Vocabulary", "Longer in this phase than its target."),
    Flag.FOLLOW_UP_DUE: QT_TRANSLATE_NOOP("Vocabulary", "The follow-up after graduation is due."),
    Flag.NO_CONTACT_TOO_LONG: QT_TRANSLATE_NOOP("Vocabulary", "No contact for a long time."),
    Flag.CONTACT_OVERDUE: QT_TRANSLATE_NOOP("Vocabulary", "The next expected contact is overdue."),
}

KIND: dict[TransitionKind, str] = {
    TransitionKind.ENROL: QT_TRANSLATE_NOOP("Vocabulary", "Enrol"),
    TransitionKind.ADVANCE: QT_TRANSLATE_NOOP("Vocabulary", "Advance"),
    TransitionKind.MOVE_BACK: QT_TRANSLATE_NOOP("Vocabulary", "Move back"),
    TransitionKind.PAUSE: QT_TRANSLATE_NOOP("Vocabulary", "Pause"),
    TransitionKind.RESUME: QT_TRANSLATE_NOOP("Vocabulary", "Resume"),
    TransitionKind.GRADUATE: QT_TRANSLATE_NOOP("Vocabulary", "Graduate"),
    TransitionKind.CLOSE: QT_TRANSLATE_NOOP("Vocabulary", "Close the file"),
    TransitionKind.RE_ENROL: QT_TRANSLATE_NOOP("Vocabulary", "Re-enrol"),
}

REASON: dict[Reason, str] = {
    Reason.ENROLLED: QT_TRANSLATE_NOOP("Vocabulary", "Enrolled"),
    Reason.RE_ENROLLED: QT_TRANSLATE_NOOP("Vocabulary", "Re-enrolled"),
    Reason.GOALS_MET: QT_TRANSLATE_NOOP("Vocabulary", "Goals met"),
    Reason.TIME_ELAPSED: QT_TRANSLATE_NOOP("Vocabulary", "Time elapsed"),
    Reason.CLIENT_REQUEST: QT_TRANSLATE_NOOP("Vocabulary", "Her request"),
    Reason.RETURNED_TO_TRADE: QT_TRANSLATE_NOOP("Vocabulary", "Returned to the trade"),
    Reason.CRISIS: QT_TRANSLATE_NOOP("Vocabulary", "Crisis"),
    Reason.CUSTODY: QT_TRANSLATE_NOOP("Vocabulary", "In custody"),
    Reason.HEALTH: QT_TRANSLATE_NOOP("Vocabulary", "Health"),
    Reason.RECONNECTED: QT_TRANSLATE_NOOP("Vocabulary", "Reconnected"),
    Reason.WITHDREW: QT_TRANSLATE_NOOP("Vocabulary", "Withdrew"),
    Reason.LOST_CONTACT: QT_TRANSLATE_NOOP("Vocabulary", "Lost contact"),
    Reason.MOVED: QT_TRANSLATE_NOOP("Vocabulary", "Moved away"),
    Reason.TRANSFERRED: QT_TRANSLATE_NOOP("Vocabulary", "Transferred"),
    Reason.OTHER: QT_TRANSLATE_NOOP("Vocabulary", "Other"),
}

SCOPE: dict[ConsentScope, str] = {
    ConsentScope.STORE_ON_DEVICE: QT_TRANSLATE_NOOP("Vocabulary", "Store on this device"),
    ConsentScope.SHARE_WITH_OFFICE: QT_TRANSLATE_NOOP("Vocabulary", "Share with the program team"),
    ConsentScope.SHARE_WITH_PARTNER: QT_TRANSLATE_NOOP(
        "Vocabulary", "Share with a partner (referral)"
    ),
    ConsentScope.DEIDENTIFIED_EVALUATION: QT_TRANSLATE_NOOP(
        "Vocabulary", "De-identified evaluation"
    ),
}

METHOD: dict[ConsentMethod, str] = {
    ConsentMethod.VERBAL: QT_TRANSLATE_NOOP("Vocabulary", "Verbal"),
    ConsentMethod.WRITTEN: QT_TRANSLATE_NOOP("Vocabulary", "Written"),
    ConsentMethod.ELECTRONIC: QT_TRANSLATE_NOOP("Vocabulary", "Electronic"),
    ConsentMethod.GUARDIAN: QT_TRANSLATE_NOOP("Vocabulary", "By parent or guardian"),
    ConsentMethod.OTHER: QT_TRANSLATE_NOOP("Vocabulary", "Other"),
}

ACTION: dict[ConsentAction, str] = {
    ConsentAction.GRANT: QT_TRANSLATE_NOOP("Vocabulary", "Given"),
    ConsentAction.WITHDRAW: QT_TRANSLATE_NOOP("Vocabulary", "Withdrawn"),
}

ROLE: dict[Role, str] = {
    Role.OUTREACH: QT_TRANSLATE_NOOP("Vocabulary", "Outreach worker"),
    Role.INTAKE: QT_TRANSLATE_NOOP("Vocabulary", "Intake worker"),
    Role.CASE_MANAGER: QT_TRANSLATE_NOOP("Vocabulary", "Case manager"),
    Role.SUPERVISOR: QT_TRANSLATE_NOOP("Vocabulary", "Supervisor"),
    Role.ADMIN: QT_TRANSLATE_NOOP("Vocabulary", "Administrator"),
}

REFERRAL_CLOSED = QT_TRANSLATE_NOOP("Vocabulary", "Referral closed")


def short_state(state: State | None) -> str:
    """A compact name for tables and arrows (the full phase name is long)."""
    return word(NOT_ENROLLED if state is None else SHORT_STATE[state])


def flag_word(flag: Flag | FidelityFlag) -> str:
    return word(FLAG[flag])


def flag_help(flag: Flag) -> str:
    return word(FLAG_HELP[flag])


def kind_name(kind: TransitionKind) -> str:
    return word(KIND[kind])


def reason_name(reason: Reason) -> str:
    return word(REASON[reason])


def scope_name(scope: ConsentScope) -> str:
    return word(SCOPE[scope])


def method_name(method: ConsentMethod) -> str:
    return word(METHOD[method])


def action_name(action: ConsentAction) -> str:
    return word(ACTION[action])


def role_name(role: Role) -> str:
    return word(ROLE[role])
