"""Read models for the screens: one query module per page family.

Each function returns plain dicts (JSON-ready), which the page renders and the
`/api/` twin returns unchanged, so the two can never disagree.
"""
