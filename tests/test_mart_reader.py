"""Python reads marts only through the interface dbt declares (reports/mart_reader.py), on a real DuckDB."""

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from reports.errors import TenureError
from reports.mart_reader import MartReader, interface_from_manifest

INTERFACE = {"rpt_renewals": {"account_id": "varchar", "renewal_date": "date", "arr": "double"}}


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute(
        "create table marts.rpt_renewals as select * from (values ('A2', date '2027-03-01', 200.0::double), "
        "('A1', date '2027-01-01', 100.0)) as t(account_id, renewal_date, arr)"
    )
    con.execute("create table marts.rpt_private as select 1 as x")
    yield con
    con.close()


def test_rows_come_back_typed_filtered_and_ordered(con):
    rows = MartReader(con, INTERFACE).rows(
        "rpt_renewals",
        columns=("account_id", "renewal_date"),
        where="arr > ?",
        order_by="account_id",
        parameters=[50],
    )
    assert rows == [
        {"account_id": "A1", "renewal_date": dt.date(2027, 1, 1)},
        {"account_id": "A2", "renewal_date": dt.date(2027, 3, 1)},
    ]


def test_a_mart_outside_the_interface_cannot_be_read(con):
    with pytest.raises(TenureError, match=r"marts\.rpt_private, which is not a public mart"):
        MartReader(con, INTERFACE).rows("rpt_private")


def test_a_column_the_contract_does_not_declare_cannot_be_read(con):
    with pytest.raises(TenureError, match="declares no column health_band"):
        MartReader(con, INTERFACE).rows("rpt_renewals", columns=("account_id", "health_band"))


def test_a_column_whose_type_drifted_from_the_contract_stops_the_build(con):
    drifted = {"rpt_renewals": {**INTERFACE["rpt_renewals"], "renewal_date": "timestamp"}}
    with pytest.raises(
        TenureError, match=r"rpt_renewals\.renewal_date is date, but its contract declares timestamp"
    ):
        MartReader(con, drifted).rows("rpt_renewals")


def test_the_interface_is_the_public_models_with_an_enforced_contract(tmp_path: Path):
    def model(name: str, access: str, enforced: bool) -> dict:
        return {
            "resource_type": "model",
            "name": name,
            "access": access,
            "config": {"contract": {"enforced": enforced}},
            "columns": {"id": {"data_type": "VARCHAR"}},
        }

    manifest = tmp_path / "manifest.json"
    nodes = [
        model("rpt_a", "public", True),
        model("rpt_b", "protected", True),
        model("rpt_c", "public", False),
    ]
    manifest.write_text(json.dumps({"nodes": {f"model.tenure.{n['name']}": n for n in nodes}}))
    assert interface_from_manifest(manifest) == {"rpt_a": {"id": "varchar"}}
