"""Scoring newsfuse against labelled data (pure functions; the CLI prints)."""
