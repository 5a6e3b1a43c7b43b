"""Passphrase policy in the NIST SP 800-63B style: length and a block list, no composition rules."""

from __future__ import annotations

import enum
import math

MIN_LENGTH = 12

# A small built-in list of passphrases people pick first. Compared case-insensitively with
# spaces removed; a longer phrase made of one repeated character is refused as well.
_COMMON = frozenset(
    {
        "password1234",
        "passwordpassword",
        "123456789012",
        "1234567890123",
        "12345678901234",
        "qwertyuiopasdf",
        "qwertyuiop123",
        "qwerty123456",
        "iloveyou1234",
        "letmein12345",
        "welcome12345",
        "welcometoexitdoors",
        "exitdoorshere",
        "exitdoors123",
        "exitdoorshere123",
        "changeme1234",
        "administrator",
        "abcdefghijkl",
        "abc123abc123",
        "trustno1trustno1",
        "correcthorsebatterystaple",
        "monkeymonkey",
        "football1234",
        "baseball1234",
        "sunshine1234",
        "princess1234",
        "passw0rd1234",
        "p@ssw0rd1234",
        "password12345",
        "password123456",
        "1q2w3e4r5t6y",
        "zaq12wsxcde3",
        "asdfghjklzxc",
        "elizabethfry",
        "elizabethfrytoronto",
        "toronto12345",
    }
)


class PassphraseProblem(enum.Enum):
    TOO_SHORT = "too_short"
    TOO_COMMON = "too_common"


class Strength(enum.IntEnum):
    WEAK = 0
    FAIR = 1
    GOOD = 2
    STRONG = 3


def check_passphrase(passphrase: str) -> list[PassphraseProblem]:
    problems: list[PassphraseProblem] = []
    if len(passphrase) < MIN_LENGTH:
        problems.append(PassphraseProblem.TOO_SHORT)
    squashed = "".join(passphrase.lower().split())
    if squashed in _COMMON or len(set(squashed)) <= 2:
        problems.append(PassphraseProblem.TOO_COMMON)
    return problems


def strength(passphrase: str) -> Strength:
    """A hint for the wizard, not a rule: rough entropy from length and character variety."""
    if check_passphrase(passphrase):
        return Strength.WEAK
    pool = 0
    if any(c.islower() for c in passphrase):
        pool += 26
    if any(c.isupper() for c in passphrase):
        pool += 26
    if any(c.isdigit() for c in passphrase):
        pool += 10
    if any(not c.isalnum() for c in passphrase):
        pool += 20
    distinct = len(set(passphrase))
    bits = min(len(passphrase), distinct * 2) * math.log2(max(pool, 2))
    if bits >= 90:
        return Strength.STRONG
    if bits >= 65:
        return Strength.GOOD
    return Strength.FAIR
