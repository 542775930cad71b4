"""Link analysis: one identity per person across flights, and the network around it.

- `records`: travellers as link analysis sees them (names, date of birth, documents,
  frequent flyer numbers) and their fingerprints;
- `identity`: attach each traveller record to a person identity, with a confidence
  and an explanation, respecting the analysts' decisions (`decisions`);
- `contacts`: link keys for phones, e-mails and addresses (trivial variants link);
- `graph`: the network read from the travel tables (no second store), its
  neighbourhoods, paths and co-travellers;
- `network_rules`: hits for travellers linked to alerts, watchlisted companions and
  agencies under watch, each with the path that explains it;
- `screen`: the flight screener that ingestion calls after loading.
"""
