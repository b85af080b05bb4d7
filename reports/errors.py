"""The one exception type a user sees as a plain message (no traceback unless --debug)."""


class TenureError(Exception):
    """A problem the user can act on: bad input, a failed dbt run, a locked output folder."""
