"""Tenure: turns retention marts into the pages and charts of the site."""
