"""The exceptions newsfuse raises, as one small tree.

    NewsfuseError
    ├── InputError    an input cannot be read at all (the CLI names it and goes on or stops)
    ├── ConfigError   a settings file or option is invalid
    └── StoreError    the store cannot be opened or written

A bad *article* is not an exception: readers yield a `Skip` record and stages return a
drop reason, so a run counts and reports it instead of stopping (see `model.Skip`).
"""

from __future__ import annotations

__all__ = ["ConfigError", "InputError", "NewsfuseError", "StoreError"]


class NewsfuseError(Exception):
    """Base of every error newsfuse raises on purpose."""


class InputError(NewsfuseError):
    """An input (file, folder, record) cannot be read; the message names it."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


class ConfigError(NewsfuseError):
    """A settings file or command-line option is invalid."""


class StoreError(NewsfuseError):
    """The store cannot be opened, migrated or written."""
