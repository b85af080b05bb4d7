"""Account page paths are derived from untrusted names: safe, unique, stable."""

import re

from reports.slugs import assign_slugs

SAFE = re.compile(r"^[a-z0-9][a-z0-9-]{0,70}$")


def test_hostile_names_give_safe_paths_inside_the_accounts_folder():
    names = ["../../x", "CON", "a/b", "x" * 300, "🚀🚀", "", None, "nul", "..", "C:\\windows", "<script>"]
    slugs = assign_slugs((f"A{i}", name) for i, name in enumerate(names))
    for slug in slugs.values():
        assert SAFE.match(slug), slug
        assert ".." not in slug and "/" not in slug and "\\" not in slug
        assert slug.split("-")[0] not in {"con", "nul", "prn", "aux"}


def test_two_accounts_with_the_same_name_get_different_pages():
    slugs = assign_slugs([("A1", "Acme"), ("A2", "Acme"), ("a1", "Acme")])
    assert len({slug.lower() for slug in slugs.values()}) == 3


def test_slugs_are_stable_whatever_the_order_or_the_other_accounts():
    first = assign_slugs([("A1", "Acme Corp"), ("A2", "Globex")])
    second = assign_slugs([("A3", "Initech"), ("A2", "Globex"), ("A1", "Acme Corp")])
    assert first["A1"] == second["A1"] == "acme-corp-" + first["A1"].rsplit("-", 1)[1]
    assert first["A2"] == second["A2"]


def test_readable_part_keeps_accented_names_legible():
    assert assign_slugs([("A1", "Société Générale")])["A1"].startswith("societe-generale-")
