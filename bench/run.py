"""The supervision benchmark: serves Samanvay with gunicorn (the production WSGI server) against
PostgreSQL, fills a database per profile with `generate_scale` (or reuses one already filled),
and measures server time (p50/p95) and SQL queries of

- the branch dashboard: one year, statewide;
- a district dashboard: a district officer's own;
- a filtered report list: verified Srijan reports of one district.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/run.py                      # profiles small and mp-10y
    .venv/bin/python bench/run.py --profiles small     # a quick run
    .venv/bin/python bench/run.py --fresh              # drop and generate the databases again

Needs PostgreSQL (BENCH_PG, default postgres://postgres@127.0.0.1:5432); writes
bench/results/latest.md."""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TARGETS_MS = {"branch dashboard": 250, "district dashboard": 100, "report list": 80}


def env_for(database: str) -> dict[str, str]:
    base = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    return {
        **os.environ,
        "DATABASE_URL": f"{base}/{database}",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DB_CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(  # noqa: S603
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout if capture else ""


def psql(env: dict, sql: str, database: str = "postgres") -> str:
    url = env["DATABASE_URL"].rsplit("/", 1)[0] + "/" + database
    result = subprocess.run(  # noqa: S603
        ["psql", url, "-tAc", sql],  # noqa: S607
        check=False,
        text=True,
        capture_output=True,
    )
    return result.stdout.strip()


def prepare(profile: str, *, fresh: bool) -> tuple[dict, float | None]:
    database = "samanvay_bench_" + profile.replace("-", "_")
    env = env_for(database)
    query = f"SELECT 1 FROM pg_database WHERE datname = '{database}'"  # noqa: S608 (fixed names)
    exists = psql(env, query) == "1"
    if exists and not fresh:
        filled = psql(env, "SELECT count(*) > 0 FROM activities_activityreport", database)
        if filled == "t":
            print(f"[{profile}] reusing {database}")
            return env, None
    if exists:
        psql(env, f"DROP DATABASE {database}")
    psql(env, f"CREATE DATABASE {database}")
    manage(env, "migrate", "--noinput", "-v0")
    started = time.monotonic()
    manage(env, "generate_scale", "--profile", profile, "--force")
    took = time.monotonic() - started
    print(f"[{profile}] generated in {took:.0f} s")
    return env, took


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "samanvay.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
            return server
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def fetch(url: str, session: str) -> tuple[float, int, int]:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        response.read()
        return (
            float(response.headers["X-Bench-Time-Ms"]),
            int(response.headers["X-Bench-Queries"]),
            response.status,
        )


def measure(url: str, session: str, count: int) -> dict:
    for _ in range(3):  # warm up both workers' caches and connections
        fetch(url, session)
    times, queries = [], set()
    for _ in range(count):
        ms, n, status = fetch(url, session)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")
        times.append(ms)
        queries.add(n)
    cuts = statistics.quantiles(times, n=20, method="inclusive")
    return {"p50": statistics.median(times), "p95": cuts[18], "queries": max(queries)}


def bench_profile(profile: str, *, fresh: bool, count: int, port: int) -> dict:
    env, generated = prepare(profile, fresh=fresh)
    lines = manage(env, "shell", "-c", (ROOT / "bench" / "session.py").read_text(), capture=True)
    sessions = {}
    for line in lines.strip().splitlines():
        if not line.startswith("SESSION "):
            continue
        _tag, role, key, district = line.split()
        sessions[role] = (key, district)
    counts = psql(
        env,
        "SELECT (SELECT count(*) FROM activities_activityreport) || ' reports, ' || "
        "(SELECT count(*) FROM accounts_user) || ' users, ' || "
        "(SELECT count(*) FROM meetings_actionitem) || ' action items'",
        env["DATABASE_URL"].rsplit("/", 1)[1],
    )
    branch, _ = sessions["branch"]
    officer, district = sessions["officer"]
    year = datetime.now(UTC).year
    base = f"http://127.0.0.1:{port}"
    pages = {
        "branch dashboard": (f"{base}/dashboard/?start={year - 1}-12&end={year}-11", branch),
        "district dashboard": (f"{base}/dashboard/", officer),
        "report list": (
            f"{base}/reports/?campaign=srijan&district={district}&status=verified",
            branch,
        ),
    }
    manage(env, "collectstatic", "--noinput", "-v0")
    server = serve(env, port)
    try:
        results = {name: measure(url, key, count) for name, (url, key) in pages.items()}
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return {"results": results, "generated": generated, "counts": counts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", default="small,mp-10y")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    args = parser.parse_args()
    profiles = args.profiles.split(",")
    runs = {}
    for profile in profiles:
        runs[profile] = bench_profile(
            profile, fresh=args.fresh, count=args.requests, port=args.port or free_port()
        )
        for name, r in runs[profile]["results"].items():
            print(
                f"[{profile}] {name}: p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, "
                f"{r['queries']} queries"
            )
    write(runs, args.requests)


def write(runs: dict, count: int) -> None:
    lines = [
        "# Supervision benchmark",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPUs; gunicorn, "
        f"2 workers; PostgreSQL; {count} requests per page after 3 warm-up requests; "
        "server time measured inside Django (bench/middleware.py).",
        "",
    ]
    for profile, run in runs.items():
        took = f", generated in {run['generated']:.0f} s" if run["generated"] else ""
        lines.append(f"- {profile}: {run['counts']}{took}")
    lines += [
        "",
        "| profile | page | p50 ms | p95 ms | SQL queries | target p95 | vs small |",
        "|---|---|---|---|---|---|---|",
    ]
    small = runs.get("small", {}).get("results", {})
    for profile, run in runs.items():
        for name, r in run["results"].items():
            ratio = ""
            if profile != "small" and name in small:
                ratio = f"{r['p95'] / small[name]['p95']:.2f}×"
            target = f"< {TARGETS_MS[name]} ms" if profile == "mp-10y" else ""
            lines.append(
                f"| {profile} | {name} | {r['p50']:.1f} | {r['p95']:.1f} | {r['queries']} | "
                f"{target} | {ratio} |"
            )
    out = ROOT / "bench" / "results" / "latest.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
