"""Charts and the district map as SVG, drawn on the server.

Light on a slow phone, sharp when printed, usable in a PDF. Every chart scales to its container
(viewBox, width 100%); each is shown with a table of the same numbers next to it."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

SIMPLIFIED = Path(settings.BASE_DIR) / "data" / "mp_districts_simplified.geojson"
MAP_WIDTH = 600

# Five shades of one hue (light to dark), readable in grey print too; "none" for no data.
SHADES = ["#eef4fb", "#bcd5ee", "#7eaedb", "#3f7fbf", "#17467f"]
NO_DATA = "#f4f4f4"
BAR = "#3f7fbf"


# --- the map ------------------------------------------------------------------------------


@cache
def district_paths() -> tuple[dict[int, str], tuple[int, int]]:
    """{LGD code: SVG path data} projected once per process, and the drawing's size."""
    data = json.loads(SIMPLIFIED.read_text(encoding="utf-8"))
    rings_by_code: dict[int, list[list[list[float]]]] = {}
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        rings_by_code[feature["properties"]["code"]] = [ring for p in polygons for ring in p]
    xs = [pt[0] for rings in rings_by_code.values() for ring in rings for pt in ring]
    ys = [pt[1] for rings in rings_by_code.values() for ring in rings for pt in ring]
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    # Equirectangular, shrunk east-west by the cosine of the middle latitude.
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = MAP_WIDTH / ((east - west) * squeeze)
    height = round((north - south) * scale)
    paths = {}
    for code, rings in rings_by_code.items():
        parts = []
        for ring in rings:
            points = [
                f"{(x - west) * squeeze * scale:.1f},{(north - y) * scale:.1f}" for x, y in ring
            ]
            parts.append("M" + "L".join(points) + "Z")
        paths[code] = "".join(parts)
    return paths, (MAP_WIDTH, height)


@dataclass
class LegendClass:
    colour: str
    low: int
    high: int

    @property
    def label(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


def classes(values: list[int]) -> list[LegendClass]:
    """Up to five classes of equal width from 1 to the largest value (0 has its own colour):
    1–2, 3–4 … for a top of 10; just 1, 2, 3 for a top of 3, spread over light to dark."""
    top = max(values, default=0) or 1
    step = math.ceil(top / len(SHADES))
    count = math.ceil(top / step)
    picks = [round(i * (len(SHADES) - 1) / (count - 1)) for i in range(count)] if count > 1 else [2]
    return [LegendClass(SHADES[pick], i * step + 1, (i + 1) * step) for i, pick in enumerate(picks)]


def shade(value: int | None, legend: list[LegendClass]) -> str:
    if not value:
        return NO_DATA
    for cls in legend:
        if value <= cls.high:
            return cls.colour
    return legend[-1].colour


def district_map(
    values: dict[int, int], *, names: dict[int, str], links: dict[int, str], label: str
) -> SafeString:
    """The 55 districts coloured by `values` (by LGD code); each a link with a title."""
    paths, (width, height) = district_paths()
    legend = classes(list(values.values()))
    shapes = []
    for code, path in paths.items():
        value = values.get(code, 0)
        title = f"{names.get(code, code)}: {value}"
        shapes.append(
            format_html(
                '<a href="{}" aria-label="{}"><path d="{}" fill="{}"><title>{}</title></path></a>',
                links.get(code, "#"),
                title,
                path,
                shade(value, legend),
                title,
            )
        )
    return mark_safe(  # noqa: S308 (every piece above is escaped by format_html)
        # A group, not an image: an image's parts are hidden, and each district is a link.
        f'<svg class="map" viewBox="0 0 {width} {height}" role="group" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        '<g stroke="#fff" stroke-width="0.8">' + "".join(shapes) + "</g></svg>"
    )


# --- charts -------------------------------------------------------------------------------


def _nothing_yet(y: float) -> SafeString:
    """Said inside an empty chart, so that a blank box is not taken for a fault."""
    return format_html(
        '<text x="160" y="{}" font-size="14" text-anchor="middle" fill="#555">{}</text>',
        y,
        gettext("Nothing counted in this period yet."),
    )


def bar_chart(rows: list[tuple[str, int]], *, label: str) -> SafeString:
    """Horizontal bars (names on their own line above each bar: fits a 360 px screen, where
    the 320-unit view box is about 310 px wide and its 14-unit text about 13 px)."""
    width, bar_height, gap, text_height = 320, 14, 8, 18
    top = max((value for _name, value in rows), default=0) or 1
    step = text_height + bar_height + gap
    height = max(step * len(rows), step)
    parts = [] if any(value for _name, value in rows) else [_nothing_yet(22)]
    for i, (name, value) in enumerate(rows):
        y = i * step
        length = round((width - 72) * value / top, 1)
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="14">{}</text>'
                '<rect x="0" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="14">{}</text>',
                y + 14,
                name,
                y + text_height,
                length,
                bar_height,
                BAR,
                length + 4,
                y + text_height + 12,
                value,
            )
        )
    return mark_safe(  # noqa: S308 (pieces escaped by format_html)
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(parts)
        + "</svg>"
    )


def column_chart(rows: list[tuple[str, int]], *, label: str) -> SafeString:
    """Columns over time (months), with a line along their tops; labels every few columns."""
    width, height, bottom, left = 320, 170, 20, 4
    top = max((value for _name, value in rows), default=0) or 1
    count = max(len(rows), 1)
    slot = (width - left) / count
    every = max(1, math.ceil(count / 6))
    parts = [] if any(value for _name, value in rows) else [_nothing_yet(height / 2)]
    points = []
    for i, (name, value) in enumerate(rows):
        h = round((height - bottom - 14) * value / top, 1)
        x = left + i * slot
        y = height - bottom - h
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>',
                round(x + slot * 0.15, 1),
                y,
                round(slot * 0.7, 1),
                h,
                SHADES[2],
                name,
                value,
            )
        )
        points.append(f"{x + slot / 2:.1f},{y:.1f}")
        if i % every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="12">{}</text>',
                    round(x, 1),
                    height - 4,
                    name,
                )
            )
    line = (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{SHADES[4]}" '
        'stroke-width="1.5"/>'
        if len(points) > 1
        else ""
    )
    peak = format_html('<text x="{}" y="12" font-size="12">{}</text>', left, top)
    return mark_safe(  # noqa: S308 (pieces escaped by format_html)
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        + peak
        + "".join(parts)
        + line
        + "</svg>"
    )
