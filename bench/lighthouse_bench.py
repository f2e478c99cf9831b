"""Lighthouse mobile on a built site served by nginx with ``deploy/nginx.conf``: the score and
what a phone downloads on its first visit to each kind of page.

    .venv/bin/careguide build                    # or any built site/
    .venv/bin/python bench/lighthouse_bench.py [--site site] [--runs 3]

Needs Debian's ``nginx``, ``libnginx-mod-http-brotli-static`` and ``chromium`` (``make test``
installs them) and Lighthouse from npm, which this bench installs into ``bench/lighthouse/``
from its lock on first use (12.2.3: the last release that runs on Debian's Node 20).

Lighthouse's mobile preset: a Moto G Power sized screen, simulated slow 4G (150 ms, 1.6 Mbit/s)
and a CPU 4× slower. The server is on this machine, so only the simulation's network counts.
Chromium treats this loopback address as secure and asks for Brotli, as phones do over HTTPS;
"br" and "gzip" are the same requests asked of the server again with only that encoding
accepted (a phone on plain HTTP, or an old one, gets the gzip copies).
Prints, per page, the median performance score of ``--runs`` runs (of those where Lighthouse
found the CPU fast enough, ``benchmarkIndex`` ≥ 1000, when there are any: "runs" says how many
counted) and the lowest of all, and the first load:
requests, bytes Chromium received, the same with Brotli and with gzip, and the bytes before
decompression. Scores vary from run to run with the machine's load; the bytes do not.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
TOOLS = REPO / "bench" / "lighthouse"
sys.path[:0] = [str(REPO / "tests")]

import webservers  # noqa: E402

PAGES = {
    "home": "",
    "chapter": "handbook/common-illness/",
    "centre": "centres/zhengding/",
    "classes": "classes/",
}
"""The four kinds of page the issue names (the demo site has each of these)."""


FAST_ENOUGH = 1000
"""Lighthouse's ``benchmarkIndex`` below which it warns that the CPU is slower than it expects
(the machine busy with other work): such a run's score says more about the machine."""


@dataclass
class Load:
    score: float
    benchmark: float
    requests: int
    transferred: int
    brotli: int
    gzip: int
    resources: int
    by_kind: dict[str, int]


def lighthouse() -> Path:
    """Lighthouse's command, installed from ``bench/lighthouse/package-lock.json`` if needed."""
    cli = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.is_file():
        subprocess.run(
            ["npm", "ci", "--prefix", str(TOOLS), "--no-audit", "--no-fund", "--loglevel=error"],
            check=True,
        )
    return cli


def run(cli: Path, url: str, output: Path) -> Load:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    subprocess.run(
        [
            "node",
            str(cli),
            url,
            "--quiet",
            "--only-categories=performance",
            "--output=json",
            f"--output-path={output}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        check=True,
        env={"CHROME_PATH": chromium, "PATH": "/usr/bin:/bin"},
    )
    report: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    items = report["audits"]["network-requests"]["details"]["items"]
    requests = [item for item in items if item["url"].startswith("http")]
    by_kind: dict[str, int] = {}
    for item in requests:
        kind = item.get("resourceType", "Other")
        by_kind[kind] = by_kind.get(kind, 0) + item.get("transferSize", 0)
    return Load(
        score=report["categories"]["performance"]["score"] * 100,
        benchmark=report["environment"]["benchmarkIndex"],
        requests=len(requests),
        transferred=sum(item.get("transferSize", 0) for item in requests),
        brotli=sum(_weight(item["url"], "br") for item in requests),
        gzip=sum(_weight(item["url"], "gzip") for item in requests),
        resources=sum(item.get("resourceSize", 0) for item in requests),
        by_kind=by_kind,
    )


def _weight(url: str, encoding: str) -> int:
    """Bytes of the server's whole response to ``url`` (status line, headers, body) for a
    client that accepts ``encoding``."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    try:
        connection.request("GET", parts.path or "/", headers={"Accept-Encoding": encoding})
        response = connection.getresponse()
        body = response.read()
        head = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + 2
        head += sum(len(name) + len(value) + 4 for name, value in response.getheaders())
        return head + len(body)
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=REPO / "site")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reports", type=Path, help="keep Lighthouse's JSON reports here")
    args = parser.parse_args()
    site = args.site.resolve()
    absent = webservers.missing()
    if absent and "nginx" in absent:
        sys.exit(f"install Debian's {absent}")
    cli = lighthouse()
    with (
        tempfile.TemporaryDirectory() as work,
        webservers.nginx(site, Path(work) / "nginx") as base,
    ):
        print(f"Lighthouse mobile, {args.runs} runs per page, median score; first load")
        print("page     score runs  min requests  Chromium KiB  br KiB  gzip KiB  raw KiB")
        for name, address in PAGES.items():
            reports = args.reports or Path(work)
            reports.mkdir(parents=True, exist_ok=True)
            loads = [
                run(cli, base + address, reports / f"{name}-{index}.json")
                for index in range(args.runs)
            ]
            load = loads[0]
            counted = [one for one in loads if one.benchmark >= FAST_ENOUGH] or loads
            score = statistics.median(one.score for one in counted)
            lowest = min(one.score for one in loads)
            print(
                f"{name:8} {score:5.0f} {len(counted):>2}/{len(loads):<2} {lowest:3.0f}"
                f" {load.requests:8} {load.transferred / 1024:13.1f} {load.brotli / 1024:7.1f}"
                f" {load.gzip / 1024:9.1f} {load.resources / 1024:8.1f}   "
                + ", ".join(f"{k} {v / 1024:.1f}" for k, v in sorted(load.by_kind.items()))
            )


if __name__ == "__main__":
    main()
