"""Page paths for accounts: derived from untrusted names, so they must be safe, unique and stable.

A slug is ASCII `[a-z0-9-]`, at most 60 characters, never empty, never a reserved device name, and unique
case-insensitively across all accounts. It combines a readable part of the name with a short digest of the
account id, so it is stable from build to build (the id does not change when the name is edited only in
its readable part) and two accounts with the same name still get different pages.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

_MAX_NAME_PART = 48
_WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


def _readable_part(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    words = words[:_MAX_NAME_PART].rstrip("-")
    if not words or words in _WINDOWS_RESERVED:
        words = f"account-{words}" if words else "account"
    return words


def _digest(account_id: str, length: int) -> str:
    return hashlib.sha256(account_id.encode("utf-8")).hexdigest()[:length]


def assign_slugs(accounts: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Map each `(account_id, account_name)` to a unique, safe slug.

    Deterministic for the same set of accounts: ids are processed in sorted order and a clash (two ids
    with the same 8-character digest and name) lengthens the digest rather than depending on input order.
    """
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for account_id, name in sorted(accounts, key=lambda pair: pair[0]):
        readable = _readable_part(name or "")
        for length in (8, 12, 16, 64):
            slug = f"{readable}-{_digest(account_id, length)}"
            if slug not in taken:
                break
        else:  # pragma: no cover - a sha256 collision
            raise ValueError(f"cannot derive a unique page path for account {account_id!r}")
        taken.add(slug)
        slugs[account_id] = slug
    return slugs
