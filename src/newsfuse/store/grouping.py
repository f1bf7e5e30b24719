"""The store's grouping state: where the next story update resumes the story stream
(`newsfuse.cluster.GroupingState`), so adding a batch of articles regroups the days it
touches, not every stored article (`Store` inherits these methods; they share its
connection)."""

from __future__ import annotations

import datetime as dt
import json

from newsfuse.cluster import GroupingState
from newsfuse.model import Story
from newsfuse.store.backend import Backend
from newsfuse.store.codec import encode, from_jsonable

__all__ = ["GroupingQueries"]


class GroupingQueries:
    _db: Backend

    def grouping_state(self) -> GroupingState | None:
        rows = self._db.execute(
            "SELECT key, day, articles, stream, closed FROM grouping_state WHERE id = 1"
        )
        if not rows:
            return None
        key, day, articles, stream, closed = rows[0]
        stories = tuple(from_jsonable(Story, record) for record in json.loads(closed))
        return GroupingState(dt.date.fromisoformat(day), bytes(stream), stories, key, articles)

    def save_grouping_state(self, state: GroupingState | None) -> None:
        """Replace the stored state (None: forget it; the next update groups everything)."""
        with self._db.transaction():
            self._db.execute("DELETE FROM grouping_state")
            if state is None:
                return
            closed = "[" + ",".join(encode(story) for story in state.closed) + "]"
            self._db.execute(
                "INSERT INTO grouping_state (id, key, day, articles, stream, closed) "
                "VALUES (1, ?, ?, ?, ?, ?)",
                (state.key, state.day.isoformat(), state.articles, state.stream, closed),
            )
