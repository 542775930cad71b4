"""Vetting: what people do with hits (dispositions, notes, lookouts, manual hits).

The web pages and the CLI call these services; screening only writes hits.
"""
