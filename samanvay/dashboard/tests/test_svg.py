"""The map's legend reads as a person would write it, and an empty chart says so."""

import pytest
from django.utils import translation

from samanvay.dashboard import svg


@pytest.mark.parametrize(
    ("values", "labels"),
    [
        ([0, 3, 1], ["1", "2", "3"]),
        ([10, 4], ["1–2", "3–4", "5–6", "7–8", "9–10"]),
        ([7], ["1–2", "3–4", "5–6", "7–8"]),
        ([], ["1"]),
        ([1000, 1], ["1–200", "201–400", "401–600", "601–800", "801–1000"]),
    ],
)
def test_legend_classes_start_at_one_and_do_not_repeat(values, labels):
    legend = svg.classes(values)
    assert [c.label for c in legend] == labels
    # The lightest and the darkest shades at the two ends, however many classes there are.
    if len(legend) > 1:
        assert (legend[0].colour, legend[-1].colour) == (svg.SHADES[0], svg.SHADES[-1])


def test_every_value_falls_in_its_class():
    legend = svg.classes([0, 1, 2, 3, 9, 10])
    assert svg.shade(0, legend) == svg.NO_DATA
    for value in (1, 2, 3, 9, 10):
        (cls,) = [c for c in legend if c.low <= value <= c.high]
        assert svg.shade(value, legend) == cls.colour


def test_an_empty_chart_says_nothing_was_counted():
    with translation.override("en"):
        assert "Nothing counted in this period yet." in svg.bar_chart([], label="x")
        assert "Nothing counted in this period yet." in svg.column_chart([("Jan", 0)], label="x")
        assert "Nothing counted" not in svg.bar_chart([("Srijan", 3)], label="x")
    with translation.override("hi"):
        assert "इस अवधि में अभी कुछ गिना नहीं गया है।" in svg.bar_chart([], label="x")
