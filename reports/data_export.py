"""The marts the site reads, as Parquet files in the site's `data/` folder, for analysts who want the
numbers behind the pages in a spreadsheet, a notebook or a BI tool.

Each public mart with an enforced contract (reports/mart_reader.py) becomes `data/<mart>.parquet`, its rows
in a stable order so the same inputs give the same bytes. Columns holding e-mail addresses are left out
unless the build publishes them (`--publish-emails`), as on the pages. `--no-data-export` turns it off.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from reports.errors import TenureError
from reports.mart_reader import SCHEMA, interface_from_manifest

DATA_DIRNAME = "data"


def exported_columns(columns: list[str], publish_emails: bool) -> list[str]:
    """The columns of a mart that go into its file: all but e-mail addresses, unless they are published."""
    return [name for name in columns if publish_emails or "email" not in name]


def export_marts(duckdb_path: Path, manifest_path: Path, site_dir: Path, publish_emails: bool) -> int:
    """Write every mart of the interface to `site_dir/data/<mart>.parquet`; returns the number of files."""
    interface = interface_from_manifest(manifest_path)
    target = site_dir / DATA_DIRNAME
    target.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        con.execute("set threads = 1")  # one writer: the same bytes for the same rows
        for mart in sorted(interface):
            columns = exported_columns(list(interface[mart]), publish_emails)
            selected = ", ".join(f'"{name}"' for name in columns)
            path = str(target / f"{mart}.parquet").replace("'", "''")
            con.execute(
                f"copy (select {selected} from {SCHEMA}.{mart} order by all) to '{path}' "
                "(format parquet, compression zstd)"
            )
    except duckdb.Error as error:
        raise TenureError(f"cannot write the marts as Parquet into {target}: {error}") from error
    finally:
        con.close()
    return len(interface)
