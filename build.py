#!/usr/bin/env python3
"""Tenure's command-line entry point. `python build.py --help` lists the options."""

from reports.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
