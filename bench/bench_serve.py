"""Preview benchmark: seconds from saving one file to ``mkdocs serve`` serving the changed page.

    python bench/bench_serve.py --sizes demo M --samples 5
    python bench/bench_serve.py --sizes demo --compare /work/main/hooks   # beside another copy

Measured as an editor sees it: ``make serve``'s command (``mkdocs serve --livereload --dirty``)
runs on a free port; for a centre (its name), a class (its title) and a chapter (a section's
title), a fresh marker is written into the file and the clock runs until the page at that
record's address contains it. The file is then put back and the page awaited again (not timed).
With ``--compare``, the same project is also served with the careguide package of another
folder (for example the main branch), edits alternating between the two, so a busy shared
machine slows both alike. Prints medians, the spread and the machine's 1-minute load (median
of the samples), beside the README's figures before this work and the issue's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import synthetic  # noqa: E402
from localserver import free_port, page_when, said  # noqa: E402

PINNED = str(int(datetime(2026, 12, 1, 8, 0, tzinfo=timezone(timedelta(hours=8))).timestamp()))
"""The build date: on or after the demo content's review dates (as the demo tests pin it)."""
KINDS = ("centre", "class", "chapter")
ISSUE = {("M", "centre"): "~4.8", ("M", "chapter"): "~9.3", ("demo", "chapter"): "5.3–5.8"}
"""The figures of the issue, measured before any of this work."""
BEFORE = {
    ("M", "centre"): "2.20",
    ("M", "class"): "1.11",
    ("M", "chapter"): "1.49",
    ("demo", "centre"): "0.32",
    ("demo", "class"): "0.32",
    ("demo", "chapter"): "0.41",
}
"""The README's figures before records, fingerprints and plain files were reused per save
(medians, 2026-12-01, load 3–4.7 at M, ~3.2 at demo)."""


@dataclass(frozen=True)
class Edit:
    """One record of one file: where it is, the text replaced, and the page that shows it."""

    file: Path
    text: str
    address: str
    after: str = ""
    """Text before it in the file, when ``text`` alone is not unique (class titles repeat)."""


def edits(project: Path) -> dict[str, Edit]:
    """A centre's name, an upcoming class's title and a chapter section's title."""
    centre = sorted((project / "content/centres").glob("*.yml"))[-1]
    data = yaml.safe_load(centre.read_text(encoding="utf-8"))
    singles = [
        (path, item)
        for path in sorted((project / "content/classes").glob("*.yml"))
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["classes"]
        if "repeat" not in item  # a series' meetings have ids of their own
    ]
    classes_file, a_class = singles[-1]
    chapter = project / "content/handbook/feeding.yml"
    section = yaml.safe_load(chapter.read_text(encoding="utf-8"))["sections"][-1]
    return {
        "centre": Edit(centre, data["name"], f"centres/{data['id']}/"),
        "class": Edit(
            classes_file, a_class["title"], f"classes/{a_class['id']}/", f"id: {a_class['id']}\n"
        ),
        "chapter": Edit(chapter, f"title: {section['title']}", "handbook/feeding/"),
    }


def project_for(workdir: Path, size: str, hooks: Path, name: str) -> Path:
    """A synthetic project of ``size`` whose hook is the one in ``hooks``."""
    project = workdir / f"{size}-{name}"
    if not (project / "content").is_dir():
        synthetic.generate(project, size)
    shim = hooks / "careguide_hooks.py"
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    lines = [
        f"  - {shim}" if line.endswith("careguide_hooks.py") else line for line in text.split("\n")
    ]
    config.write_text("\n".join(lines), encoding="utf-8")
    return project


@contextmanager
def serving(project: Path, hooks: Path) -> Iterator[str]:
    """``make serve``'s command on a free port; yields the site's address."""
    port = free_port()
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": PINNED,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": str(hooks),
    }
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty"]
    command += ["--dev-addr", f"127.0.0.1:{port}", "--watch", "content"]
    log = (project / "serve.log").open("w")
    server = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=log)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait()
        log.close()


def wait_for(address: str, text: str, present: bool = True, timeout: float = 1800) -> None:
    if not page_when(address, text, present=present, timeout=timeout, every=0.01)[0]:
        raise SystemExit(f"{address} never {said(text, present)}")


def sample(base: str, edit: Edit) -> float:
    """Seconds from saving a fresh marker into the file to its page showing it."""
    original = edit.file.read_text(encoding="utf-8")
    marker = f"预览{uuid.uuid4().hex[:8]}"
    at = original.index(edit.text, original.index(edit.after)) + len(edit.text)
    changed = original[:at] + marker + original[at:]
    address = base + edit.address
    try:
        start = time.perf_counter()
        edit.file.write_text(changed, encoding="utf-8")
        wait_for(address, marker)
        return time.perf_counter() - start
    finally:
        edit.file.write_text(original, encoding="utf-8")
        wait_for(address, marker, present=False)
        time.sleep(0.5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", nargs="+", default=["demo", "M"], choices=sorted(synthetic.SIZES)
    )
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/careguide-bench-serve"))
    parser.add_argument("--compare", type=Path, help="another hooks/ folder, served alike")
    args = parser.parse_args(argv)
    variants = {"this": REPO / "hooks"}
    if args.compare:
        variants["compare"] = args.compare.resolve()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load before: {load} on {os.cpu_count()} cores", flush=True)
    for size in args.sizes:
        results: dict[tuple[str, str], list[float]] = {}
        loads: dict[str, list[float]] = {}  # the machine's 1-minute load at each sample
        with _servers(args.workdir, size, variants) as bases:
            for _ in range(args.samples):
                for kind in KINDS:
                    for name, (base, project) in bases.items():
                        seconds = sample(base, edits(project)[kind])
                        results.setdefault((name, kind), []).append(seconds)
                        loads.setdefault(kind, []).append(os.getloadavg()[0])
        for kind in KINDS:
            line = f"{size:5s} {kind:8s} load {statistics.median(loads[kind]):4.2f}"
            for name in variants:
                times = results[(name, kind)]
                line += f"  {name}: median {statistics.median(times):5.2f} s"
                line += f" ({min(times):.2f}–{max(times):.2f})"
            line += f"  README before: {BEFORE.get((size, kind), '—')} s"
            line += f"  issue's figure: {ISSUE.get((size, kind), '—')} s"
            print(line, flush=True)
    print(f"load after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


@contextmanager
def _servers(
    workdir: Path, size: str, variants: dict[str, Path]
) -> Iterator[dict[str, tuple[str, Path]]]:
    """One server per variant, each on its own copy of the project, once its first build is done."""
    with ExitStack() as stack:
        bases = {}
        for name, hooks in variants.items():
            project = project_for(workdir, size, hooks, name)
            base = stack.enter_context(serving(project, hooks))
            bases[name] = (base, project)
        for base, project in bases.values():
            edit = edits(project)["centre"]
            wait_for(base + edit.address, edit.text)
        yield bases


if __name__ == "__main__":
    raise SystemExit(main())
