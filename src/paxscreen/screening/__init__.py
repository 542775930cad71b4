"""Screening: travellers against watchlists (names/, watchlists/), rules and links."""
