"""The store's history of each story's brief (`Store` inherits these methods; they share
its connection): `write_story` records what each new brief tells that the one it replaces
did not; the story page and the API read it back, newest first, since a given time."""

from __future__ import annotations

from dataclasses import dataclass

from newsfuse.changes import StoryChange, brief_changes
from newsfuse.errors import StoreError
from newsfuse.model import Brief
from newsfuse.store.backend import Backend, now
from newsfuse.store.codec import decode, encode

__all__ = ["ChangeQueries", "StoredChange"]


@dataclass(frozen=True, slots=True)
class StoredChange:
    story_id: str
    changed_at: str
    change: StoryChange


class ChangeQueries:
    _db: Backend

    def story_changes(
        self, story_id: str, *, since: str | None = None, limit: int = 50
    ) -> list[StoredChange]:
        """The changes of one story's brief, newest first; `since` (ISO time) keeps the
        ones after it."""
        clause, params = "WHERE story_id = ?", [story_id]
        if since is not None:
            clause += " AND changed_at > ?"
            params.append(since)
        rows = self._db.execute(
            f"SELECT story_id, changed_at, record FROM story_changes {clause} "
            "ORDER BY seq DESC LIMIT ?",
            (*params, max(0, limit)),
        )
        return [StoredChange(row[0], row[1], decode(StoryChange, row[2])) for row in rows]

    def most_changed(self, *, since: str, limit: int = 50, offset: int = 0) -> list[str]:
        """Story ids by how much their briefs changed after `since` (ISO time): articles,
        facts, figures and disputes, summed; then the latest change first."""
        rows = self._db.execute(
            "SELECT c.story_id FROM story_changes c JOIN stories s ON s.id = c.story_id "
            "WHERE c.changed_at > ? GROUP BY c.story_id "
            "ORDER BY sum(c.weight) DESC, max(c.changed_at) DESC, c.story_id LIMIT ? OFFSET ?",
            (since, max(0, limit), max(0, offset)),
        )
        return [str(row[0]) for row in rows]

    def _record_change(self, brief: Brief) -> None:
        """Inside `write_story`'s transaction, before the brief is replaced: what the new
        brief tells that the stored one did not (nothing recorded if nothing changed)."""
        rows = self._db.execute("SELECT record FROM briefs WHERE story_id = ?", (brief.story_id,))
        try:
            before = decode(Brief, rows[0][0]) if rows else None
        except StoreError:  # written by a newsfuse that stored briefs otherwise: start anew
            before = None
        change = brief_changes(before, brief)
        if change.empty:
            return
        self._db.execute(
            "INSERT INTO story_changes (story_id, changed_at, weight, record) VALUES (?, ?, ?, ?)",
            (brief.story_id, now(), change.weight, encode(change)),
        )
