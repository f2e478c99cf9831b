"""Build benchmark: careguide against plain MkDocs + Material on the same pages.

    python bench/bench_build.py --size M --runs 3

For one synthetic size (see ``synthetic.py``) it prints, measured side by side in one run:

- ``careguide``: the whole ``careguide build`` (what ``make site`` runs), PDF cache warm;
- ``plain-same``: plain MkDocs building the very same pages, pre-rendered as Markdown files
  (the pages careguide writes as HTML become Markdown files holding that HTML), with the same
  theme and the same search engine as careguide (Pagefind, run after the build the standard
  way, ``pagefind --site site``), so the ratio is the cost of the careguide layer itself;
- ``plain-material``: the same pre-rendered pages with Material's default search plugin (lunr,
  jieba), i.e. what a site of these pages costs without careguide's choices.

Builds alternate (A B C A B C …) and the medians are compared, so a noisy machine affects all
variants alike. Each build runs in its own process; its peak memory comes from ``wait4``. Also
printed: both PDFs laid out from scratch, and the time from saving one YAML file to the
rebuilt page under ``mkdocs serve``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))
sys.path.insert(0, str(REPO / "bench"))

import bench_serve  # noqa: E402
import synthetic  # noqa: E402
from careguide.content.catalog import load_catalog  # noqa: E402
from careguide.outputs.pdf import book_pdf  # noqa: E402
from careguide.plugin import THEME_DIR  # noqa: E402
from careguide.web.htmlpage import HtmlPage  # noqa: E402
from careguide.web.nav import build_nav  # noqa: E402
from careguide.web.pages import render_pages  # noqa: E402

SITE_URL = "http://127.0.0.1:8000/"
FRAGMENT_PARTIALS = ("partials/nav.html", "partials/tabs.html")
PINNED = str(int(synthetic.BUILT_ON.timestamp()))


@dataclass
class Run:
    seconds: float
    peak_mib: float


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "SOURCE_DATE_EPOCH": PINNED,
        "NO_MKDOCS_2_WARNING": "1",
        "CAREGUIDE_SITE_URL": SITE_URL,
        "PYTHONHASHSEED": "0",
    }


def measure(command: list[str], cwd: Path) -> Run:
    """Wall time and peak resident memory of one command run to completion."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{process.stderr.read().decode()}")
    return Run(seconds, usage.ru_maxrss / 1024)


def plain_project(project: Path, target: Path, *, material_search: bool) -> Path:
    """The careguide project's pages pre-rendered as Markdown, for MkDocs without the hooks."""
    os.environ["SOURCE_DATE_EPOCH"] = PINNED
    catalog = load_catalog(project / "content")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(project / "docs", target / "docs")
    for page in render_pages(catalog, SITE_URL):
        path = target / "docs" / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        markdown = _as_markdown(page) if isinstance(page, HtmlPage) else page.markdown
        path.write_text(markdown, encoding="utf-8")
    # careguide's theme without its shared navigation fragments (they need careguide's hooks).
    shutil.copytree(THEME_DIR, target / "theme")
    for fragment in FRAGMENT_PARTIALS:
        (target / "theme" / fragment).unlink()
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    config.pop("hooks", None)
    config.pop("watch", None)
    config["site_url"] = SITE_URL
    config["strict"] = False
    config["theme"]["custom_dir"] = "theme"
    config["nav"] = build_nav(catalog, target / "docs")
    config["plugins"] = [{"search": {"lang": "zh"}}] if material_search else []
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return target


def _as_markdown(page: HtmlPage) -> str:
    """A page careguide writes as HTML, as a Markdown file: front matter and the HTML body."""
    rendered = page.render()
    front_matter = yaml.safe_dump({**page.meta, **rendered.meta}, allow_unicode=True)
    return f"---\n{front_matter}---\n\n{rendered.html}"


