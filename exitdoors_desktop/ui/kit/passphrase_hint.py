"""One passphrase verdict and its words for every screen that sets a passphrase (the first-run
wizard, Settings → Users → Add user): the rule is core/passphrase, the command line's; the
sentences are written once here, so no screen is weaker or vaguer than another."""

from __future__ import annotations

from exitdoors_desktop.core.passphrase import (
    MIN_LENGTH,
    PassphraseProblem,
    Strength,
    check_passphrase,
    strength,
)
from exitdoors_desktop.ui.kit.i18n import tr


def passphrase_verdict(passphrase: str, again: str) -> tuple[str, str]:
    """(code, tone) for the live hint; tone "bad" means she may not go on."""
    if not passphrase:
        return "empty", ""
    problems = check_passphrase(passphrase)
    if PassphraseProblem.TOO_SHORT in problems:
        return "too_short", "bad"
    if problems:
        return "too_common", "bad"
    if again and again != passphrase:
        return "differ", "bad"
    level = strength(passphrase)
    return f"strength_{level.name.lower()}", "good" if level >= Strength.GOOD else "ok"


def verdict_words(code: str, passphrase: str) -> str:
    """The sentence for a verdict code ("" for none)."""
    if code == "too_short":
        return tr("Too short: {n} of {m} characters.").format(n=len(passphrase), m=MIN_LENGTH)
    words = {
        "too_common": tr("This one is too common. Please choose another."),
        "differ": tr("The two passphrases differ."),
        "strength_weak": tr("Strength: weak. Adding a word or two would help."),
        "strength_fair": tr("Strength: fair. Adding a word would help."),
        "strength_good": tr("Strength: good."),
        "strength_strong": tr("Strength: strong."),
    }
    return words.get(code, "")


def meter_value(passphrase: str) -> int:
    """0 (refused or empty) to 4 (strong), for a strength bar."""
    if not passphrase or check_passphrase(passphrase):
        return 0
    return int(strength(passphrase)) + 1


def passphrase_refusal(passphrase: str, again: str) -> str | None:
    """Why these two fields may not be used, in words, or None when they may."""
    code, tone = passphrase_verdict(passphrase, again)
    if code == "empty":
        return verdict_words("too_short", passphrase)
    if tone == "bad":
        return verdict_words(code, passphrase)
    if again != passphrase:
        return verdict_words("differ", passphrase)
    return None
