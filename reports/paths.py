"""Where things are in the repository."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SITE_TEMPLATES = REPO_ROOT / "site_templates"
MKDOCS_BASE_CONFIG = REPO_ROOT / "mkdocs.yml"
DEFAULT_WORK_DIR = REPO_ROOT / "build"
