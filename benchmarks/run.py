#!/usr/bin/env python3
"""Benchmark of the whole build: generate N accounts, build the site, time each stage, measure memory.

    .venv/bin/python benchmarks/run.py --accounts 1000 10000 50000 --write BENCHMARKS.md

For each size it writes a sample extract (not timed as part of the build), runs `build.py` on it as a user
would, reads the stage timings the build prints, and samples the resident memory of the build's whole
process tree (dbt, MkDocs and page-rendering workers included) every 100 ms to report the peak. With
`--plain-mkdocs` it also rebuilds the same pages with plain MkDocs and every account listed in the
navigation, to show what keeping accounts out of the navigation saves (stopped after --plain-timeout).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from reports.entity_pages import SEARCH_FILE, SHAPES_FILE, read_entity_page  # noqa: E402
from reports.html_parts import fill_placeholders  # noqa: E402

STAGES = (
    "validate extract",
    "dbt build",
    "queries",
    "charts",
    "pages",
    "mkdocs build",
    "account pages in the theme",
    "publish",
)
# Tenure's equivalent of a plain `mkdocs build`: MkDocs (overview pages, with their HTML put back by the
# hooks), then every account page dressed in the theme (reports/entity_pages.py).
MKDOCS_STAGES = ("mkdocs build", "account pages in the theme")
TARGETS = {1_000: (45, 1.0), 10_000: (120, 2.0), 50_000: (600, 6.0)}  # seconds, GiB


def _children_of() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    return children


def tree_rss_bytes(root: int) -> int:
    """Resident memory of a process and all its descendants right now."""
    children, total, todo = _children_of(), 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            pass
    return total


@dataclass
class Measured:
    seconds: float
    peak_bytes: int
    returncode: int
    stderr: str
    stages: dict[str, float] = field(default_factory=dict)


def measure(command: list[str], timeout: float | None = None, env: dict[str, str] | None = None) -> Measured:
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    peak, done = 0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_bytes(process.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
        stderr += "\n(stopped: timeout)"
    done.set()
    sampler.join()
    result = Measured(time.perf_counter() - started, peak, process.returncode, stderr)
    for line in stderr.splitlines():
        match = re.match(r"\s+(.+?)\s{2,}([\d.]+) s$", line)
        if match:
            name = re.sub(r" \(.*\)$", "", match.group(1))
            result.stages[name] = float(match.group(2))
    return result


def plain_pages(run_dir: Path) -> Path:
    """The pages as plain Markdown, as a site without Tenure's build would hand them to MkDocs: every
    account page a Markdown page (entity_pages) and every HTML part in its placeholder (html_parts)."""
    docs = run_dir / "docs-plain"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(run_dir / "docs", docs)
    for source in (run_dir / "entities").rglob("*.json"):
        if source.name in (SHAPES_FILE, SEARCH_FILE):
            continue
        entity = read_entity_page(source)
        page = docs / (entity.path.removesuffix(".html") + ".md")
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# {entity.title}\n\n{entity.body}\n", encoding="utf-8")
    for side in (run_dir / "parts").rglob("*.json"):
        page = docs / (side.relative_to(run_dir / "parts").as_posix().removesuffix(".json") + ".md")
        parts = json.loads(side.read_text(encoding="utf-8"))
        page.write_text(fill_placeholders(page.read_text(encoding="utf-8"), parts, page), encoding="utf-8")
    return docs


def plain_mkdocs(run_dir: Path, out: Path, timeout: float) -> Measured:
    """The same pages with every account in the navigation, as plain MkDocs would list them."""
    config = yaml.safe_load((run_dir / "mkdocs.yml").read_text())
    docs = plain_pages(run_dir)
    config["docs_dir"] = str(docs)
    accounts = sorted(p.name for p in (docs / "accounts").glob("*.md") if p.name != "index.md")
    config["nav"] = [*config["nav"], {"Every account": [f"accounts/{name}" for name in accounts]}]
    config.pop("not_in_nav", None)
    config.pop("hooks", None)
    config["site_dir"] = str(out)
    plain_config = run_dir / "mkdocs-plain.yml"
    plain_config.write_text(yaml.safe_dump(config, sort_keys=False))
    return measure(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(plain_config)],
        timeout=timeout,
        env={"NO_MKDOCS_2_WARNING": "1"},
    )


def site_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def gib(value: int) -> float:
    return value / 2**30


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    cpu = "unknown CPU"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as handle:
        names = [line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")]
        cpu = names[0] if names else cpu
    system = f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    return f"{os.cpu_count()} cores ({cpu}), {gib(memory):.0f} GiB RAM, {system}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, nargs="+", default=[1000])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--work", type=Path, default=REPO_ROOT / "benchmarks" / "runs")
    parser.add_argument(
        "--plain-mkdocs", action="store_true", help="also time plain MkDocs with every account in the nav"
    )
    parser.add_argument(
        "--plain-timeout", type=float, default=900, help="seconds before the plain build is stopped"
    )
    parser.add_argument("--write", type=Path, help="write the results table into this Markdown file")
    args = parser.parse_args()

    from reports.sample import generate

    rows = []
    for accounts in args.accounts:
        folder = args.work / f"n{accounts}"
        extract, site, work = folder / "extract", folder / "site", folder / "work"
        print(f"== {accounts:,} accounts: generating the sample extract", file=sys.stderr, flush=True)
        started = time.perf_counter()
        if not (extract / "extract.yml").exists():
            generate(extract, accounts=accounts, seed=args.seed)
        generation = time.perf_counter() - started
        print(f"== {accounts:,} accounts: building", file=sys.stderr, flush=True)
        build = measure(
            [
                sys.executable,
                "build.py",
                "--raw",
                str(extract),
                "--out",
                str(site),
                "--work-dir",
                str(work),
            ]
        )
        if build.returncode != 0:
            print(build.stderr[-3000:], file=sys.stderr)
            return 1
        row = {
            "accounts": accounts,
            "generation": generation,
            "build": build,
            "size": site_size(site),
            "plain": None,
        }
        if args.plain_mkdocs:
            print(
                f"== {accounts:,} accounts: plain MkDocs, every account in the navigation",
                file=sys.stderr,
                flush=True,
            )
            run_dir = next(work.glob("run-*"))
            row["plain"] = plain_mkdocs(run_dir, folder / "site-plain", args.plain_timeout)
            row["plain_size"] = site_size(folder / "site-plain") if (folder / "site-plain").exists() else 0
        rows.append(row)
        print(format_row(row), file=sys.stderr, flush=True)

    table = render(rows)
    print(table)
    if args.write:
        args.write.write_text(table)
    return 0


def format_row(row: dict) -> str:
    build: Measured = row["build"]
    stages = ", ".join(f"{name} {build.stages.get(name, 0):.1f} s" for name in STAGES)
    peak = gib(build.peak_bytes)
    return f"{row['accounts']:,} accounts: total {build.seconds:.1f} s, peak {peak:.2f} GiB ({stages})"


def target_status(rows: list[dict]) -> str:
    """One line saying which sizes meet the time and memory targets of BENCHMARKS.md."""
    missed = []
    for row in rows:
        target_s, target_gib = TARGETS.get(row["accounts"], (None, None))
        build: Measured = row["build"]
        if target_s and (build.seconds > target_s or gib(build.peak_bytes) > target_gib):
            missed.append(f"{row['accounts']:,} accounts")
    measured = [f"{row['accounts']:,}" for row in rows if row["accounts"] in TARGETS]
    if missed:
        return f"**Not within target:** {', '.join(missed)}."
    return f"**Within target** (time and memory) at {', '.join(measured)} accounts." if measured else ""


def render(rows: list[dict]) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Measured {dt.date.today().isoformat()} with `benchmarks/run.py` on {machine()}.",
        "Full build = `build.py --raw … --out …` from extract files to the published site (the sample",
        "extract is generated beforehand and not counted). Peak memory is the resident memory of the build's",
        "whole process tree (dbt, MkDocs and rendering workers included), sampled every 100 ms.",
        "",
        "| accounts | validate | dbt | queries | charts | pages | MkDocs | account pages | publish "
        "| **total** | target | peak memory | target | site size |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        build: Measured = row["build"]
        target_s, target_gib = TARGETS.get(row["accounts"], (None, None))
        lines.append(
            f"| {row['accounts']:,} | "
            + " | ".join(f"{build.stages.get(name, 0):.1f} s" for name in STAGES)
            + f" | **{build.seconds:.1f} s** | {f'≤ {target_s} s' if target_s else '–'}"
            + f" | {gib(build.peak_bytes):.2f} GiB | {f'≤ {target_gib:.0f} GiB' if target_gib else '–'}"
            + f" | {row['size'] / 2**20:,.0f} MB |"
        )
    lines += ["", target_status(rows)]
    plain_rows = [row for row in rows if row.get("plain")]
    if plain_rows:
        lines += [
            "",
            "Plain MkDocs on the same pages with every account listed in the navigation (what Tenure",
            "avoids). Tenure's side is its MkDocs build plus dressing the account pages (the `MkDocs` and",
            "`account pages` columns above); a plain build stopped at the time limit gives a lower bound.",
            "",
            "| accounts | Tenure: MkDocs + account pages | plain MkDocs, every account in nav | ratio "
            "| plain site size |",
            "|---:|---:|---:|---:|---:|",
        ]
        for row in plain_rows:
            plain: Measured = row["plain"]
            ours = sum(row["build"].stages.get(name, 0) for name in MKDOCS_STAGES)
            stopped = "stopped" in plain.stderr
            shown = f"> {plain.seconds:.0f} s (stopped)" if stopped else f"{plain.seconds:.1f} s"
            ratio = f"{'> ' if stopped else ''}{plain.seconds / ours:.1f}×" if ours else "–"
            size = "– (stopped)" if stopped else f"{row.get('plain_size', 0) / 2**20:,.0f} MB"
            lines.append(f"| {row['accounts']:,} | {ours:.1f} s | {shown} | {ratio} | {size} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
