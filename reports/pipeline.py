"""The build, stage by stage: extracts → dbt → marts → page contexts → templates → MkDocs → published site."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reports.changes import STATE_FILE, changes_context, current_snapshot, read_state, write_state
from reports.charts import build_chart_specs, specs_javascript
from reports.contexts import (
    account_contexts,
    account_slugs,
    data_quality_context,
    home_context,
    retention_context,
)
from reports.data_export import export_marts
from reports.dbt_runner import DbtPaths, run_dbt_build, run_source_freshness
from reports.definitions import build_definitions, docs_blocks
from reports.engines import DEFAULT_TARGET, copy_spark_marts, engine_for
from reports.entity_pages import ENTITIES_DIRNAME, SHELLS_DIRNAME, fill_entity_pages
from reports.enumerations import use_enumerations
from reports.errors import TenureError
from reports.extract_location import ExtractLocation, is_uri, local_folder
from reports.freshness import read_freshness, stop_on_stale
from reports.health_context import health_page_context
from reports.html_parts import PARTS_DIRNAME
from reports.lxl_context import renewals_page_context
from reports.mart_reader import interface_from_manifest
from reports.marts import load_site_data
from reports.mkdocs_site import CHART_SPECS, copy_static_assets, run_mkdocs, write_vendored_scripts
from reports.programs_context import (
    csm_page_contexts,
    onboarding_page_context,
    qbr_page_context,
    references_page_context,
    team_page_context,
    value_plans_page_context,
)
from reports.progress import StageLog
from reports.publish import (
    check_output_folder,
    clean_stale_staging,
    mark_as_published,
    output_lock,
    publish,
    staging_dir_for,
)
from reports.quality import use_conventions
from reports.rendering import make_environment, render_account_pages, render_page, write_page
from reports.support_context import support_page_context
from reports.validation import ValidationReport, validate_extract, validate_extract_on_spark


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path
    work_dir: Path
    # The extract: a local folder, or a URI that only the spark target reads (reports/extract_location.py).
    raw_dir: ExtractLocation | None = None
    jobs: int = os.cpu_count() or 1
    sample_accounts: int = 1000
    sample_seed: int = 42
    publish_emails: bool = False
    # Write the marts the site reads as Parquet into the site's data/ folder (reports/data_export.py).
    export_data: bool = True
    # The snapshot of the previous build to compare with; default: the one in the site being replaced.
    previous_state: Path | None = None
    # dbt vars overridden for this build (tenure.yml's vars, then --var), over extract.yml's settings.
    dbt_vars: dict[str, Any] = field(default_factory=dict)
    # The tenure.yml the settings came from (reports/config_file.py), named on the data-quality page.
    config_path: Path | None = None
    # Stop when `dbt source freshness` finds a table past its error threshold (tenure.yml's build settings).
    fail_on_stale_sources: bool = False
    # The target of profiles.yml that builds the marts (reports/engines.py): DuckDB or Spark.
    target: str = DEFAULT_TARGET


def build_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so that the same inputs give a byte-identical site."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except ValueError as error:
            raise TenureError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}") from error
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def check_extract(raw_dir: ExtractLocation, log: StageLog, on_spark: bool = False) -> ValidationReport:
    """Stop on fatal problems of the extract, before dbt and before anything is published; read and checked
    by Spark when the spark target builds the marts."""
    report = validate_extract_on_spark(raw_dir) if on_spark else validate_extract(raw_dir)
    settings = report.settings
    log.say(
        f"    as_of {settings.as_of.isoformat()} (from {settings.as_of_origin}), "
        f"amounts in {settings.reporting_currency}"
    )
    chosen = [f"{system}: {layout}" for system, layout in settings.layouts.items() if layout != "tenure"]
    if chosen:
        log.say(f"    source layouts: {', '.join(chosen)}")
    for warning in report.warnings:
        log.say(f"    warning: {warning.message()}")
    if report.fatal:
        problems = "\n".join(f"  - {finding.message()}" for finding in report.fatal[:25])
        more = f"\n  … and {len(report.fatal) - 25} more" if len(report.fatal) > 25 else ""
        raise TenureError(f"the extract in {raw_dir} does not meet the data contract:\n{problems}{more}")
    return report


def run_dir_for(work_dir: Path, out_dir: Path) -> Path:
    """Each output folder gets its own work folder, so builds into different outputs never share files."""
    key = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:10]
    return work_dir / f"run-{key}"


def build_site(options: BuildOptions, log: StageLog) -> None:
    out_dir = options.out_dir.resolve()
    work_dir = options.work_dir.resolve()
    raw_dir = options.raw_dir.resolve() if isinstance(options.raw_dir, Path) else options.raw_dir
    build_time()  # a bad SOURCE_DATE_EPOCH stops the build now, not after dbt
    engine = engine_for(options.target)  # an unknown target stops the build now, too
    on_spark = engine.adapter_type == "spark"
    if is_uri(raw_dir) and not on_spark:
        raise TenureError(
            f"the extract {raw_dir} is a URI, which only Spark reads, and the target {engine.target} builds "
            "on DuckDB: build with --target spark, or copy the extract into a folder"
        )
    local_extract = local_folder(raw_dir) if raw_dir is not None else None
    check_output_folder(out_dir, extract_dir=local_extract, work_dir=work_dir)
    with output_lock(out_dir):
        for stale in clean_stale_staging(out_dir):
            log.say(f"    removed {stale}, left by a build that was stopped")
        run_dir = run_dir_for(work_dir, out_dir)
        if raw_dir is None:
            raw_dir = work_dir / "sample"
            with log.stage(
                f"sample extract ({options.sample_accounts:,} accounts, seed {options.sample_seed})"
            ):
                from reports.sample import generate

                if raw_dir.exists():
                    shutil.rmtree(raw_dir)
                generate(raw_dir, accounts=options.sample_accounts, seed=options.sample_seed)
        if isinstance(raw_dir, Path) and not raw_dir.is_dir():
            raise TenureError(f"the extract folder {raw_dir} does not exist (see README: your own extracts)")

        with log.stage("validate extract" + (" (Spark)" if on_spark else "")):
            report = check_extract(raw_dir, log, on_spark)

        dbt_paths = DbtPaths.inside(run_dir)
        dbt_vars = {**report.settings.dbt_vars(), **options.dbt_vars}
        with log.stage(f"dbt build ({engine.description})"):
            run_dbt_build(raw_dir, dbt_paths, log, dbt_vars, engine.target)
        if engine.adapter_type == "spark":
            with log.stage("marts from Spark's Parquet into DuckDB for the pages"):
                copied = copy_spark_marts(
                    dbt_paths.spark_warehouse, dbt_paths.target / "manifest.json", dbt_paths.duckdb
                )
                log.say(f"    {copied} marts read from {dbt_paths.spark_warehouse}")
        with log.stage("source freshness"):
            freshness = read_freshness(
                run_source_freshness(raw_dir, dbt_paths, dbt_vars, engine.target),
                report.settings.as_of,
                report.absent_tables,
            )
            for row in freshness:
                if row.status in ("warn", "error", "runtime error"):
                    log.say(f"    {row.table}: {row.status}, newest record {row.age_days} days ago")
            if options.fail_on_stale_sources:
                stop_on_stale(freshness)

        with log.stage("queries"):
            data = load_site_data(dbt_paths.duckdb, dbt_paths.target / "manifest.json")
            use_conventions(data.conventions)
            use_enumerations(data.enumerations)
            definitions = build_definitions(
                data.metric_definitions, docs_blocks(dbt_paths.target / "manifest.json"), data.conventions
            )
            accounts = account_contexts(data, publish_emails=options.publish_emails)
            slugs = account_slugs(data)

        # The pages MkDocs builds, their HTML blocks, the per-account pages and their theme shells
        # (see html_parts, entity_pages and mkdocs_hooks: the hooks find them beside docs_dir).
        docs_dir, parts_dir = run_dir / "docs", run_dir / PARTS_DIRNAME
        entities_dir, shells_dir = run_dir / ENTITIES_DIRNAME, run_dir / SHELLS_DIRNAME
        for folder in (docs_dir, parts_dir, entities_dir, shells_dir):
            if folder.exists():
                shutil.rmtree(folder)
        currency = data.company.reporting_currency
        with log.stage("charts"):
            write_page(docs_dir, CHART_SPECS, specs_javascript(build_chart_specs(currency)))
            write_vendored_scripts(docs_dir, work_dir / "cache")
            copy_static_assets(docs_dir)

        built_at = build_time()
        page_globals = {
            "company": data.company,
            "currency": currency,
            "as_of": data.company.as_of,
            "built_at": built_at,
            "absent_tables": report.absent_tables,
            "conventions": data.conventions,
            # What the data-quality page says of this build's settings (tenure.yml and the flags).
            "source_freshness": freshness,
            "build_settings": {
                "config_file": str(options.config_path) if options.config_path else None,
                "publish_emails": options.publish_emails,
                "export_data": options.export_data,
            },
            "definitions": definitions,
            # The marts the site also offers as Parquet files in data/ (none with --no-data-export).
            "exported_marts": sorted(interface_from_manifest(dbt_paths.target / "manifest.json"))
            if options.export_data
            else [],
        }
        with log.stage(f"pages ({len(accounts):,} accounts)"):
            env = make_environment(page_globals)
            previous = read_state(options.previous_state or out_dir / STATE_FILE)
            changes = changes_context(data, previous, slugs)
            write_state(docs_dir / STATE_FILE, current_snapshot(data), data.company.as_of)
            overview_pages = [
                ("home.md.j2", "index.md", {**home_context(data), "changes": changes}),
                ("retention.md.j2", "retention.md", retention_context(data, slugs)),
                ("accounts.md.j2", "accounts/index.md", {"accounts": accounts}),
                ("renewals.md.j2", "renewals.md", renewals_page_context(data, slugs)),
                ("health.md.j2", "health.md", health_page_context(data)),
                ("support.md.j2", "support.md", support_page_context(data, slugs)),
                ("qbr.md.j2", "qbr.md", qbr_page_context(data, slugs)),
                ("value-plans.md.j2", "value-plans.md", value_plans_page_context(data, slugs)),
                ("references.md.j2", "references.md", references_page_context(data, slugs)),
                ("onboarding.md.j2", "onboarding.md", onboarding_page_context(data, slugs)),
                ("team.md.j2", "team/index.md", team_page_context(data)),
                ("definitions.md.j2", "definitions.md", {}),
                *(
                    ("csm.md.j2", f"team/{csm['slug']}.md", {"csm": csm})
                    for csm in csm_page_contexts(data, accounts)
                ),
                (
                    "data-quality.md.j2",
                    "data-quality.md",
                    data_quality_context(data, dbt_paths.target, report),
                ),
            ]
            for template, path, context in overview_pages:
                render_page(env, template, docs_dir, parts_dir, path, **context)
            shapes = render_account_pages(accounts, entities_dir, page_globals, options.jobs, log)

        footer = (
            f"Data as of {data.company.as_of.isoformat()} · built {built_at.strftime('%Y-%m-%d %H:%M UTC')} "
            "· internal: contains customer and revenue data"
        )
        staged = staging_dir_for(out_dir)
        try:
            with log.stage(f"mkdocs build (overview pages, {shapes} account page shapes)"):
                run_mkdocs(docs_dir, staged, run_dir / "mkdocs.yml", footer)
            with log.stage("account pages in the theme"):
                fill_entity_pages(staged, entities_dir, shells_dir, options.jobs)
            if options.export_data:
                with log.stage("marts as Parquet (data/)"):
                    export_marts(
                        dbt_paths.duckdb, dbt_paths.target / "manifest.json", staged, options.publish_emails
                    )
            with log.stage("publish"):
                mark_as_published(staged)
                publish(staged, out_dir)
        finally:
            if staged.exists():
                shutil.rmtree(staged)
        log.say(f"Site published to {out_dir} ({len(accounts):,} account pages)")
