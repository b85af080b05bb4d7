"""Where an extract is: a local folder (a Path), or a URI only Spark reads (a str: s3a://bucket/extract,
abfss://…, dbfs:/…, file:///…).

A folder is read by whichever engine builds the marts, and the checks before dbt may open its files on this
machine. A URI is read by Spark alone (the spark target): the checks, the listing, extract.yml and the CSV
headers all go through Spark's readers (reports/spark_extract_files.py), so nothing but findings, a listing
and a few small files reaches this machine. A `file:` URI is treated as a URI too, which is how the tests
exercise that path without a cluster.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

# A scheme and a colon-slash: s3a://, dbfs:/, file:/ — but not a Windows drive (C:/), one letter.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:/")

ExtractLocation = Path | str


def is_uri(text: object) -> bool:
    return isinstance(text, str) and bool(_URI.match(text))


def extract_location(text: str) -> ExtractLocation:
    """The command line's --raw: a URI kept as written (without a trailing slash), or a local folder."""
    return text.rstrip("/") if is_uri(text) else Path(text)


def local_folder(location: ExtractLocation) -> Path | None:
    """The folder on this machine that `location` names (a path, or a file: URI), else None."""
    if isinstance(location, Path):
        return location
    parsed = urlparse(location)
    return Path(parsed.path) if parsed.scheme == "file" and parsed.netloc in ("", "localhost") else None


def as_dbt_location(location: ExtractLocation) -> str:
    """The extract as dbt's TENURE_EXTRACT_DIR names it: an absolute folder, or the URI unchanged."""
    return location if isinstance(location, str) else str(location.resolve())
