"""Where an extract is: a local folder (a Path), or a URI only Spark reads (a str: s3a://bucket/extract,
abfss://…, dbfs:/…, file:///…).

A folder is read by whichever engine builds the marts, and the checks before dbt may open its files on this
machine. A URI is read by Spark alone (the spark target): the checks, the listing, extract.yml and the CSV
headers all go through Spark's readers (reports/spark_extract_files.py), so Tenure's own process gets
nothing of the files but the findings, a listing and a few small pieces. A `file:` URI is treated as a URI
too, which is how the tests exercise that path without a cluster.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

# A scheme and a colon-slash: s3a://, dbfs:/, file:/ — but not a Windows drive (C:/), one letter.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:/")
# A scheme and its authority (host, bucket, name node), which a file system may write differently from the
# URI given: hdfs:///data and hdfs://namenode:8020/data are one folder.
_SCHEME_AND_AUTHORITY = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:(//[^/]*)?")

ExtractLocation = Path | str


def is_uri(text: object) -> bool:
    return isinstance(text, str) and bool(_URI.match(text))


def extract_location(text: str) -> ExtractLocation:
    """The command line's --raw: a URI kept as written (without a trailing slash), or a local folder."""
    if not is_uri(text):
        return Path(text)
    trimmed = text.rstrip("/")
    return trimmed if is_uri(trimmed) else text  # file:/// is the root itself


def path_in_uri(location: str) -> str:
    """The path part of a URI or a local path, without scheme, authority, percent-escapes or repeated and
    trailing slashes, to compare a file Spark lists with the extract's root however either was written
    (file:/tmp/x, file:///tmp/x and /tmp/x are one folder)."""
    path = unquote(_SCHEME_AND_AUTHORITY.sub("", location.replace("\\", "/")))
    return re.sub("/+", "/", path).rstrip("/")


def local_folder(location: ExtractLocation) -> Path | None:
    """The folder on this machine that `location` names (a path, or a file: URI), else None."""
    if isinstance(location, Path):
        return location
    parsed = urlparse(location)
    return Path(parsed.path) if parsed.scheme == "file" and parsed.netloc in ("", "localhost") else None


def as_dbt_location(location: ExtractLocation) -> str:
    """The extract as dbt's TENURE_EXTRACT_DIR names it: an absolute folder, or the URI unchanged."""
    return location if isinstance(location, str) else str(location.resolve())
