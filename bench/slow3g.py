"""How long the report form takes to become usable on a slow 3G phone.

Run: .venv/bin/python bench/slow3g.py   (writes bench/results/slow3g.md)

A phone (360×740, Hindi) with a cold cache, throttled by Chromium's own network emulation
(Chrome DevTools Protocol Network.emulateNetworkConditions: 400 kbit/s down and up, 400 ms
latency), opens the new-report form of a signed-in field worker served by the live test server.
"Usable" is the moment the form's first field can be typed into (DOMContentLoaded; the scripts are
deferred and the page needs none of them to work); the full load is shown too. Target: 4 s.
"""

import datetime
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import pytest

RUNS = 5
TARGET_MS = 4000
RESULTS = Path(__file__).parent / "results" / "slow3g.md"
SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}


def test_report_form_on_slow_3g(new_page, world, plans, sign_in):
    timings = []
    for _ in range(RUNS):
        page = sign_in(new_page(), world.member_a)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        started = time.perf_counter()
        page.goto("/reports/new/", wait_until="domcontentloaded")
        page.locator("[name=place]").fill("पंचायत भवन")
        usable = (time.perf_counter() - started) * 1000
        page.wait_for_load_state("load")
        nav = page.evaluate(
            """() => { const n = performance.getEntriesByType("navigation")[0];
                       const all = [n, ...performance.getEntriesByType("resource")];
                       return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                               bytes: all.reduce((s, e) => s + e.transferSize, 0)}; }"""
        )
        timings.append((usable, nav["dcl"], nav["load"], nav["bytes"]))
        page.context.close()

    median_usable = statistics.median(t[0] for t in timings)
    lines = [
        "# Report form on slow 3G",
        "",
        f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC by `bench/slow3g.py` "
        f"on {platform.machine()}, {os.cpu_count()} CPUs, Chromium "
        f"{new_page().context.browser.version}; 400 kbit/s, 400 ms latency, cold cache.",
        "",
        "| run | usable (form typed into) | DOMContentLoaded | load | bytes moved |",
        "| --- | --- | --- | --- | --- |",
        *(
            f"| {i} | {u:.0f} ms | {d:.0f} ms | {lo:.0f} ms | {b} |"
            for i, (u, d, lo, b) in enumerate(timings, 1)
        ),
        "",
        f"Median usable: **{median_usable:.0f} ms** (target {TARGET_MS} ms): "
        f"{'met' if median_usable <= TARGET_MS else 'NOT met'}.",
        "",
    ]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    os.environ.setdefault("SAMANVAY_TESTING", "1")
    root = Path(__file__).resolve().parent.parent
    sys.exit(
        pytest.main(
            [str(Path(__file__).resolve()), "-q", "-s", "-n", "0", "--rootdir", str(root)]
            + sys.argv[1:]
        )
    )
