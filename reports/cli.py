"""The command line, as `tenure` (the installed command) or `python build.py`:
`tenure build [--raw DIR] --out DIR` (also without `build`) builds the site; `tenure validate --raw DIR`
checks an extract without building; `tenure sample` writes sample extracts; `tenure --version`. Errors are
one readable message and exit status 2; `--debug` shows the traceback."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reports.config_file import TenureConfig, find_config, load_config
from reports.errors import TenureError
from reports.extract_location import extract_location, is_uri
from reports.paths import DEFAULT_WORK_DIR
from reports.progress import StageLog

EXIT_ERROR = 2


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, not {text!r}") from error


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tenure build",
        description="Build the Tenure retention site: run dbt on the raw extracts, render the pages and "
        "charts, and publish the MkDocs site into --out (swapped into place only when complete).",
        epilog="Also: `tenure validate --raw DIR` checks an extract without building; `tenure sample --help` "
        "writes sample data; `tenure --version`. With no --raw, a sample extract is generated first "
        "(this is what `make site` does).",
    )
    parser.add_argument(
        "--raw",
        type=extract_location,
        metavar="DIR|URI",
        help="extract folder (see README), or a URI Spark reads (s3a://bucket/extract, abfss://…, "
        "file:///…), which builds on the spark target; default: generate a sample",
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="settings file (default: tenure.yml beside the extract's extract.yml, when there is one and "
        "the extract is a local folder); see README, 'Configuration'",
    )
    parser.add_argument("--out", type=Path, metavar="DIR", help="published site folder (default: site)")
    parser.add_argument(
        "--work-dir",
        type=Path,
        metavar="DIR",
        help="scratch folder for the DuckDB file, dbt artifacts and rendered pages (default: build/ in a "
        "checkout, ~/.cache/tenure for an installed package)",
    )
    parser.add_argument(
        "--jobs",
        type=_positive_int,
        metavar="N",
        help="processes for rendering pages (default: all cores)",
    )
    parser.add_argument(
        "--target",
        metavar="NAME",
        help="the dbt target of profiles.yml that builds the marts: local (DuckDB, the default for a "
        "folder) or spark (Apache Spark, the default for an extract at a URI; see README, 'Beyond one "
        "machine: Spark')",
    )
    parser.add_argument(
        "--sample-accounts",
        type=_positive_int,
        default=1000,
        metavar="N",
        help="accounts in the generated sample when there is no --raw (default: 1000)",
    )
    parser.add_argument("--seed", type=int, default=42, help="seed of the generated sample (default: 42)")
    parser.add_argument(
        "--publish-emails",
        action="store_true",
        default=None,
        help="show contacts' e-mail addresses on account pages (default: left out, they are personal data)",
    )
    parser.add_argument(
        "--no-data-export",
        dest="export_data",
        action="store_false",
        default=None,
        help="do not write the marts as Parquet into the site's data/ folder (default: written)",
    )
    parser.add_argument(
        "--previous-state",
        type=Path,
        metavar="FILE",
        help="tenure-state.json of the previous build, for the home page's 'What changed' "
        "(default: the one in the --out site being replaced; none: compare with the previous month end)",
    )
    parser.add_argument(
        "--var",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override one convention of dbt_project.yml's vars for this build, the value in YAML "
        "(e.g. --var support_window_days=30 --var 'health_bands=[{name: ok, min_score: 0}]'); repeatable",
    )
    parser.add_argument("--quiet", action="store_true", help="print only errors")
    parser.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    return parser


def parse_var_overrides(items: Sequence[str]) -> dict[str, object]:
    """`--var NAME=VALUE` items as dbt vars: each NAME a var of dbt_project.yml, each VALUE YAML."""
    import yaml

    from reports.extract_settings import did_you_mean
    from reports.quality import project_file_vars

    known = project_file_vars()
    overrides: dict[str, object] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise TenureError(f"--var {item!r}: expected NAME=VALUE, e.g. --var support_window_days=30")
        if name not in known:
            hint = did_you_mean(name, list(known)) or " (see the vars in dbt_project.yml)"
            raise TenureError(f"--var {name}: there is no such convention{hint}")
        try:
            overrides[name] = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise TenureError(
                f"--var {name}: the value is not YAML ({str(error).splitlines()[0]})"
            ) from error
    return overrides


def sample_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tenure sample",
        description="Write a deterministic sample extract (every table of the data contract, plus "
        "extract.yml) with planted stories the site must reveal (see reports/sample/README.md).",
    )
    parser.add_argument("--accounts", type=_positive_int, default=1000, help="CRM accounts (default: 1000)")
    parser.add_argument(
        "--seed", type=int, default=42, help="random seed: same seed, same files (default: 42)"
    )
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="folder to write the extract into"
    )
    parser.add_argument(
        "--as-of",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="extract date (default: a fixed date, for determinism)",
    )
    parser.add_argument(
        "--format", choices=("csv", "parquet"), default="csv", help="file format (default: csv)"
    )
    parser.add_argument(
        "--layout",
        choices=("tenure", "fivetran"),
        default="tenure",
        help="tenure: the data contract's tables; fivetran: crm, billing and support as Fivetran syncs "
        "Salesforce, Stripe and Zendesk (the same company; see README) (default: tenure)",
    )
    parser.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    return parser


def validate_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tenure validate",
        description="Check an extract against the data contract without building anything: every fatal "
        "problem and warning, with file, column, line and value (exit status 2 when one is fatal).",
    )
    parser.add_argument(
        "--raw",
        type=extract_location,
        required=True,
        metavar="DIR|URI",
        help="the extract folder (checked with DuckDB), or a URI Spark reads (checked with Spark)",
    )
    parser.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    return parser


def _run_validate(args: argparse.Namespace, log: StageLog) -> None:
    from reports.engines import check_spark_installed
    from reports.pipeline import check_extract

    on_spark = is_uri(args.raw)
    if on_spark:
        check_spark_installed(for_dbt=False)
    elif not args.raw.is_dir():
        raise TenureError(f"the extract folder {args.raw} does not exist")
    report = check_extract(args.raw, log, on_spark)
    log.say(
        f"The extract in {args.raw} meets the data contract ({len(report.warnings)} warning"
        f"{'' if len(report.warnings) == 1 else 's'})."
    )


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return package_version("tenure")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def _run_sample(args: argparse.Namespace, log: StageLog) -> None:
    from reports.sample import generate

    with log.stage(f"sample extract: {args.accounts:,} accounts, seed {args.seed} → {args.out}"):
        generate(
            args.out,
            accounts=args.accounts,
            seed=args.seed,
            as_of=args.as_of,
            format=args.format,
            layout=args.layout,
        )


def _setting(flag: Any, config: TenureConfig, name: str, default: Any) -> Any:
    """A command-line flag wins over tenure.yml, which wins over the built-in default."""
    if flag is not None:
        return flag
    return config.build.get(name, default)


def _run_build(args: argparse.Namespace, log: StageLog) -> None:
    from reports.engines import default_target
    from reports.pipeline import BuildOptions, build_site

    config = load_config(find_config(args.config, args.raw))
    if config.path is not None:
        log.say(f"==> settings from {config.path}")
    options = BuildOptions(
        out_dir=Path(_setting(args.out, config, "out", "site")),
        work_dir=Path(_setting(args.work_dir, config, "work_dir", DEFAULT_WORK_DIR)),
        raw_dir=args.raw,
        jobs=_setting(args.jobs, config, "jobs", os.cpu_count() or 1),
        sample_accounts=args.sample_accounts,
        sample_seed=args.seed,
        publish_emails=_setting(args.publish_emails, config, "publish_emails", False),
        export_data=_setting(args.export_data, config, "export_data", True),
        previous_state=args.previous_state,
        dbt_vars={**config.vars, **parse_var_overrides(args.var)},
        config_path=config.path,
        fail_on_stale_sources=bool(config.build.get("fail_on_stale_sources", False)),
        target=_setting(args.target, config, "target", default_target(args.raw)),
    )
    try:
        build_site(options, log)
    finally:
        if log.timings:
            log.say(log.summary())


def _interrupted(signum: int, frame: object) -> None:
    """SIGTERM ends the build as Ctrl-C does: child processes stopped, the staging folder removed, the lock
    released, nothing published."""
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--version"]:
        print(f"tenure {version()}")
        return 0
    if argv[:1] == ["sample"]:
        args, action = sample_parser().parse_args(argv[1:]), _run_sample
    elif argv[:1] == ["validate"]:
        args, action = validate_parser().parse_args(argv[1:]), _run_validate
    else:
        if argv[:1] == ["build"]:
            argv = argv[1:]
        args, action = build_parser().parse_args(argv), _run_build
    log = StageLog(quiet=getattr(args, "quiet", False))
    signal.signal(signal.SIGTERM, _interrupted)
    try:
        action(args, log)
    except TenureError as error:
        if args.debug:
            traceback.print_exc()
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted: nothing was published", file=sys.stderr)
        return 130
    except OSError as error:  # a full disk, a read-only or busy folder: one line naming the path
        if args.debug:
            traceback.print_exc()
        where = f" {error.filename}" if error.filename else ""
        print(f"error: cannot write or read{where}: {error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:  # an unexpected failure still gets one line, and the traceback on --debug
        if args.debug:
            traceback.print_exc()
        else:
            print(
                f"error: unexpected {type(error).__name__}: {error} (run again with --debug for details)",
                file=sys.stderr,
            )
        return EXIT_ERROR
    return 0
