"""``contactgate batch INPUT_DIR --out-dir DIR``: every phone export in a folder, one policy."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from contactgate.cli import CommandError, Context
from contactgate.commands.common import add_run_options, run_settings

if TYPE_CHECKING:  # imported when the command runs: every other command starts faster
    from contactgate.batch import BatchProgress, BatchResult, FileResult

NOTES_PER_FILE = 20  # reader problems shown per input; the rest are counted


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "batch",
        help="split every .vcf/.csv below a folder, one output folder per phone",
        description="Run split for every .vcf and .csv file below INPUT_DIR with one policy "
        "and one consent register, in parallel; each phone's files go to "
        "DIR/<relative path without suffix>/. Inputs unchanged since their last export "
        "(content, policy and consent state) are skipped unless --force.",
    )
    parser.add_argument("input_dir", type=Path, metavar="INPUT_DIR")
    parser.add_argument("--out-dir", type=Path, required=True, metavar="DIR")
    add_run_options(parser)
    parser.add_argument("--jobs", type=_positive_int, metavar="N",
                        help="worker processes (default: the number of CPUs)")
    parser.add_argument("--dry-run", action="store_true",
                        help="print what each file would export; write nothing")
    parser.add_argument("--force", action="store_true",
                        help="process inputs again even when nothing changed")
    parser.add_argument("--no-private", dest="write_private", action="store_false",
                        help="do not write private.vcf (no employee's private contacts kept)")
    parser.set_defaults(func=run)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run(args: argparse.Namespace, ctx: Context) -> int:
    from contactgate.batch import (
        BatchError,
        BatchOptions,
        drive_batch,
        prepare_batch,
        run_batch,
        write_batch_files,
    )

    settings = run_settings(args, ctx)
    options = BatchOptions(
        input_dir=args.input_dir,
        out_dir=args.out_dir,
        db_path=ctx.db_path,
        consents_csv=args.consents,
        policy_path=args.policy,
        jobs=args.jobs,
        dry_run=args.dry_run,
        force=args.force,
        write_private=args.write_private,
    )
    view = _View(ctx)
    try:
        plan = prepare_batch(options, settings, ctx.say)
        result = drive_batch(run_batch(plan), view.show)
    except BatchError as exc:
        raise CommandError(str(exc)) from None
    finally:
        view.close()
    written = [] if result.dry_run else write_batch_files(result, options.out_dir)
    _report(result, written, ctx)
    return result.exit_code


class _View:
    """Per-file lines on stderr, and a progress bar with ETA when stderr is a terminal."""

    WIDTH = 30
    INTERVAL = 0.1

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.terminal = _is_terminal(ctx.stderr)
        self.last_draw = 0.0
        self.drawn = False

    def show(self, progress: BatchProgress) -> None:
        if progress.finished is not None:
            self._clear()
            for line in _file_lines(progress.finished):
                self.ctx.say(line)
        if self.terminal:
            self._draw(progress)

    def _draw(self, progress: BatchProgress) -> None:
        now = time.monotonic()
        if now - self.last_draw < self.INTERVAL and progress.finished is None:
            return
        self.last_draw = now
        share = progress.done / progress.total if progress.total else 1.0
        filled = int(share * self.WIDTH)
        eta = progress.eta_seconds
        eta_text = f"ETA {_clock(eta)}" if eta is not None else "ETA --:--"
        text = f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] " \
               f"{progress.done}/{progress.total} files  {eta_text}"
        self.ctx.stderr.write("\r" + text.ljust(70))
        self.ctx.stderr.flush()
        self.drawn = True

    def _clear(self) -> None:
        if self.drawn:
            self.ctx.stderr.write("\r" + " " * 70 + "\r")
            self.ctx.stderr.flush()
            self.drawn = False

    def close(self) -> None:
        self._clear()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def _file_lines(result: FileResult) -> list[str]:
    notes = result.notes[:NOTES_PER_FILE]
    if len(result.notes) > NOTES_PER_FILE:
        notes.append(f"{result.input}: … and {len(result.notes) - NOTES_PER_FILE} more problems")
    return [*notes, _file_line(result), *_numbers_line(result)]


def _file_line(result: FileResult) -> str:
    s = result.summary
    if result.status in ("failed", "refused", "interrupted"):
        return f"{result.input}: {result.status}: {result.error}"
    if result.status == "skipped":
        return f"{result.input}: unchanged since its last export, skipped"
    counts = (f"{s.get('input_cards')} cards: business {s.get('business')}, "
              f"private {s.get('private')}, unsure {s.get('unsure')}, "
              f"quarantined {s.get('quarantined')}")
    what = (f"{_count(s.get('exported_contacts'), 'contact')} with "
            f"{_count(s.get('exported_numbers'), 'number')}")
    if result.status == "dry-run":
        skip = "; unchanged, a real run would skip it" if result.unchanged else ""
        return f"{result.input}: would export {what} ({counts}){skip}"
    return f"{result.input}: exported {what} ({counts}) → {result.out_rel}/"


def _count(value: object, noun: str) -> str:
    return f"{value} {noun}" if value == 1 else f"{value} {noun}s"


def _numbers_line(result: FileResult) -> list[str]:
    if result.status != "dry-run" or not result.would_export:
        return []
    return ["    " + ", ".join(result.would_export)]


def _report(result: BatchResult, written: list[Path], ctx: Context) -> None:
    counts = result.status_counts()
    totals = result.totals()
    if ctx.json:
        ctx.print_json(_json_object(result, written))
    for problem in result.problems:
        ctx.say(f"contactgate: {problem}")
    parts = [f"{len(result.files)} inputs"]
    labels = {"done": "exported", "skipped": "unchanged (skipped)", "dry-run": "previewed",
              "failed": "failed", "refused": "refused", "interrupted": "not finished"}
    parts += [f"{counts[k]} {text}" for k, text in labels.items() if counts.get(k)]
    if counts.get("with_quarantine"):
        parts.append(f"{counts['with_quarantine']} with quarantined cards")
    ctx.say(", ".join(parts))
    verb = "would export" if result.dry_run else "exported"
    ctx.say(f"{_count(totals.get('input_cards', 0), 'card')}; {verb} "
            f"{_count(totals.get('exported_contacts', 0), 'contact')} with "
            f"{_count(totals.get('exported_numbers', 0), 'number')} in {result.seconds:.1f} s")
    if result.consent_rows_rejected:
        ctx.say(f"{result.consent_rows_rejected} consent rows rejected (see above)")
    if written:
        ctx.say(f"summary: {written[0]}  report: {written[2]}")
    if result.dry_run:
        ctx.say("dry run: nothing was written")
    if result.interrupted:
        ctx.say("contactgate: interrupted; run the same command again to continue")


def _json_object(result: BatchResult, written: list[Path]) -> dict[str, object]:
    from contactgate.batch import summary_row

    files = []
    for item in result.files:
        row = summary_row(item, result.summary_keys)
        row["status"] = item.status
        row["out_dir"] = item.out_rel
        if result.dry_run:
            row["would_export"] = item.would_export
            row["unchanged"] = item.unchanged
        files.append(row)
    return {
        "input_dir": result.input_dir,
        "out_dir": result.out_dir,
        "dry_run": result.dry_run,
        "interrupted": result.interrupted,
        "exit_code": result.exit_code,
        "inputs": len(result.files),
        "status": result.status_counts(),
        "totals": result.totals(),
        "consent_rows_rejected": result.consent_rows_rejected,
        "problems": result.problems,
        "summary_files": [str(p) for p in written],
        "files": files,
    }
