"""Records to JSON text and back, losslessly, for the store's `record` columns.

Writing uses `render.json.to_jsonable` (the same key names as every other JSON output);
reading rebuilds the frozen dataclasses from their field types, so a stored article or
brief comes back equal to the one written: `decode(Article, encode(article)) == article`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from enum import Enum
from functools import cache
from typing import Any, TypeVar, get_args, get_origin

from newsfuse.errors import StoreError
from newsfuse.render.json import to_jsonable

__all__ = ["decode", "encode", "from_jsonable", "stored_day"]

T = TypeVar("T")


def stored_day(value: str | None) -> dt.date | None:
    """A day stored as ISO text (None stays None)."""
    return dt.date.fromisoformat(value) if value else None


def encode(record: Any) -> str:
    """A record (or anything `to_jsonable` takes) as compact JSON text."""
    return json.dumps(to_jsonable(record), ensure_ascii=False, separators=(",", ":"))


def decode(kind: type[T], text: str) -> T:
    """The record of type `kind` that `encode` wrote as `text`."""
    try:
        record: T = from_jsonable(kind, json.loads(text))
    except (ValueError, TypeError, KeyError) as exc:
        raise StoreError(f"stored {kind.__name__} cannot be read: {exc}") from exc
    return record


def from_jsonable(kind: Any, data: Any) -> Any:
    """`data` (as `to_jsonable` made it) rebuilt as a value of the type `kind`."""
    if data is None:
        return None
    origin = get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        return _from_union(get_args(kind), data)
    if origin is tuple:
        args = get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_jsonable(args[0], item) for item in data)
        return tuple(from_jsonable(arg, item) for arg, item in zip(args, data, strict=True))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _field_types(kind)
        values = {name: from_jsonable(hints[name], data[name]) for name in hints if name in data}
        return kind(**values)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if kind is dt.datetime:
        return dt.datetime.fromisoformat(data)
    if kind is dt.date:
        return dt.date.fromisoformat(data)
    if kind is float:
        return float(data)
    return data


def _from_union(options: tuple[Any, ...], data: Any) -> Any:
    present = [option for option in options if option is not type(None)]
    if dt.datetime in present and isinstance(data, str):
        # `date | datetime`: isoformat() of a datetime always carries a time part.
        return dt.datetime.fromisoformat(data) if "T" in data else dt.date.fromisoformat(data)
    if len(present) != 1:
        raise TypeError(f"cannot tell which of {present} a stored value is")
    return from_jsonable(present[0], data)


@cache
def _field_types(kind: type[Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(kind)
    return {f.name: hints[f.name] for f in dataclasses.fields(kind) if f.init}
