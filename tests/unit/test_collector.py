"""Bulk work pauses the cyclic garbage collector and hands it back as it found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from contactgate.pipeline import collector_paused


@pytest.fixture
def collector_on() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    gc.unfreeze()  # what a test froze goes back to the collector
    if not was_enabled:
        gc.disable()


@pytest.mark.parametrize("after", ["collect", "freeze", "resume"])
def test_paused_inside_and_running_again_after(collector_on: None, after: str) -> None:
    with collector_paused(after=after):  # type: ignore[arg-type]
        assert not gc.isenabled()
    assert gc.isenabled()


def test_freeze_sets_what_is_alive_aside(collector_on: None) -> None:
    """A book kept after a split is never walked again by the collector."""
    before = gc.get_freeze_count()
    with collector_paused(after="freeze"):
        book = [{"card": i} for i in range(1000)]
    assert gc.get_freeze_count() >= before + len(book)


def test_a_disabled_collector_stays_disabled(collector_on: None) -> None:
    gc.disable()
    frozen = gc.get_freeze_count()
    with collector_paused(after="freeze"):
        kept = [{"card": i} for i in range(100)]
    assert not gc.isenabled()
    assert gc.get_freeze_count() == frozen  # the caller who disabled it decides
    assert len(kept) == 100
