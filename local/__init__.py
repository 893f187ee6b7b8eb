"""Developer tooling that never ships to Lambda: the embedded database, the local server,
`make invoke`, demo data, backups."""