def build_commands(project: Path, plain_same: Path, plain_material: Path) -> dict[str, tuple]:
    python = sys.executable
    pagefind = f'"{python}" -m pagefind --site site --quiet'
    return {
        "careguide": ([python, "-m", "careguide.cli", "build"], project),
        "plain-same": (["bash", "-c", f'"{python}" -m mkdocs build -q && {pagefind}'], plain_same),
        "plain-material": ([python, "-m", "mkdocs", "build", "-q"], plain_material),
    }


def serve_edit_seconds(project: Path, samples: int) -> list[float]:
    """Seconds from saving one centre file (a fresh marker each time) to ``make serve``'s
    command, on a free port and the same build date, serving the changed page."""
    with bench_serve.serving(project, REPO / "hooks") as base:
        edit = bench_serve.edits(project)["centre"]
        bench_serve.wait_for(base + edit.address, edit.text)
        return [bench_serve.sample(base, edit) for _ in range(samples)]


def serve_row(project: Path, samples: int) -> str:
    """The printed line of :func:`serve_edit_seconds`: median, spread and the machine's load."""
    times = serve_edit_seconds(project, samples)
    spread = f"{min(times):.2f}–{max(times):.2f}"
    load = os.getloadavg()[0]
    return (
        f"YAML edit → page (serve)    {statistics.median(times):.2f} s ({spread}, "
        f"{len(times)} saves, 1-minute load {load:.2f})"
    )


def pdf_seconds(project: Path) -> float:
    os.environ["SOURCE_DATE_EPOCH"] = PINNED
    catalog = load_catalog(project / "content")
    start = time.perf_counter()
    for book in catalog.books:
        book_pdf(catalog, book)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="M", choices=sorted(synthetic.SIZES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/careguide-bench"))
    parser.add_argument("--skip-serve", action="store_true")
    parser.add_argument(
        "--only-serve", action="store_true", help="only the saves under make serve (--runs of them)"
    )
    parser.add_argument(
        "--only-careguide",
        action="store_true",
        help="time careguide alone (for L, where plain MkDocs takes very long): no ratios",
    )
    args = parser.parse_args(argv)

    project = args.workdir / f"{args.size}-careguide"
    if not (project / "content").is_dir():
        synthetic.generate(project, args.size)
    if args.only_serve:
        print(f"size {args.size}: {serve_row(project, args.runs)}")
        return 0
    if args.only_careguide:
        command = build_commands(project, project, project)["careguide"]
        measure(*command)  # warm the PDF, YAML, QR and calendar caches
        run = measure(*command)
        print(f"size {args.size}: careguide build {run.seconds:.1f} s, peak {run.peak_mib:.0f} MiB")
        return 0
    plain_same = plain_project(
        project, args.workdir / f"{args.size}-plain-same", material_search=False
    )
    plain_material = plain_project(
        project, args.workdir / f"{args.size}-plain-material", material_search=True
    )
    commands = build_commands(project, plain_same, plain_material)
    measure(*commands["careguide"])  # warm the PDF cache and the file-system cache
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, (command, cwd) in commands.items():
            runs[name].append(measure(command, cwd))

    def median(name: str) -> float:
        return statistics.median(run.seconds for run in runs[name])

    print(f"size {args.size}: {len(list((project / 'content/centres').glob('*.yml')))} centres")
    for name in commands:
        peak = max(run.peak_mib for run in runs[name])
        print(f"  {name:15s} median {median(name):7.2f} s   peak {peak:7.0f} MiB")
    ours = median("careguide")
    print(f"  careguide / plain-same      {ours / median('plain-same'):.2f}×  (target ≤ 1.05)")
    print(f"  careguide / plain-material  {ours / median('plain-material'):.2f}×  (target ≤ 0.60)")
    print(f"  both PDFs from scratch      {pdf_seconds(project):.2f} s")
    if not args.skip_serve:
        print(f"  {serve_row(project, args.runs)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
