"""Import warnings, counted while reading and reported once per kind (never one per element)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Notes:
    skipped: Counter[str] = field(default_factory=Counter)  # content left out
    approximated: Counter[str] = field(default_factory=Counter)  # drawn differently
    degenerate_contours: int = 0  # contours dropped: zero area or too few points
    degenerate_shapes: int = 0  # shapes dropped: nothing left to draw
    canvas_from_content: bool = False

    def messages(self) -> list[str]:
        out = []
        if self.skipped:
            out.append("Skipped unsupported content: " + _listing(self.skipped) + ".")
        if self.approximated:
            out.append("Approximated: " + _listing(self.approximated) + ".")
        if self.degenerate_contours or self.degenerate_shapes:
            out.append(
                f"Dropped {self.degenerate_contours} contour(s) and {self.degenerate_shapes} shape(s) that "
                "paint nothing (zero area, or fewer than 3 control points)."
            )
        if self.canvas_from_content:
            out.append("The SVG has no width, height or viewBox; the canvas was fitted to the content.")
        return out


def _listing(counts: Counter[str]) -> str:
    return ", ".join(f"{what} ({n})" for what, n in sorted(counts.items()))
