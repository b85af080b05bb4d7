"""The extract's own settings, from extract.yml at its root: `as_of` (the day the extract was taken) and
`reporting_currency`. Read before dbt, so that a wrong value is one clear message and dbt is handed values it
cannot misread (reports/dbt_runner.py passes them as vars)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reports.findings import Finding

SETTINGS_FILE = "extract.yml"
KNOWN_KEYS = ("as_of", "reporting_currency")
DEFAULT_REPORTING_CURRENCY = "USD"
_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class ExtractSettings:
    as_of: dt.date
    as_of_origin: str  # where as_of came from, said in the build output and on the data-quality page
    reporting_currency: str
    findings: tuple[Finding, ...] = field(default=())


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
    today = today or _today_utc()
    path = folder / SETTINGS_FILE
    findings: list[Finding] = []
    if not path.exists():
        return ExtractSettings(today, f"today (UTC): there is no {SETTINGS_FILE}", DEFAULT_REPORTING_CURRENCY)
    try:
        settings = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
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
            nearest = difflib.get_close_matches(str(key), KNOWN_KEYS, n=1, cutoff=0.5)
            hint = f"; did you mean {nearest[0]}?" if nearest else ""
            findings.append(
                Finding(
                    "unknown_setting",
                    SETTINGS_FILE,
                    f"only the keys {', '.join(KNOWN_KEYS)}; {key!r} is ignored{hint}",
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
    return ExtractSettings(as_of, origin, currency, tuple(findings))
