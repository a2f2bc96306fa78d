"""``tiermem export`` and ``tiermem import``: a scope out as JSON lines, and back in;
conversations in from the formats people have.

A file is read and checked whole before the store is touched, so a bad line is a
one-line error and nothing is written. Imports are idempotent (see
``transfer.restore`` and ``transfer.ingest``): running one twice adds nothing, and an
interrupted one is finished by running it again.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tiermem import validation
from tiermem.commands import render
from tiermem.commands.verbs import scope_of
from tiermem.config import TiermemConfig
from tiermem.errors import InvalidInputError
from tiermem.memory import Memory
from tiermem.transfer import export as exporting
from tiermem.transfer import ingest, lock, restore, sources
from tiermem.transfer.format import RECORD, ExportedMemory, ExportedTenant, ExportHeader

M = TypeVar("M", bound=BaseModel)


class ImportSummary(BaseModel):
    """The closing line of an import (and its ``--json`` form)."""

    file: str
    format: str
    read: int = 0
    added: int = 0
    skipped: int = 0  # already present: imported before, or an id the store knows
    ignored: int = 0  # system messages, never stored
    errors: int = 0  # invalid messages skipped (--skip-invalid)

    def line(self) -> str:
        return (
            f"imported {self.file} ({self.format}): read {self.read}, added {self.added}, "
            f"skipped {self.skipped} already present, ignored {self.ignored}, "
            f"errors {self.errors}"
        )


def export(args: argparse.Namespace) -> int:
    scope = validation.scope(**scope_of(args))
    with Memory(TiermemConfig.load()) as memory:
        header, state, records = memory.recovery.read(
            lambda: exporting.collect(memory.stores, scope)
        )
    lines = exporting.lines(header, state, records)
    if args.output is None:
        try:
            sys.stdout.writelines(lines)
            sys.stdout.flush()
        except BrokenPipeError:  # `tiermem export | head`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
    else:
        _write_atomically(Path(args.output), lines)
    counts = ", ".join(f"{state} {n}" for state, n in sorted(header.counts.items()))
    print(f"exported {len(records)} ids of {header.tenant} ({counts or 'none'})", file=sys.stderr)
    return 0


def _write_atomically(path: Path, lines: Iterable[str]) -> None:
    """A temp file beside ``path``, renamed over it when complete: an export cut short
    never leaves a truncated file that an import would take for a whole one."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise InvalidInputError(f"cannot write {path}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.writelines(lines)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def import_file(args: argparse.Namespace) -> int:
    if args.batch_size < 1:
        raise InvalidInputError("--batch-size must be at least 1")
    text = _read_text(args.file)
    fmt: sources.Format = sources.detect(text) if args.format == "auto" else args.format
    summary = ImportSummary(file=args.file, format=fmt)
    config = TiermemConfig.load()
    ids = scope_of(args)
    if fmt == "tiermem":
        header, state, records = parse_export(text)
        _check_scope(header, ids)
        with Memory(config) as memory, lock.importing(memory.client, [header.tenant]) as renew:
            todo = memory.recovery.read(
                lambda: restore.to_write(
                    memory.stores,
                    records,
                    restore_deleted=args.restore_deleted,
                    now=memory.clock(),
                )
            )
            summary.read, summary.skipped = len(records), len(records) - len(todo)
            with _progress(args, len(todo)) as step:
                restore.restore(
                    memory.stores,
                    memory.recovery,
                    todo,
                    batch_size=args.batch_size,
                    progress=_counting(summary, step, renew),
                )
            if state is not None:
                written = {r.id for r in todo}
                memory.recovery.write(
                    lambda replay: restore.restore_tenant(memory.stores, state, written)
                )
    else:
        if args.restore_deleted:
            raise InvalidInputError(
                "--restore-deleted applies to tiermem exports; a deleted conversation "
                "memory stays deleted"
            )
        reading = sources.read(text, fmt, ids, config, skip_invalid=args.skip_invalid)
        summary.ignored, summary.errors = reading.ignored, len(reading.errors)
        summary.read = len(reading.messages) + reading.ignored + summary.errors
        for problem in reading.errors[:5]:
            print(f"tiermem: skipped invalid message: {problem}", file=sys.stderr)
        keyed = ingest.keyed(reading.messages)
        tenants = [m.message.scope.tenant for m in keyed]
        with Memory(config) as memory, lock.importing(memory.client, tenants) as renew:
            todo_messages = memory.recovery.read(lambda: ingest.new_only(memory, keyed))
            summary.skipped = len(keyed) - len(todo_messages)
            with _progress(args, len(todo_messages)) as step:
                ingest.store(
                    memory,
                    todo_messages,
                    batch_size=args.batch_size,
                    progress=_counting(summary, step, renew),
                )
    if args.json:
        render.print_json(summary.model_dump())
    else:
        render.line(summary.line())
    return 0


