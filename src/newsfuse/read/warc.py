"""WARC archives (placeholder until the reader lands)."""
