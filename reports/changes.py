"""What changed since the previous build (home page): accounts that changed health band, new churns and
expansions, champion losses.

Each build publishes a small snapshot of every account (`tenure-state.json`, at the site's root) and the
next build compares the marts with the snapshot of the site it replaces (or the one `--previous-state`
names). With no previous snapshot (a first build, a fresh folder) it compares with the previous month end,
which the marts hold too, and says so.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reports.marts import Row, SiteData

STATE_FILE = "tenure-state.json"
STATE_VERSION = 1


@dataclass(frozen=True)
class Snapshot:
    """Each account's state at one moment: `label` says which (a build's as_of, or a month end)."""

    label: str
    accounts: dict[str, dict[str, Any]]


def _account_state(mrr: float, health: Row | None, referenceable: bool | None) -> dict[str, Any]:
    return {
        "mrr": round(float(mrr or 0), 2),
        "referenceable": referenceable,
        "band": None if health is None else health["health_band"],
        "score": None if health is None or health["health_score"] is None else float(health["health_score"]),
        "champion_loss": bool(health and health["has_champion_loss"]),
    }


def snapshot_at(
    data: SiteData, month: dt.date, label: str, referenceable: set[str] | None = None
) -> Snapshot:
    """Every CRM account's state at the end of `month`, from the marts' monthly history; whether it is
    reference-able only when `referenceable` is given (the marts keep that for today only)."""
    accounts = {}
    for account in data.accounts:
        account_id = account["account_id"]
        mrr = next(
            (row["mrr"] for row in data.mrr_history_by_account.get(account_id, []) if row["month"] == month),
            0.0,
        )
        health = next(
            (row for row in data.health_by_account.get(account_id, []) if row["month"] == month), None
        )
        is_referenceable = None if referenceable is None else account_id in referenceable
        accounts[account_id] = _account_state(mrr, health, is_referenceable)
    return Snapshot(label, accounts)


def current_snapshot(data: SiteData) -> Snapshot:
    referenceable = {row["account_id"] for row in data.reference_matrix if row["is_referenceable"]}
    as_of = data.company.as_of
    return snapshot_at(data, as_of.replace(day=1), f"as of {as_of.isoformat()}", referenceable)


def previous_month_snapshot(data: SiteData) -> Snapshot:
    month = (data.company.as_of.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    return snapshot_at(data, month, f"the end of {month.strftime('%B %Y')}")


def write_state(path: Path, snapshot: Snapshot, as_of: dt.date) -> None:
    state = {"version": STATE_VERSION, "as_of": as_of.isoformat(), "accounts": snapshot.accounts}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def read_state(path: Path) -> Snapshot | None:
    """The snapshot a previous build published, or None when there is none or it is unreadable."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        return None
    label = f"the previous build (data as of {state.get('as_of')})"
    return Snapshot(label, dict(state.get("accounts") or {}))


def changes_context(data: SiteData, previous: Snapshot | None, slugs: dict[str, str]) -> dict[str, Any]:
    """The home page's "What changed" lists, comparing the current marts with `previous`."""
    compared_with_build = previous is not None
    if previous is None:
        previous = previous_month_snapshot(data)
    current = current_snapshot(data)
    names = {account["account_id"]: account["account_name"] for account in data.accounts}
    band_changes, churns, expansions, champion_losses, newly_referenceable = [], [], [], [], []
    for account_id, now in current.accounts.items():
        before = previous.accounts.get(account_id)
        if before is None:
            continue
        item = {"account_id": account_id, "account_name": names[account_id], "slug": slugs.get(account_id)}
        if now["band"] and before.get("band") and now["band"] != before["band"]:
            band_changes.append({**item, "before": before["band"], "after": now["band"]})
        if float(before.get("mrr") or 0) > 0 and now["mrr"] == 0:
            churns.append({**item, "mrr_lost": float(before["mrr"])})
        elif 0 < float(before.get("mrr") or 0) < now["mrr"]:
            expansions.append({**item, "mrr_gained": round(now["mrr"] - float(before["mrr"]), 2)})
        if now["champion_loss"] and not before.get("champion_loss"):
            champion_losses.append(item)
        if now["referenceable"] and before.get("referenceable") is False:
            newly_referenceable.append(item)
    return {
        "compared_with": previous.label,
        "compared_with_build": compared_with_build,
        "band_changes": sorted(band_changes, key=lambda row: (row["after"], row["account_name"])),
        "churns": sorted(churns, key=lambda row: -row["mrr_lost"]),
        "expansions": sorted(expansions, key=lambda row: -row["mrr_gained"]),
        "champion_losses": sorted(champion_losses, key=lambda row: row["account_name"]),
        "newly_referenceable": sorted(newly_referenceable, key=lambda row: row["account_name"]),
    }
