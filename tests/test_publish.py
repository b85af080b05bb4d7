"""Publishing swaps a complete site into place; a second build into the same folder is refused."""

import pytest

from reports.errors import TenureError
from reports.publish import output_lock, publish, staging_dir_for


def _site(folder, text):
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(text)


def test_publish_replaces_the_previous_site_and_leaves_no_staging_folder(tmp_path):
    out = tmp_path / "site"
    _site(out, "old")
    (out / "stale.html").write_text("from the old build")
    staged = staging_dir_for(out)
    _site(staged, "new")
    publish(staged, out)
    assert (out / "index.html").read_text() == "new"
    assert not (out / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_publish_into_a_new_folder(tmp_path):
    staged = staging_dir_for(tmp_path / "site")
    _site(staged, "first")
    publish(staged, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "first"


def test_a_second_build_into_the_same_output_stops_with_a_reason(tmp_path):
    out = tmp_path / "site"
    with output_lock(out), pytest.raises(TenureError, match="another build is writing"), output_lock(out):
        pass
    with output_lock(out):  # released again afterwards
        pass
