"""Writing the landing contract: each element of a response's array as one line, exactly as returned.

A response is never decoded and encoded again: the text of each element is cut out of the response
(json's raw_decode gives where a value ends), so numbers keep their spelling (`1.10`, `1e3`, a 20-digit
id), keys their order and strings their escapes. The one change is that line breaks between tokens
go, so that a pretty-printed element fits on one line (JSON forbids a raw line break inside a string,
so none is lost).

A landing file is written under a temporary name in the landing folder's `.extract-partial/` (which no
reader and no landing check looks at) and moved into its entity's folder only when complete, so a
killed run never leaves a partial file that looks whole.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

_DECODER = json.JSONDecoder(strict=True)
_WHITESPACE = " \t\n\r"
PARTIAL_FOLDER = ".extract-partial"


class ResponseShapeError(ValueError):
    """A response without the array the landing contract takes from it."""


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WHITESPACE:
        index += 1
    return index


def _value_end(text: str, index: int) -> int:
    try:
        return _DECODER.raw_decode(text, index)[1]
    except json.JSONDecodeError as error:
        raise ResponseShapeError(f"not JSON: {error}") from None


def _member(text: str, index: int, key: str) -> int | None:
    """Where the value of `key` starts in the object starting at `index`; None when it has no such key."""
    if text[index:index + 1] != "{":
        raise ResponseShapeError(f"expected an object holding {key!r}")
    index = _skip(text, index + 1)
    while text[index:index + 1] != "}":
        try:
            name, index = _DECODER.raw_decode(text, index)
        except json.JSONDecodeError as error:
            raise ResponseShapeError(f"not JSON: {error}") from None
        index = _skip(text, index)
        if text[index:index + 1] != ":":
            raise ResponseShapeError("not JSON: a key without a value")
        index = _skip(text, index + 1)
        if name == key:
            return index
        index = _skip(text, _value_end(text, index))
        if text[index:index + 1] == ",":
            index = _skip(text, index + 1)
    return None


def one_line(raw: str) -> str:
    """A JSON value's text on one line (line breaks only ever sit between its tokens)."""
    return raw.replace("\r", "").replace("\n", "")


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def raw_elements(text: str, path: Sequence[str]) -> list[str]:
    """The text of each element of the array at `path` (keys from the top object), each on one line. The
    whole response must be strict JSON first (no trailing comma, NaN or text after it): the cutting below then
    walks a well-formed document."""
    try:
        json.loads(text, parse_constant=_no_constant)
    except ValueError as error:
        raise ResponseShapeError(f"not JSON: {error}") from None
    index = _skip(text, 0)
    for key in path:
        found = _member(text, index, key)
        if found is None:
            raise ResponseShapeError(f"no {'.'.join(path)!r} in the response")
        index = found
    if text[index:index + 1] != "[":
        raise ResponseShapeError(f"{'.'.join(path)!r} is not an array")
    elements = []
    index = _skip(text, index + 1)
    while text[index:index + 1] != "]":
        end = _value_end(text, index)
        elements.append(one_line(text[index:end]))
        index = _skip(text, end)
        if text[index:index + 1] == ",":
            index = _skip(text, index + 1)
        elif text[index:index + 1] != "]":
            raise ResponseShapeError(f"not JSON: {'.'.join(path)!r} is not a well-formed array")
    return elements


def extraction_stamp(moment: dt.datetime) -> str:
    """A landing file's name part: its extraction time in UTC, as the project's readers parse it."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H-%M-%SZ")


class LandingFile:
    """One extract of one entity: lines go to a temporary file, moved into the entity's folder whole."""

    def __init__(self, landing: Path, source: str, entity: str, extracted_at: dt.datetime) -> None:
        self.folder = landing / source / entity
        self.extracted_at = extracted_at
        self.stamp = extraction_stamp(extracted_at)
        partial = landing / PARTIAL_FOLDER
        partial.mkdir(parents=True, exist_ok=True)
        self.temporary = partial / f"{source}__{entity}__{self.stamp}.jsonl.partial"
        self.handle: IO[str] = self.temporary.open("w", encoding="utf-8", newline="\n")
        self.lines = 0

    def write(self, line: str) -> None:
        self.handle.write(line)
        self.handle.write("\n")
        self.lines += 1

    def commit(self) -> Path | None:
        """Land the file (None, and nothing landed, when it has no line)."""
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        if self.lines == 0:
            self.temporary.unlink()
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        # A name taken by an extract of the same second: the next second (a suffix would sort before it).
        moment = self.extracted_at
        target = self.folder / f"{extraction_stamp(moment)}.jsonl"
        while target.exists():
            moment += dt.timedelta(seconds=1)
            target = self.folder / f"{extraction_stamp(moment)}.jsonl"
        os.replace(self.temporary, target)
        directory = os.open(self.folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
        return target

    def discard(self) -> None:
        if not self.handle.closed:
            self.handle.close()
        self.temporary.unlink(missing_ok=True)


@contextmanager
def exclusive_run(landing: Path) -> Iterator[None]:
    """Hold the landing folder's extract lock for a run (two runs at once would interleave their state), and
    remove what a killed run left half-written."""
    partial = landing / PARTIAL_FOLDER
    partial.mkdir(parents=True, exist_ok=True)
    with (partial / "lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SystemExit(f"Another extract is running on {landing} (it holds {partial / 'lock'}).") from None
        for stale in partial.glob("*.partial"):
            stale.unlink()
        yield
