"""The marts the site reads are also in the site, as Parquet files in data/ (reports/data_export.py)."""

from __future__ import annotations

import html
import re

import duckdb
import pytest
import yaml

from reports.data_export import exported_columns
from tests.conftest import REPO_ROOT, BuiltSite


def test_email_columns_stay_out_of_the_files_unless_published():
    columns = ["contact_id", "full_name", "email", "title"]
    assert exported_columns(columns, publish_emails=False) == ["contact_id", "full_name", "title"]
    assert exported_columns(columns, publish_emails=True) == columns


@pytest.mark.slow
def test_every_mart_the_site_reads_is_in_data_with_the_same_rows(built_site: BuiltSite):
    exposure = yaml.safe_load((REPO_ROOT / "models" / "_exposures.yml").read_text(encoding="utf-8"))
    marts = {re.search(r"ref\('(\w+)'\)", ref).group(1) for ref in exposure["exposures"][0]["depends_on"]}
    files = {path.stem for path in (built_site.site / "data").glob("*.parquet")}
    assert marts <= files
    (database,) = built_site.work.glob("run-*/tenure.duckdb")
    con = duckdb.connect(str(database), read_only=True)
    try:
        for mart in ("dim_accounts", "fct_mrr_movements", "rpt_lxl"):
            in_site = con.execute(
                f"select count(*) from '{built_site.site / 'data' / mart}.parquet'"
            ).fetchone()
            assert in_site == con.execute(f"select count(*) from marts.{mart}").fetchone(), mart
        contacts = con.execute(
            f"select * from '{built_site.site / 'data' / 'dim_contacts'}.parquet' limit 0"
        ).description
        assert "email" not in {column[0] for column in contacts}
    finally:
        con.close()
    page = html.unescape((built_site.site / "data-quality.html").read_text(encoding="utf-8"))
    assert 'href="data/dim_accounts.parquet"' in page
