"""Evaluation: data sets with references, metrics, and the harnesses behind ``newsdesk eval``."""
