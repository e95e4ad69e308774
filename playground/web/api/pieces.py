"""An answer's JSON written in short pieces, byte for byte as pydantic writes the whole.

One serializer call over a 16 MB answer holds the GIL for its whole length, in a worker
thread as much as on the event loop. Here each call writes about PIECE_BYTES, and a
Python loop joins them, so a worker thread gives the loop its turn between two pieces.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel, TypeAdapter

# About a millisecond of serializing per call; the bound is a guess from the sizes seen
# (a value's text can be up to six times its weight when every character is escaped).
PIECE_BYTES = 64_000
# Serializes a decoded answer's values as a model's `Any` field does (NaN as null, ...).
_ANY: TypeAdapter[Any] = TypeAdapter(Any)
# What a decoded answer holds that can weigh more than a few bytes.
_DEEPER = frozenset({str, dict, list, tuple})


def value_pieces(value: Any) -> Iterator[bytes]:
    """The JSON of a decoded JSON value as pydantic writes it, in short pieces."""
    if isinstance(value, str) and len(value) > PIECE_BYTES:
        yield from _string_pieces(value)
    elif isinstance(value, dict) and _weight(value, PIECE_BYTES) > PIECE_BYTES:
        yield from _dict_pieces(value)
    elif isinstance(value, list) and _weight(value, PIECE_BYTES) > PIECE_BYTES:
        yield from _list_pieces(value)
    else:
        yield _ANY.dump_json(value)


def model_pieces(model: BaseModel, parts: Mapping[str, Iterable[bytes]]) -> Iterator[bytes]:
    """The model's JSON, each field named in `parts` written by those pieces instead."""
    yield b"{"
    written = False
    plain: set[str] = set()
    for name in type(model).model_fields:
        if name not in parts:
            plain.add(name)
            continue
        if plain:  # the fields before this one, in one call (their object's braces cut)
            yield (b"," if written else b"") + _fields(model, plain)
            written, plain = True, set()
        yield (b"," if written else b"") + _ANY.dump_json(name) + b":"
        yield from parts[name]
        written = True
    if plain:
        yield (b"," if written else b"") + _fields(model, plain)
    yield b"}"


def model_json(model: BaseModel) -> bytes:
    """The model's JSON as FastAPI writes a response model."""
    return model.__pydantic_serializer__.to_json(model, by_alias=True)


def _fields(model: BaseModel, names: set[str]) -> bytes:
    """Some of the model's fields as FastAPI writes them, without their object's braces."""
    return model.__pydantic_serializer__.to_json(model, include=names, by_alias=True)[1:-1]


def joined_list(items: Iterable[Iterable[bytes]]) -> Iterator[bytes]:
    """A JSON array of items, each given as pieces."""
    yield b"["
    for number, item in enumerate(items):
        if number:
            yield b","
        yield from item
    yield b"]"


def _string_pieces(text: str) -> Iterator[bytes]:
    """A long string in slices: JSON escapes each character alone, so slices join."""
    yield b'"'
    for start in range(0, len(text), PIECE_BYTES):
        yield _ANY.dump_json(text[start : start + PIECE_BYTES])[1:-1]
    yield b'"'


def _list_pieces(items: list[Any]) -> Iterator[bytes]:
    """A large list, its items in runs of about PIECE_BYTES."""
    yield b"["
    yield from _members(items, lambda run: _ANY.dump_json(run)[1:-1], value_pieces)
    yield b"]"


def _dict_pieces(mapping: dict[str, Any]) -> Iterator[bytes]:
    """A large object, its members in runs of about PIECE_BYTES."""
    yield b"{"
    yield from _members(
        list(mapping.items()), lambda run: _ANY.dump_json(dict(run))[1:-1], _member_pieces
    )
    yield b"}"


def _member_pieces(member: tuple[str, Any]) -> Iterator[bytes]:
    """One member of an object, too large to be written with others."""
    key, value = member
    yield from value_pieces(key)
    yield b":"
    yield from value_pieces(value)


def _members(
    items: list[Any],
    write_run: Callable[[list[Any]], bytes],
    pieces_of_one: Callable[[Any], Iterator[bytes]],
) -> Iterator[bytes]:
    """Items comma-separated, written a run at a time; one too large alone, in pieces.

    The run grows while its items are light and shrinks when they are heavy, so one walk
    weighs many small items (weighing each alone cost more than writing it).
    """
    start, length = 0, 1
    while start < len(items):
        comma = b"," if start else b""
        run = items[start : start + length]
        weight = _weight(run, PIECE_BYTES)
        if weight <= PIECE_BYTES:
            yield comma + write_run(run)
            start += len(run)
            length *= 2 if weight < PIECE_BYTES // 2 else 1
        elif length > 1:
            length //= 2
        else:
            yield comma
            yield from pieces_of_one(items[start])
            start += 1


def _weight(value: Any, most: int) -> int:
    """About how many bytes the value's JSON takes; the walk stops once past `most`.

    Only strings and containers are visited one by one: a number, true, false or null is
    counted with its container's separators, which keeps the walk far cheaper than writing.
    """
    total = 0
    todo = [value]
    while todo and total <= most:
        item = todo.pop()
        if type(item) is str:
            total += len(item) + 2
            continue
        if not isinstance(item, dict | list | tuple):
            total += 8
            continue
        if len(item) > most:
            return most + 1  # every member weighs a byte at least
        total += 2 + 8 * len(item)
        if isinstance(item, dict):
            total += sum(map(len, item))
            todo += [member for member in item.values() if type(member) in _DEEPER]
        else:
            todo += [member for member in item if type(member) in _DEEPER]
    return total
