"""Enumerations come from their seeds (seeds/enumerations/), through reports/enumerations.py."""

import pytest

from reports import enumerations


@pytest.fixture(autouse=True)
def _no_build_loaded():
    enumerations.use_enumerations(None)
    yield
    enumerations.use_enumerations(None)


def test_without_a_build_the_labels_are_the_seeds_in_their_order():
    assert list(enumerations.labels("lxl_reasons")) == [
        "renewal_due",
        "red_health",
        "champion_loss",
        "invoices_past_due",
        "expansion_candidate",
    ]
    forecast = enumerations.labels("renewal_forecast_categories")
    assert forecast["no_opportunity"] == "No renewal opportunity yet"
    assert enumerations.colours("mrr_movements")["churn"] == "#c62828"
    assert enumerations.colours("lxl_reasons") == {}


def test_a_build_s_enumerations_replace_the_seed_files():
    enumerations.use_enumerations(
        [
            {"enumeration": "lxl_reasons", "code": "b", "label": "Two", "display_order": 2, "colour": None},
            {"enumeration": "lxl_reasons", "code": "a", "label": "One", "display_order": 1, "colour": ""},
        ]
    )
    assert enumerations.labels("lxl_reasons") == {"a": "One", "b": "Two"}


def test_an_unknown_enumeration_names_the_seed_folder():
    with pytest.raises(KeyError, match="seeds/enumerations/"):
        enumerations.values("stages")
