"""Import warnings, counted while reading and reported once per kind (never one per element)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Notes:
    skipped: Counter[str] = field(default_factory=Counter)  # content left out
    approximated: Counter[str] = field(default_factory=Counter)  # drawn differently
    bridged: int = 0  # compound paths joined into one outline
    canvas_from_content: bool = False

    def messages(self) -> list[str]:
        out = []
        if self.skipped:
            out.append("Skipped unsupported content: " + _listing(self.skipped) + ".")
        if self.approximated:
            out.append("Approximated: " + _listing(self.approximated) + ".")
        if self.bridged:
            out.append(
                f"{self.bridged} path(s) with holes or overlapping parts were joined into single "
                "outlines by zero-width bridges (a Layertrace shape has one outline); they look the same."
            )
        if self.canvas_from_content:
            out.append("The SVG has no width, height or viewBox; the canvas was fitted to the content.")
        return out


def _listing(counts: Counter[str]) -> str:
    return ", ".join(f"{what} ({n})" for what, n in sorted(counts.items()))
