"""The metric definitions: written once in dbt (docs blocks), listed by a seed, printed and linked by the
site (reports/definitions.py)."""

import csv
import re

import pytest
import yaml

from reports.definitions import build_definitions, definition_link
from reports.errors import TenureError
from tests.conftest import REPO_ROOT

DEFINITIONS_MD = REPO_ROOT / "models" / "docs" / "definitions.md"
SEED = REPO_ROOT / "seeds" / "metric_definitions.csv"


def _blocks() -> dict[str, str]:
    text = DEFINITIONS_MD.read_text(encoding="utf-8")
    return dict(re.findall(r"{%\s*docs\s+metric_(\w+)\s*%}(.*?){%\s*enddocs\s*%}", text, flags=re.DOTALL))


def test_every_listed_metric_has_one_docs_block_and_every_block_is_listed():
    with open(SEED, newline="", encoding="utf-8") as handle:
        listed = [row["metric"] for row in csv.DictReader(handle)]
    assert len(listed) == len(set(listed))
    assert sorted(listed) == sorted(_blocks())


def test_every_setting_a_definition_names_is_a_var_of_the_project():
    project_vars = yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]
    named = {name for text in _blocks().values() for name in re.findall(r"`(\w+)`", text)}
    assert named and named <= set(project_vars)


def test_every_mart_the_site_reads_is_public_with_an_enforced_contract():
    exposure = yaml.safe_load((REPO_ROOT / "models" / "_exposures.yml").read_text(encoding="utf-8"))
    read = {re.search(r"ref\('(\w+)'\)", ref).group(1) for ref in exposure["exposures"][0]["depends_on"]}
    declared = {}
    for path in (REPO_ROOT / "models" / "marts").glob("*/_*.yml"):
        for model in yaml.safe_load(path.read_text(encoding="utf-8"))["models"]:
            declared[model["name"]] = model
    assert read <= set(declared)
    for name in sorted(read):
        model = declared[name]
        assert model.get("access") == "public", name
        assert model.get("config", {}).get("contract", {}).get("enforced") is True, name
        assert all(column.get("data_type") for column in model["columns"]), name


ROWS = [
    {"metric": "grr", "label": "Gross revenue retention (GRR)", "display_order": 2},
    {"metric": "nrr", "label": "Net revenue retention (NRR)", "display_order": 1},
]
BLOCKS = {
    "nrr": "Net revenue retention over **12 months**; see `health_bands` and `as_of`. It can exceed 100%.",
    "grr": "Gross revenue retention.",
}


def test_definitions_follow_the_seed_order_with_the_settings_they_name_in_force():
    definitions = build_definitions(ROWS, BLOCKS, {"health_bands": [{"band": "green", "min_score": 75}]})
    assert list(definitions) == ["nrr", "grr"]
    nrr = definitions["nrr"]
    assert "<strong>12 months</strong>" in nrr.html and "<code>health_bands</code>" in nrr.html
    assert nrr.settings == (("health_bands", '[{"band": "green", "min_score": 75}]'),)
    assert definitions["grr"].settings == ()
    assert nrr.summary == (
        "Net revenue retention over <strong>12 months</strong>; "
        "see <code>health_bands</code> and <code>as_of</code>."
    )


def test_a_listed_metric_without_a_docs_block_stops_the_build():
    with pytest.raises(TenureError, match="no docs block for metric_grr"):
        build_definitions(ROWS, {"nrr": "x"}, {})


def test_a_figure_links_to_its_entry_and_a_header_gets_a_mark():
    definitions = build_definitions(ROWS, BLOCKS, {})
    assert definition_link(definitions, "nrr", "NRR <12m>", root="../") == (
        '<a class="tenure-def" href="../definitions.html#nrr" '
        'title="Definition of Net revenue retention (NRR)">NRR &lt;12m&gt;</a>'
    )
    mark = definition_link(definitions, "grr", mark=True)
    assert 'href="definitions.html#grr"' in mark and ">?</a>" in mark


def test_a_link_to_an_unknown_metric_stops_the_build():
    with pytest.raises(TenureError, match="'churn_rate'"):
        definition_link(build_definitions(ROWS, BLOCKS, {}), "churn_rate")
