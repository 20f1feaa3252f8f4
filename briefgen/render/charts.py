"""Charts drawn from the brief's data as PNG bytes, for the writers to embed.

matplotlib is imported only when a chart is drawn and used through its object API (no pyplot),
so no global figure state leaks between briefs. The PNG carries no software or date metadata,
which keeps the output byte-identical for the same brief.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
from typing import Any

from ..errors import OutputError, TemplateError
from ..extract.numbers import MAX_HEAD_COUNT
from ..model import FIGURE_CATEGORIES
from .standing import SUPERSEDED, standing
from .style import Style

CHARTS = ("casualties",)
DPI = 170
MAX_BARS = 10

# Bar colours per category: killed darkest, then lighter/other hues, all print-friendly.
_CATEGORY_COLORS = {
    "killed": "#8B1A1A", "injured": "#C8691C", "missing": "#6A4C93", "displaced": "#1F6F8B",
    "detained": "#4D5B6A", "kidnapped": "#7A3E65", "affected": "#5B7F3A", "other": "#6B6B6B",
}
_QUALIFIER_MARKS = {"exact": "", "at_least": "at least ", "more_than": "more than ",
                    "about": "about ", "at_most": "at most ", "fewer_than": "fewer than "}


# Charts drawn in this process, by what they are drawn from: a run that writes PDF, DOCX and
# HTML of one brief draws each chart once. Bounded, so a long-lived process stays small.
_DRAWN: dict[str, bytes | None] = {}
_DRAWN_MAX = 16


def render_chart(name: str, brief: dict[str, Any], style: Style) -> bytes | None:
    """PNG bytes of the named chart, or None when the brief has too little data for it."""
    if name not in CHARTS:
        raise TemplateError(f"unknown chart {name!r}; available: {', '.join(CHARTS)}")
    if not style.charts:
        return None
    bars = _bars(brief)
    key = _chart_key(name, bars, brief, style)
    if key in _DRAWN:
        return _DRAWN[key]
    data = casualty_chart(brief, style, bars)
    if len(_DRAWN) >= _DRAWN_MAX:
        _DRAWN.pop(next(iter(_DRAWN)))
    _DRAWN[key] = data
    return data


def _bars(brief: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures the chart draws, in the brief's order: chartable, and not an earlier count a
    later one replaced (history, not a bar beside the latest)."""
    return [f for f in brief.get("figures") or []
            if _chartable(f) and standing(brief, f) != SUPERSEDED][:MAX_BARS]


