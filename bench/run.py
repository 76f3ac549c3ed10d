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
    .venv/bin/python bench/run.py --database-prefix samanvay_bench_ana   # databases of your own

Needs PostgreSQL (BENCH_PG, default postgres://postgres@127.0.0.1:5432). The databases are
named <prefix>_<profile> (prefix: --database-prefix, BENCH_DB_PREFIX or samanvay_bench): they are
dropped and made again with --fresh, so choose a prefix nobody else uses. Writes
bench/results/latest.md."""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
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


def prepare(profile: str, *, fresh: bool, prefix: str) -> tuple[dict, float | None]:
    database = f"{prefix}_{profile.replace('-', '_')}"
    env = env_for(database)
    query = f"SELECT 1 FROM pg_database WHERE datname = '{database}'"  # noqa: S608 (fixed names)
    exists = psql(env, query) == "1"
    if exists and not fresh:
        filled = psql(env, "SELECT count(*) > 0 FROM activities_activityreport", database)
        if filled == "t":
            print(f"[{profile}] reusing {database}")
            manage(env, "migrate", "--noinput", "-v0")  # migrations that landed since
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
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10)  # noqa: S310
            return server
        except OSError:  # refused, or a time-out while the workers start
            time.sleep(0.2)
    server.terminate()
    server.wait()
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


def summary(times: list[float], queries: set[int]) -> dict:
    cuts = statistics.quantiles(times, n=20, method="inclusive")
    return {"p50": statistics.median(times), "p95": cuts[18], "queries": max(queries)}


def measure(servers: dict, count: int) -> dict:
    """Every page of every profile, the profiles' requests taking turns: a machine that gets
    busier or quieter during the run slows both alike, and their ratio stays fair."""
    results: dict = {profile: {} for profile in servers}
    for name in next(iter(servers.values()))["pages"]:
        for run in servers.values():
            url, session = run["pages"][name]
            for _ in range(3):  # warm up both workers' caches and connections
                fetch(url, session)
        samples = {profile: ([], set()) for profile in servers}
        for _ in range(count):
            for profile, run in servers.items():
                url, session = run["pages"][name]
                ms, n, status = fetch(url, session)
                if status != 200:
                    raise RuntimeError(f"{url} answered {status}")
                samples[profile][0].append(ms)
                samples[profile][1].add(n)
        for profile, (times, queries) in samples.items():
            results[profile][name] = summary(times, queries)
    return results


def start_profile(profile: str, *, fresh: bool, port: int, prefix: str) -> dict:
    """Fill (or reuse) the profile's database and serve it; the personas' sessions and pages."""
    env, generated = prepare(profile, fresh=fresh, prefix=prefix)
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
        "(SELECT count(*) FROM meetings_actionitem) || ' action items, ' || "
        "(SELECT count(*) FROM referrals_referral) || ' referrals, ' || "
        "(SELECT count(*) FROM channel_message) || ' group messages'",
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
    return {"server": serve(env, port), "pages": pages, "generated": generated, "counts": counts}


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", default="small,mp-10y")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument(
        "--database-prefix",
        default=os.environ.get("BENCH_DB_PREFIX", "samanvay_bench"),
        help="databases <prefix>_<profile> (default: BENCH_DB_PREFIX or samanvay_bench)",
    )
    args = parser.parse_args()
    profiles = args.profiles.split(",")
    load_before = os.getloadavg()[0]
    servers: dict = {}
    try:
        for profile in profiles:
            servers[profile] = start_profile(
                profile, fresh=args.fresh, port=free_port(), prefix=args.database_prefix
            )
        results = measure(servers, args.requests)
    finally:
        for run in servers.values():
            stop(run["server"])
    runs = {
        profile: {
            "results": results[profile],
            "generated": run["generated"],
            "counts": run["counts"],
        }
        for profile, run in servers.items()
    }
    for profile, run in runs.items():
        for name, r in run["results"].items():
            print(
                f"[{profile}] {name}: p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, "
                f"{r['queries']} queries"
            )
    write(runs, args.requests, load=(load_before, os.getloadavg()[0]))


def write(runs: dict, count: int, *, load: tuple[float, float]) -> None:
    lines = [
        "# Supervision benchmark",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPUs; gunicorn, "
        f"2 workers per profile; PostgreSQL; {count} requests per page after 3 warm-up "
        "requests, the profiles' requests taking turns; server time measured inside Django "
        "(bench/middleware.py). The machine's load average (1 minute) was "
        f"{load[0]:.1f} at the start and {load[1]:.1f} at the end (other work shares it).",
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
