"""Ingestion: receive, keep, de-duplicate, reassemble, version and merge messages.

The pure steps (`fingerprint`, `parts`, `versions`, `paxlst_changes`, `flights`,
`merge`, `status`) take a parsed message and the current state and return
changes and findings; `keep`, `loader`, `pipeline` and `workers` do the reading,
the transactions and the acknowledgements; `sources/` are the ways in.
"""
