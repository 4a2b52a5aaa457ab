"""SVG pictures written on the server: bar charts (grouped or stacked) and a radial neighbourhood graph.

Each picture is one ``<svg>`` element with a ``viewBox`` and ``width="100%"`` (it scales to a phone), ``role="img"``,
a ``<title>`` and a ``<desc>``, its own small ``<style>`` (it reads the same on any page) and no script. Every bar
and node carries ``data-*`` attributes with its series, category and value, and a ``<title>`` (the tooltip), so
a test or a screen reader gets the numbers the picture shows. Text goes through ElementTree, which escapes it.

Written by hand rather than with a chart package: the few shapes needed here take less code than the
configuration of one, and the output has no script, no random ids and no generation date (the same build gives
the same bytes, which the page cache and its ETags rely on).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

PALETTE = ("#0b6e4f", "#a15c00", "#1f4e8c", "#a01c1c", "#6b4c9a", "#3d8a8a", "#8a6d3b", "#5f6b73")
_STYLE = (
    "text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;fill:#1d2327}"
    ".axis{stroke:#9aa5ad;stroke-width:1}.grid{stroke:#dde3e7;stroke-width:1}"
    ".tick{font-size:14px;fill:#5f6b73}.legend{font-size:15px}.label{font-size:12px}"
    ".edge{stroke:#9aa5ad;stroke-width:1.2}.edge.in{stroke-dasharray:4 3}"
    ".node circle{stroke:#fff;stroke-width:1.5}.centre{font-size:15px;font-weight:600}"
    "a:hover text{text-decoration:underline}.centre{paint-order:stroke;stroke:#fff;stroke-width:4px}"
)


@dataclass(frozen=True)
class Node:
    """A neighbour in the radial graph: label, link, the property linking it and its direction (out or in)."""

    label: str
    href: str | None
    group: str
    direction: str = "out"


def _svg(ident: str, width: int, height: int, title: str, desc: str) -> ET.Element:
    root = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {width} {height}", "width": "100%",
        "role": "img", "aria-labelledby": f"{ident}-title {ident}-desc", "class": "dsi-chart", "id": ident,
        "preserveAspectRatio": "xMidYMid meet"})
    ET.SubElement(root, "title", {"id": f"{ident}-title"}).text = title
    ET.SubElement(root, "desc", {"id": f"{ident}-desc"}).text = desc
    ET.SubElement(root, "style").text = _STYLE
    return root


def _text(parent: ET.Element, x: float, y: float, text: str, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, "text", {"x": f"{x:.1f}", "y": f"{y:.1f}", **attrs})
    node.text = text
    return node


def _nice_max(value: int) -> tuple[int, int]:
    """An axis maximum >= value and its tick step (1, 2 or 5 times a power of ten)."""
    if value <= 0:
        return 1, 1
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(1, int(step))
    return step * math.ceil(value / step), step


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def to_string(root: ET.Element) -> str:
    """The picture as SVG text (no XML declaration: it is put inline into HTML pages)."""
    return ET.tostring(root, encoding="unicode")


def bar_chart(ident: str, title: str, desc: str, categories: Sequence[str],
              series: Sequence[tuple[str, Sequence[int]]], *, stacked: bool = True,
              unit: str = "") -> ET.Element:
    """Bars per category, one colour per series, stacked or side by side; zero values draw no bar.

    :param ident: the element id (unique on the page), also the prefix of the title and desc ids.
    :param series: (name, one value per category) pairs.
    """
    width, height, left, right, top, bottom = 720, 320, 44, 12, 16, 64
    root = _svg(ident, width, height, title, desc)
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(values[i] for _, values in series) if stacked else max((v[i] for _, v in series), default=0)
              for i in range(len(categories))]
    top_value, step = _nice_max(max(totals, default=0))
    scale = plot_h / top_value
    grid = ET.SubElement(root, "g", {"class": "grid-lines"})
    for tick in range(0, top_value + 1, step):
        y = top + plot_h - tick * scale
        ET.SubElement(grid, "line", {"class": "grid" if tick else "axis", "x1": str(left), "x2": str(width - right),
                                     "y1": f"{y:.1f}", "y2": f"{y:.1f}"})
        _text(grid, left - 6, y + 5, str(tick), **{"class": "tick", "text-anchor": "end"})
    slot = plot_w / max(len(categories), 1)
    bar_w = slot * 0.7 / (1 if stacked else max(len(series), 1))
    bars = ET.SubElement(root, "g", {"class": "bars"})
    for i, category in enumerate(categories):
        x0 = left + i * slot + slot * 0.15
        base = 0
        for k, (name, values) in enumerate(series):
            value = values[i]
            if value <= 0:
                continue
            h = value * scale
            x = x0 if stacked else x0 + k * bar_w
            y = top + plot_h - (base + value) * scale if stacked else top + plot_h - h
            rect = ET.SubElement(bars, "rect", {
                "class": "bar", "x": f"{x:.1f}", "y": f"{y:.1f}", "width": f"{bar_w:.1f}", "height": f"{h:.1f}",
                "fill": PALETTE[k % len(PALETTE)], "data-series": name, "data-category": category,
                "data-value": str(value)})
            ET.SubElement(rect, "title").text = f"{category}: {value} {name}{unit}"
            if stacked:
                base += value
        _text(root, left + i * slot + slot / 2, top + plot_h + 19, category,
              **{"class": "tick", "text-anchor": "middle"})
    _legend(root, [(name, sum(values), PALETTE[k % len(PALETTE)]) for k, (name, values) in enumerate(series)],
            width, height - 18)
    return root


def radial_graph(ident: str, title: str, desc: str, centre: str, nodes: Sequence[Node], *,
                 per_side: int = 20) -> ET.Element:
    """The entity in the middle, what it points to on an arc to the right, what points to it on the left.

    Neighbours are spaced evenly in height (labels never overlap), one colour per property; outgoing links are
    solid lines, incoming ones dashed; a neighbour with a link is an ``<a>``. Past ``per_side`` neighbours on a
    side, the rest is counted in a ``+ N more`` line (the table under the picture lists them all).
    """
    sides = {"out": [n for n in nodes if n.direction != "in"], "in": [n for n in nodes if n.direction == "in"]}
    rows = max(min(len(v), per_side) + (1 if len(v) > per_side else 0) for v in sides.values())
    step, width = 19, 760
    height = max(rows * step + 90, 200)
    cx, cy = width / 2, (height - 40) / 2
    half = max(rows - 1, 1) * step / 2
    root = _svg(ident, width, height, title, desc)
    groups = list(dict.fromkeys(n.group for n in nodes))
    colour = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)}
    edges = ET.SubElement(root, "g", {"class": "edges"})
    layer = ET.SubElement(root, "g", {"class": "nodes"})
    for direction, sign in (("out", 1), ("in", -1)):
        shown = sides[direction][:per_side]
        count = len(shown) + (1 if len(sides[direction]) > per_side else 0)
        for i, node in enumerate(shown):
            dy = (i - (count - 1) / 2) * step
            bend = math.sqrt(max(0.0, 1 - (dy / (half + step)) ** 2))
            x, y = cx + sign * (70 + 60 * bend), cy + dy
            ET.SubElement(edges, "line", {"class": f"edge {direction}", "x1": f"{cx:.1f}", "y1": f"{cy:.1f}",
                                          "x2": f"{x:.1f}", "y2": f"{y:.1f}"})
            holder = ET.SubElement(layer, "a", {"href": node.href}) if node.href else layer
            g = ET.SubElement(holder, "g", {"class": "node", "data-group": node.group, "data-direction": direction})
            ET.SubElement(g, "title").text = (f"{node.label}: {node.group}" if direction == "out"
                                              else f"{node.label}: {node.group} (pointing here)")
            ET.SubElement(g, "circle", {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": "5.5", "fill": colour[node.group]})
            _text(g, x + sign * 10, y + 4, _short(node.label, 34),
                  **{"class": "label", "text-anchor": "start" if sign > 0 else "end"})
        hidden = len(sides[direction]) - len(shown)
        if hidden > 0:
            dy = (count - 1 - (count - 1) / 2) * step
            _text(root, cx + sign * 140, cy + dy + 4, f"+ {hidden} more",
                  **{"class": "tick", "text-anchor": "start" if sign > 0 else "end"})
    ET.SubElement(root, "circle", {"cx": f"{cx:.1f}", "cy": f"{cy:.1f}", "r": "9", "fill": "#1d2327"})
    _text(root, cx, cy - 16, _short(centre, 36), **{"class": "centre", "text-anchor": "middle"})
    _legend(root, [(g, sum(1 for n in nodes if n.group == g), colour[g]) for g in groups], width, height - 24)
    return root


def _legend(root: ET.Element, entries: Sequence[tuple[str, int, str]], width: int, y: float) -> float:
    """Colour keys with counts from ``y`` down, wrapped to the width; the picture grows to hold them (its viewBox).

    :return: the y of the last line.
    """
    legend = ET.SubElement(root, "g", {"class": "legend"})
    x = 12.0
    for name, count, fill in entries:
        label = f"{name} ({count})"
        span = 32 + 8.2 * len(label)
        if x + span > width and x > 12:
            x, y = 12.0, y + 18
        ET.SubElement(legend, "rect", {"x": f"{x:.1f}", "y": f"{y - 10:.1f}", "width": "11", "height": "11",
                                       "rx": "2", "fill": fill})
        _text(legend, x + 16, y, label, **{"class": "legend"})
        x += span
    _, _, w, h = root.get("viewBox", "0 0 0 0").split()
    if y + 12 > float(h):
        root.set("viewBox", f"0 0 {w} {y + 12:.0f}")
    return y