def _chart_key(name: str, bars: list[dict[str, Any]], brief: dict[str, Any], style: Style) -> str:
    """A digest of everything the chart is drawn from: the bars it draws, the document
    numbering its labels cite and the style."""
    ids = [d.get("id") for d in brief.get("documents") or []]
    text = json.dumps([name, bars, ids, repr(style)], sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _chartable(figure: dict[str, Any]) -> bool:
    """A figure with a plausible count to draw; any other stays in the brief's text only."""
    if figure.get("scope") == "background" or figure.get("breakdown"):
        return False   # another event's toll, or a part of a total drawn beside it
    low, high = figure.get("low"), figure.get("high")
    return (_plausible(low) and low > 0 and (high is None or _plausible(high))
            and figure.get("qualifier") != "vague" and not figure.get("vague"))


def _plausible(value: Any) -> bool:
    """A finite number no larger than any head count (a stored or hand-made brief may hold
    3,000,000,000,000,000,000,000, which matplotlib cannot scale)."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value) and abs(value) <= MAX_HEAD_COUNT)


def _value_label(figure: dict[str, Any]) -> str:
    low, high = figure["low"], figure.get("high")
    if high is not None and high != low:
        return f"{low:,}\u2013{high:,}"
    return f"{_QUALIFIER_MARKS.get(figure.get('qualifier', 'exact'), '')}{low:,}"


def _bar_label(figure: dict[str, Any], numbers: dict[str, int]) -> str:
    """Category, victims and place, then whose number it is: the claimant the text names and
    the source numbers the brief's citations use ("per UN [2]", else "source [2]")."""
    what = figure.get("subject") or ""
    head = f"{figure['category'].capitalize()}" + (f" ({what})" if what else "")
    where = figure.get("place")
    line1 = _shorten(f"{head}, {where}" if where else head, 38)
    cited = sorted({numbers[r["document"]] for r in figure.get("sources") or []
                    if r.get("document") in numbers})
    marks = f"[{', '.join(str(n) for n in cited[:3])}{', …' if len(cited) > 3 else ''}]" \
        if cited else ""
    claimant = figure.get("claimed_by")
    if claimant:
        return f"{line1}\nper {_shorten(claimant, 30)}" + (f" {marks}" if marks else "")
    return f"{line1}\nsource {marks}" if marks else line1


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def casualty_chart(brief: dict[str, Any], style: Style,
                   bars: list[dict[str, Any]] | None = None) -> bytes | None:
    """Horizontal bars of casualty figures (`bars`, else those of _bars); a range's upper part
    is drawn lighter."""
    figures = _bars(brief) if bars is None else bars
    if len(figures) < 2:
        return None
    order = {c: i for i, c in enumerate(FIGURE_CATEGORIES)}
    # Keep the brief's own importance order within a category; categories in a fixed order.
    figures = sorted(figures, key=lambda f: order.get(f.get("category"), len(order)))
    numbers = {d["id"]: n for n, d in enumerate(brief.get("documents") or [], start=1)
               if d.get("id")}

    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rc = {"font.family": "DejaVu Sans", "font.size": 8.5, "axes.edgecolor": "#9AA3AD",
          "axes.linewidth": 0.6, "xtick.color": "#4A5563", "ytick.color": "#222222",
          "svg.hashsalt": "briefgen", "path.simplify": True}
    try:
        with rc_context(rc):
            height = 0.6 + 0.32 * len(figures)   # inches: two label lines per bar
            fig = Figure(figsize=(6.6, height), dpi=DPI)
            FigureCanvasAgg(fig)
            ax = fig.add_subplot()
            positions = list(range(len(figures)))[::-1]
            for y, figure in zip(positions, figures):
                color = _CATEGORY_COLORS.get(figure.get("category"), _CATEGORY_COLORS["other"])
                low, high = figure["low"], figure.get("high")
                ax.barh(y, low, height=0.62, color=color, zorder=2)
                end = low
                if high is not None and high > low:
                    ax.barh(y, high - low, left=low, height=0.62, color=color, alpha=0.35,
                            zorder=2, hatch="////", edgecolor="white", linewidth=0)
                    end = high
                elif figure.get("qualifier") in ("at_least", "more_than"):
                    # An open upper bound: a short fading tail instead of a hard end.
                    ax.barh(y, low * 0.04, left=low, height=0.62, color=color, alpha=0.3, zorder=2)
                    end = low * 1.04
                ax.annotate(_value_label(figure), (end, y), xytext=(4, 0),
                            textcoords="offset points", va="center", ha="left", fontsize=8,
                            color="#222222")
            ax.set_yticks(positions, [_bar_label(f, numbers) for f in figures], fontsize=7.8)
            top = max(f.get("high") or f["low"] for f in figures)
            ax.set_xlim(0, top * 1.22)
            ax.xaxis.grid(True, color="#E3E6EA", linewidth=0.6, zorder=0)
            ax.set_axisbelow(True)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            ax.tick_params(axis="y", length=0)
            ax.xaxis.set_major_formatter(_thousands())
            fig.tight_layout(pad=0.6)
            out = io.BytesIO()
            fig.savefig(out, format="png", dpi=DPI, facecolor="white",
                        metadata={"Software": None})
    except (ValueError, OverflowError, ArithmeticError) as exc:   # matplotlib refused the data
        raise OutputError(f"chart {CHARTS[0]!r} could not be drawn: {exc}") from exc
    return out.getvalue()


def _thousands():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: f"{value:,.0f}")
