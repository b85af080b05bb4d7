"""Where Tenure's project files are: the dbt project (dbt_project.yml, models, macros, seeds, tests/dbt), the
page templates and the MkDocs config.

In a checkout (or an editable install) they are the repository's top-level folders. A wheel ships the same
files as the data package `tenure_project` (pyproject.toml), and reports/ reads them from there; nothing is
ever written beside them: a build's scratch files go to its work folder.
"""

from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def _project_root() -> Path:
    if (_CHECKOUT / "dbt_project.yml").is_file():
        return _CHECKOUT
    spec = find_spec("tenure_project")  # a namespace package: the data files' folder is its only location
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("Tenure's project files are missing: reinstall the package")
    return Path(next(iter(spec.submodule_search_locations)))


PROJECT_ROOT = _project_root()
# True when running from a repository checkout (the tests, `make site`); False from an installed wheel.
IS_CHECKOUT = PROJECT_ROOT == _CHECKOUT
REPO_ROOT = _CHECKOUT  # the repository checkout (the tests' reference point)
SITE_TEMPLATES = PROJECT_ROOT / "site_templates"
MKDOCS_BASE_CONFIG = PROJECT_ROOT / "mkdocs.yml"


def default_work_dir() -> Path:
    """The work folder when --work-dir is not given: build/ in a checkout (git-ignored); for an installed
    package, Tenure's folder in the user's cache ($XDG_CACHE_HOME/tenure, else ~/.cache/tenure), never
    site-packages."""
    if IS_CHECKOUT:
        return PROJECT_ROOT / "build"
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "tenure"


DEFAULT_WORK_DIR = default_work_dir()
