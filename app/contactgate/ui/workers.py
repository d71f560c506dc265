"""One generic worker: runs a core generator of :class:`Progress` off the GUI thread.

The job is a factory called inside the worker thread, so whatever it opens (a
database connection: sqlite3 objects belong to their thread) lives and dies
there. The cancel flag is checked between generator steps; cancelling closes
the generator, so its ``finally`` blocks run. The thread pool is injected:
tests pass :class:`ImmediatePool` and every signal arrives synchronously.
Nothing here touches ``QApplication``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator
from typing import Protocol

from PySide6.QtCore import QObject, QRunnable, Signal

from contactgate.core.model import Progress

Job = Callable[[], Generator[Progress, None, object]]


class Pool(Protocol):
    """What a worker needs from a thread pool: ``QThreadPool`` has it."""

    def start(self, runnable: QRunnable, /, priority: int = ...) -> None: ...


class ImmediatePool:
    """Runs a runnable at once in the calling thread (tests, scripts)."""

    def start(self, runnable: QRunnable, /, priority: int = 0) -> None:
        runnable.run()


class WorkerSignals(QObject):
    progress = Signal(int, int, str)  # done, total, stage
    finished = Signal(object)  # the generator's return value
    failed = Signal(object)  # the exception
    cancelled = Signal()


class Worker(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it: the controller keeps it until it ends
        self.signals = WorkerSignals()
        self._job = job
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            completed, outcome = self._drive()
        except Exception as exc:  # every failure goes to the GUI as a dialog, never a crash
            self.signals.failed.emit(exc)
            return
        if completed:
            self.signals.finished.emit(outcome)
        else:
            self.signals.cancelled.emit()

    def _drive(self) -> tuple[bool, object]:
        work = self._job()
        try:
            while not self._cancel.is_set():
                try:
                    progress = next(work)
                except StopIteration as stop:
                    return True, stop.value
                self.signals.progress.emit(progress.done, progress.total, progress.stage)
            return False, None
        finally:
            work.close()  # on cancel the job's finally blocks run: the store closes
