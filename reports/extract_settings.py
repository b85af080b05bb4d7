"""The extract's own settings, from extract.yml at its root: `as_of` (the day the extract was taken),
`reporting_currency`, `sources` (the layout of each system's tables: tenure, or e.g. salesforce for crm) and
each layout's mapping options (e.g. `salesforce: {csm_field: csm_c}`, defaults in dbt_project.yml's vars).
Read before dbt, so that a wrong value is one clear message and dbt is handed values it cannot misread
(reports/pipeline.py passes them as vars)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reports.contract import CONTRACT, DEFAULT_LAYOUT
from reports.findings import Finding
from reports.paths import PROJECT_ROOT

SETTINGS_FILE = "extract.yml"
SYSTEMS = ("crm", "billing", "support")
LAYOUT_NAMES = tuple(sorted(CONTRACT.layouts))
KNOWN_KEYS = ("as_of", "reporting_currency", "sources", *LAYOUT_NAMES)
DEFAULT_REPORTING_CURRENCY = "USD"
_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class ExtractSettings:
    as_of: dt.date
    as_of_origin: str  # where as_of came from, said in the build output and on the data-quality page
    reporting_currency: str
    findings: tuple[Finding, ...] = field(default=())
    layouts: dict[str, str] = field(default_factory=lambda: dict.fromkeys(SYSTEMS, DEFAULT_LAYOUT))
    layout_options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def dbt_vars(self) -> dict[str, Any]:
        """What dbt is told of these settings (dbt_project.yml declares each var and its default)."""
        return {
            "as_of": self.as_of.isoformat(),
            "as_of_origin": self.as_of_origin,
            "reporting_currency": self.reporting_currency,
            "source_layouts": self.layouts,
            **self.layout_options,
        }


def layout_option_defaults() -> dict[str, dict[str, Any]]:
    """Each layout's mapping options and their defaults, as dbt_project.yml's vars declare them."""
    project = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text(encoding="utf-8"))
    variables = project.get("vars") or {}
    return {name: dict(variables.get(name) or {}) for name in LAYOUT_NAMES}


def did_you_mean(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """'; did you mean X?' for the known name nearest a misspelt one, or '' when none is near."""
    nearest = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f"; did you mean {nearest[0]}?" if nearest else ""


def _layouts(settings: dict[str, Any], findings: list[Finding]) -> dict[str, str]:
    layouts = dict.fromkeys(SYSTEMS, DEFAULT_LAYOUT)
    chosen = settings.get("sources")
    if chosen is None:
        return layouts
    if not isinstance(chosen, dict):
        findings.append(
            Finding("bad_sources", SETTINGS_FILE, "sources as a mapping, e.g. sources: {crm: salesforce}")
        )
        return layouts
    for system, layout in chosen.items():
        if str(system) not in SYSTEMS:
            findings.append(
                Finding(
                    "bad_sources",
                    SETTINGS_FILE,
                    f"sources for the systems {', '.join(SYSTEMS)}{did_you_mean(str(system), SYSTEMS)}",
                    values=(str(system),),
                )
            )
            continue
        known = CONTRACT.layouts_of(str(system))
        if str(layout) not in known:
            findings.append(
                Finding(
                    "bad_sources",
                    SETTINGS_FILE,
                    f"sources.{system} as one of {', '.join(known)}{did_you_mean(str(layout), known)}",
                    values=(str(layout),),
                )
            )
            continue
        layouts[str(system)] = str(layout)
    return layouts


def _layout_options(settings: dict[str, Any], findings: list[Finding]) -> dict[str, dict[str, Any]]:
    defaults = layout_option_defaults()
    options: dict[str, dict[str, Any]] = {}
    for name in LAYOUT_NAMES:
        given = settings.get(name)
        if given is None:
            continue
        if not isinstance(given, dict):
            findings.append(Finding("bad_sources", SETTINGS_FILE, f"{name} as a mapping of its options"))
            continue
        for key in given:
            if str(key) not in defaults[name]:
                findings.append(
                    Finding(
                        "unknown_setting",
                        SETTINGS_FILE,
                        f"only the {name} options {', '.join(defaults[name])}; {key!r} is ignored"
                        f"{did_you_mean(str(key), list(defaults[name]))}",
                        fatal=False,
                    )
                )
        options[name] = {**defaults[name], **{k: v for k, v in given.items() if str(k) in defaults[name]}}
    return options


def _today_utc() -> dt.date:
    return dt.datetime.now(tz=dt.UTC).date()


def _as_of(value: Any) -> dt.date | None:
    """A date from what YAML made of `as_of`: a date, a datetime (its day), or text YYYY-MM-DD."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    return None


def read_extract_settings(folder: Path, today: dt.date | None = None) -> ExtractSettings:
    """The settings of the extract in `folder`, with every problem of extract.yml as a finding."""
    path = folder / SETTINGS_FILE
    return extract_settings_from(path.read_bytes() if path.is_file() else None, today)


def extract_settings_from(content: bytes | None, today: dt.date | None = None) -> ExtractSettings:
    """The settings an extract.yml holding `content` gives (None: the extract has no extract.yml), however
    it was read: from a folder here, or through Spark (reports/spark_extract_files.py)."""
    today = today or _today_utc()
    findings: list[Finding] = []
    if content is None:
        return ExtractSettings(today, f"today (UTC): there is no {SETTINGS_FILE}", DEFAULT_REPORTING_CURRENCY)
    try:
        settings = yaml.safe_load(content.decode("utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        problem = str(error).splitlines()[0]
        findings.append(Finding("bad_metadata", SETTINGS_FILE, f"valid YAML ({problem})"))
        settings = {}
    if not isinstance(settings, dict):
        findings.append(
            Finding(
                "bad_metadata", SETTINGS_FILE, "lines like `as_of: 2026-06-30` and `reporting_currency: USD`"
            )
        )
        settings = {}

    for key in settings:
        if str(key) not in KNOWN_KEYS:
            findings.append(
                Finding(
                    "unknown_setting",
                    SETTINGS_FILE,
                    f"only the keys {', '.join(KNOWN_KEYS)}; {key!r} is ignored"
                    + did_you_mean(str(key), KNOWN_KEYS),
                    fatal=False,
                )
            )

    as_of, origin = today, f"today (UTC): {SETTINGS_FILE} gives no as_of"
    if settings.get("as_of") is not None:
        parsed = _as_of(settings["as_of"])
        if parsed is None:
            findings.append(
                Finding(
                    "bad_as_of",
                    SETTINGS_FILE,
                    "as_of as a date YYYY-MM-DD, e.g. as_of: 2026-10-31",
                    values=(str(settings["as_of"]),),
                )
            )
        else:
            as_of, origin = parsed, SETTINGS_FILE
            if isinstance(settings["as_of"], dt.datetime):
                origin = f"{SETTINGS_FILE} (the day of {settings['as_of'].isoformat()})"

    currency = str(settings.get("reporting_currency") or DEFAULT_REPORTING_CURRENCY).strip().upper()
    if not _CURRENCY.match(currency):
        findings.append(
            Finding(
                "bad_reporting_currency",
                SETTINGS_FILE,
                "reporting_currency as a 3-letter ISO 4217 code, e.g. USD or EUR",
                values=(str(settings.get("reporting_currency")),),
            )
        )
        currency = DEFAULT_REPORTING_CURRENCY
    layouts = _layouts(settings, findings)
    options = _layout_options(settings, findings)
    return ExtractSettings(as_of, origin, currency, tuple(findings), layouts, options)
