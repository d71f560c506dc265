"""What several commands share: run options, settings, and driving a pipeline generator."""

from __future__ import annotations

import argparse
import time
from collections.abc import Generator
from pathlib import Path
from typing import TextIO, TypeVar

from contactgate.cli import CommandError, Context
from contactgate.core.model import Progress
from contactgate.core.phones import valid_region
from contactgate.pipeline import RunSettings, resolve_region

T = TypeVar("T")

STAGE_NAMES = {
    "read": "reading",
    "normalise": "numbers",
    "merge": "merging",
    "classify": "classifying",
    "render": "rendering",
    "gate": "gating",
    "write": "writing",
    "report": "report",
}


def add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--consents", type=Path, metavar="CSV",
                        help="consent register rows to import before gating")
    add_policy_option(parser)


def add_policy_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--policy", type=Path, metavar="TOML",
                        help="company policy (default: the shipped policy)")


def run_settings(args: argparse.Namespace, ctx: Context) -> RunSettings:
    from contactgate.io.policy_file import load_policy

    policy = load_policy(getattr(args, "policy", None))
    region, source = resolve_region(ctx.region, policy)
    if not valid_region(region):
        raise CommandError(f"unknown region {region!r}: use a two-letter country code such as DE")
    return RunSettings(policy=policy, region=region, region_source=source, lang=ctx.lang)


def drive(work: Generator[Progress, None, T], ctx: Context) -> T:
    """Run a pipeline generator; draw a progress bar only when stderr is a terminal."""
    bar = _Bar(ctx.stderr) if _is_terminal(ctx.stderr) else None
    try:
        while True:
            progress = next(work)
            if bar is not None:
                bar.draw(progress)
    except StopIteration as stop:
        result: T = stop.value
        return result
    finally:
        if bar is not None:
            bar.clear()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Bar:
    WIDTH = 30
    INTERVAL = 0.1

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = 0.0
        self.started = time.monotonic()

    def draw(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self.last < self.INTERVAL:
            return
        self.last = now
        stage = STAGE_NAMES.get(progress.stage, progress.stage)
        if progress.total > 0:
            share = min(1.0, progress.done / progress.total)
            filled = int(share * self.WIDTH)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            text = f"{stage:<12} [{bar}] {progress.done}/{progress.total}"
        else:
            text = f"{stage:<12} {progress.done} cards"
        self.stream.write("\r" + text.ljust(70))
        self.stream.flush()

    def clear(self) -> None:
        self.stream.write("\r" + " " * 70 + "\r")
        self.stream.flush()


