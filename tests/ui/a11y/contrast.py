"""WCAG 2.1 contrast: relative luminance and ratio, and the colour pairs of a Qt style sheet."""

from __future__ import annotations

import re
from dataclasses import dataclass

NAMED = {"white": "#ffffff", "black": "#000000"}


def _hex(colour: str) -> str:
    c = NAMED.get(colour.strip().lower(), colour.strip().lower())
    if re.fullmatch(r"#[0-9a-f]{3}", c):
        c = "#" + "".join(ch * 2 for ch in c[1:])
    if not re.fullmatch(r"#[0-9a-f]{6}", c):
        raise ValueError(f"not a colour: {colour!r}")
    return c


def luminance(colour: str) -> float:
    c = _hex(colour)
    channels = [int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def ratio(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class Pair:
    where: str
    fore: str
    back: str
    kind: str  # "text" (4.5:1) or "ui" (3:1: a component's boundary or a focus ring)

    @property
    def needed(self) -> float:
        return 4.5 if self.kind == "text" else 3.0

    @property
    def ratio(self) -> float:
        return ratio(self.fore, self.back)


COLOUR = r"(#[0-9a-fA-F]{3,6}\b|white|black)"
INPUTS = ("QLineEdit", "QComboBox", "QSpinBox", "QDateEdit", "QPlainTextEdit", "QTextEdit")


def sheet_pairs(qss: str, surfaces: tuple[str, ...]) -> tuple[list[Pair], list[str]]:
    """Text colour against the rule's background (or, without one, every surface it can sit
    on); the border of inputs and the focus border against those surfaces. Disabled states
    are returned apart: WCAG exempts inactive components."""
    pairs: list[Pair] = []
    exempt: list[str] = []
    text = re.sub(r"/\*.*?\*/", "", qss, flags=re.S)
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", text):
        selector = " ".join(selector.split())
        props = dict(
            (k.strip(), v.strip())
            for k, v in (p.split(":", 1) for p in body.split(";") if ":" in p)
        )
        fore = re.match(COLOUR, props.get("color", ""))
        back = re.match(COLOUR, props.get("background", props.get("background-color", "")))
        backs = [back.group(1)] if back else list(surfaces)
        if ":disabled" in selector:
            exempt.append(selector)
            continue
        if fore:
            pairs += [Pair(selector, fore.group(1), b, "text") for b in backs]
        for key in ("selection-color",):
            sel_back = re.match(COLOUR, props.get("selection-background-color", ""))
            sel_fore = re.match(COLOUR, props.get(key, ""))
            if sel_back and sel_fore:
                pairs.append(Pair(selector + " (selection)", sel_fore.group(1),
                                  sel_back.group(1), "text"))  # fmt: skip
        if any(i in selector for i in INPUTS) or ":focus" in selector:
            border = re.search(
                COLOUR, props.get("border", "") + " " + props.get("border-color", "")
            )
            if border:
                pairs += [Pair(selector + " (border)", border.group(1), b, "ui") for b in surfaces]
    return pairs, exempt
