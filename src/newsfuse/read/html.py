"""HTML pages: main text and metadata via trafilatura (placeholder until the reader lands)."""
