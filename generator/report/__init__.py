"""Findings and figures → text, JSON, SARIF, GitHub annotations, tables and spreadsheets."""