def _counting(
    summary: ImportSummary, step: Callable[[int], None], renew: Callable[[], None]
) -> Callable[[int], None]:
    def done(n: int) -> None:
        summary.added += n
        step(n)
        renew()  # the import lock lives while batches keep landing

    return done


def _read_text(name: str) -> str:
    try:
        if name == "-":
            return sys.stdin.read()
        return Path(name).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{name} is not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise InvalidInputError(f"cannot read {name}: {exc.strerror or exc}") from exc


def parse_export(text: str) -> tuple[ExportHeader, ExportedTenant | None, list[ExportedMemory]]:
    """The header, tenant line (if the export has one) and records of a tiermem export,
    every line checked; the first bad line is a one-line error naming its number."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not lines:
        raise InvalidInputError("the export is empty")
    header = _parse_line(ExportHeader, *lines[0])
    parsed = [(n, _parse_record(n, line)) for n, line in lines[1:]]
    states = [(n, r) for n, r in parsed if isinstance(r, ExportedTenant)]
    numbered = [(n, r) for n, r in parsed if isinstance(r, ExportedMemory)]
    records = [r for _, r in numbered]
    if len(states) != int(header.tenant_state):
        raise InvalidInputError(
            f"the export is incomplete or edited: its header says {int(header.tenant_state)} "
            f"tenant line(s), it holds {len(states)}"
        )
    state = states[0][1] if states else None
    if state is not None and state.tenant != header.tenant:
        where = states[0][0]
        raise InvalidInputError(f"line {where}: state of {state.tenant}, not {header.tenant}")
    counts: dict[str, int] = {}
    for record in records:
        counts[record.state] = counts.get(record.state, 0) + 1
    if counts != header.counts:  # e.g. `tiermem export > file` was cut short
        raise InvalidInputError(
            f"the export is incomplete or edited: its header counts {header.counts}, "
            f"its lines hold {counts}"
        )
    seen: set[str] = set()
    for n, record in numbered:
        if record.tenant != header.tenant:
            raise InvalidInputError(f"line {n}: memory of {record.tenant}, not {header.tenant}")
        if record.id in seen:
            raise InvalidInputError(f"line {n}: memory {record.id} appears twice")
        seen.add(record.id)
    return header, state, records


def _parse_record(number: int, line: str) -> ExportedMemory | ExportedTenant:
    try:
        record: ExportedMemory | ExportedTenant = RECORD.validate_json(line)
    except ValidationError as exc:  # its first loc is the line's kind, not a field
        raise _refused(number, exc, skip=1, unnamed="record") from None
    return record


def _parse_line(model: type[M], number: int, line: str) -> M:
    try:
        return model.model_validate_json(line)
    except ValidationError as exc:
        raise _refused(number, exc, skip=0, unnamed=model.__name__) from None


def _refused(number: int, exc: ValidationError, *, skip: int, unnamed: str) -> InvalidInputError:
    """The first problem of a line, as one line: where in it, and what."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ())[skip:]) or unnamed
    message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    return InvalidInputError(f"line {number}: {where}: {message}")


def _check_scope(header: ExportHeader, ids: dict[str, str | None]) -> None:
    """An export goes back to the scope it came from: its ids are global, so the same
    memories cannot live under a second owner in one store."""
    for name, value in ids.items():
        if value is not None and getattr(header.scope, name) != value:
            raise InvalidInputError(
                f"this export holds {header.tenant}; its memories keep their owner "
                f"(drop --{name.replace('_', '-')})"
            )


@contextmanager
def _progress(args: argparse.Namespace, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on standard error while there is something to write and someone
    to see it (a terminal); silent otherwise, so pipes and logs get the summary only."""
    err = Console(file=sys.stderr)
    if args.no_progress or total == 0 or not err.is_terminal:
        yield lambda n: None
        return
    columns = (TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("import", total=total)
        yield lambda n: bar.advance(task, n)
