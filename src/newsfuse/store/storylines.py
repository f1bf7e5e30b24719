"""The store's storylines: written whole with each update of the stories, read by the web
UI and the API (`Store` inherits these methods; they share its connection)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from newsfuse.model import Brief
from newsfuse.store.backend import Backend
from newsfuse.store.codec import decode
from newsfuse.storylines import Storyline

__all__ = ["StorylineQueries"]


class StorylineQueries:
    _db: Backend

    def write_storylines(self, storylines: Sequence[Storyline]) -> None:
        """Replace every stored storyline with `storylines`, in one transaction."""
        with self._db.transaction():
            self._db.execute("DELETE FROM storyline_stories")
            self._db.execute("DELETE FROM storylines")
            self._db.executemany(
                "INSERT INTO storylines (id, title, first_day, last_day, story_count) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (
                        line.storyline_id,
                        line.title,
                        line.first.isoformat() if line.first else None,
                        line.last.isoformat() if line.last else None,
                        len(line.story_ids),
                    )
                    for line in storylines
                ],
            )
            self._db.executemany(
                "INSERT INTO storyline_stories (story_id, storyline_id, position) VALUES (?, ?, ?)",
                [
                    (story_id, line.storyline_id, position)
                    for line in storylines
                    for position, story_id in enumerate(line.story_ids)
                ],
            )

    def list_storylines(self, *, limit: int = 50, offset: int = 0) -> list[Storyline]:
        """Storylines newest first (by their last day), then the longest."""
        rows = self._db.execute(
            "SELECT id FROM storylines "
            "ORDER BY last_day DESC NULLS LAST, story_count DESC, id LIMIT ? OFFSET ?",
            (max(0, limit), max(0, offset)),
        )
        lines = (self.get_storyline(str(row[0])) for row in rows)
        return [line for line in lines if line is not None]

    def get_storyline(self, storyline_id: str) -> Storyline | None:
        with self._db.snapshot():
            rows = self._db.execute(
                "SELECT id, title, first_day, last_day FROM storylines WHERE id = ?",
                (storyline_id,),
            )
            if not rows:
                return None
            stories = self._db.execute(
                "SELECT story_id FROM storyline_stories WHERE storyline_id = ? ORDER BY position",
                (storyline_id,),
            )
        identifier, title, first, last = rows[0]
        return Storyline(
            str(identifier),
            str(title),
            tuple(str(row[0]) for row in stories),
            _day(first),
            _day(last),
        )

    def stored_briefs(self) -> list[Brief]:
        """Every stored story's brief (what storylines are linked from)."""
        rows = self._db.execute("SELECT record FROM briefs ORDER BY story_id")
        return [decode(Brief, str(row[0])) for row in rows]

    def storyline_of(self, story_id: str) -> str | None:
        """The storyline holding a story (a story belongs to one)."""
        rows = self._db.execute(
            "SELECT storyline_id FROM storyline_stories WHERE story_id = ?", (story_id,)
        )
        return str(rows[0][0]) if rows else None


def _day(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None
