"""The generic worker: progress, result, failure, cancel; synchronous and in a real thread."""

from __future__ import annotations

import threading
from collections.abc import Generator

from PySide6.QtCore import QObject, QThreadPool, Signal
from pytestqt.qtbot import QtBot

from contactgate.core.model import Progress
from contactgate.ui.workers import ImmediatePool, Worker


class Recorder:
    def __init__(self, worker: Worker) -> None:
        self.progress: list[tuple[int, int, str]] = []
        self.finished: list[object] = []
        self.failed: list[object] = []
        self.cancelled = 0
        worker.signals.progress.connect(lambda d, t, s: self.progress.append((d, t, s)))
        worker.signals.finished.connect(self.finished.append)
        worker.signals.failed.connect(self.failed.append)
        worker.signals.cancelled.connect(self._cancelled)

    def _cancelled(self) -> None:
        self.cancelled += 1


def counting(steps: int, closed: list[str] | None = None) -> Generator[Progress, None, str]:
    try:
        for done in range(steps):
            yield Progress(done, steps, "read")
    finally:
        if closed is not None:
            closed.append("closed")
    return f"{steps} steps"


def test_worker_reports_progress_then_the_result() -> None:
    worker = Worker(lambda: counting(3))
    seen = Recorder(worker)
    ImmediatePool().start(worker)
    assert seen.progress == [(0, 3, "read"), (1, 3, "read"), (2, 3, "read")]
    assert seen.finished == ["3 steps"]
    assert not seen.failed and not seen.cancelled


def test_worker_hands_the_exception_to_the_gui_instead_of_crashing() -> None:
    def broken() -> Generator[Progress, None, object]:
        yield Progress(0, 1, "read")
        raise ValueError("book.vcf: not an address book")

    worker = Worker(broken)
    seen = Recorder(worker)
    ImmediatePool().start(worker)
    assert [str(e) for e in seen.failed] == ["book.vcf: not an address book"]
    assert seen.finished == []


def test_cancel_stops_between_steps_and_runs_the_jobs_cleanup() -> None:
    closed: list[str] = []
    worker = Worker(lambda: counting(1000, closed))
    seen = Recorder(worker)
    worker.signals.progress.connect(lambda done, _t, _s: worker.cancel() if done == 4 else None)
    ImmediatePool().start(worker)
    assert len(seen.progress) == 5
    assert seen.cancelled == 1 and seen.finished == []
    assert closed == ["closed"]


def test_real_thread_pool_runs_the_job_off_the_gui_thread(qtbot: QtBot) -> None:
    threads: list[int] = []

    def job() -> Generator[Progress, None, int]:
        threads.append(threading.get_ident())
        yield Progress(1, 1, "read")
        return 42

    worker = Worker(job)
    seen = Recorder(worker)
    pool = QThreadPool()
    with qtbot.waitSignal(worker.signals.finished, timeout=10_000):
        pool.start(worker)
    pool.waitForDone(10_000)
    assert seen.finished == [42]
    assert threads and threads[0] != threading.get_ident()


class Emitter(QObject):
    ping = Signal(int)


def test_tens_of_thousands_of_signals_do_not_crash_the_binding() -> None:
    """PySide6 6.12.0 on CPython 3.11 aborted after a few thousand None-returning calls."""
    emitter = Emitter()
    received: list[int] = []
    emitter.ping.connect(received.append)
    for number in range(40_000):
        emitter.ping.emit(number)
    worker = Worker(lambda: counting(20_000))
    seen = Recorder(worker)
    ImmediatePool().start(worker)
    assert len(received) == 40_000 and received[-1] == 39_999
    assert len(seen.progress) == 20_000 and seen.finished == ["20000 steps"]
