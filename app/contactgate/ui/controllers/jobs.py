"""Runs one long job at a time in the worker, with progress and cancel in the status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot

from contactgate.ui.context import UiContext
from contactgate.ui.errors import describe
from contactgate.ui.main_window import MainWindow
from contactgate.ui.texts import fill, stage_label
from contactgate.ui.workers import Job, Worker

Done = Callable[[object], None]


class JobRunner(QObject):
    busy_changed = Signal(bool)

    def __init__(self, ctx: UiContext, window: MainWindow) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self._worker: Worker | None = None
        self._title = ""
        self._failed_title = ""
        self._done: Done | None = None
        self._after: Callable[[], None] | None = None
        window.cancel_action.triggered.connect(self.cancel)

    @property
    def busy(self) -> bool:
        return self._worker is not None

    def run(self, title: str, job: Job, done: Done, failed_title: str,
            after: Callable[[], None] | None = None) -> bool:
        """Start ``job``; ``done(result)`` on success, ``after()`` however it ends."""
        if self._worker is not None:
            self.window.show_status(self.tr("Please wait: %1 is still running.").replace(
                "%1", self._title))
            return False
        worker = Worker(job)
        worker.signals.progress.connect(self._on_progress)
        worker.signals.finished.connect(self._on_finished)
        worker.signals.failed.connect(self._on_failed)
        worker.signals.cancelled.connect(self._on_cancelled)
        self._worker, self._title, self._failed_title = worker, title, failed_title
        self._done, self._after = done, after
        self.window.set_busy(True)
        self.window.show_status(title)
        self.busy_changed.emit(True)
        self.ctx.pool.start(worker)
        return True

    @Slot()
    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self.window.show_status(self.tr("Cancelling…"))

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, stage: str) -> None:
        text = f"{self._title} – {stage_label(stage)}"
        if total > 0:
            text += fill(" (%1 / %2)", done, total)  # thousands as the language writes them
        elif done:
            text += fill(" (%1)", done)
        self.window.show_progress(done, total, text)

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        done, after = self._end()
        if done is not None:
            done(result)
        if after is not None:
            after()

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        title = self._failed_title
        _done, after = self._end()
        self.window.show_status(title)
        message = describe(exc) if isinstance(exc, BaseException) else str(exc)
        self.ctx.prompts.error(self.window, title, message)
        if after is not None:
            after()

    @Slot()
    def _on_cancelled(self) -> None:
        title = self._title
        _done, after = self._end()
        self.window.show_status(self.tr("Cancelled: %1").replace("%1", title))
        if after is not None:
            after()

    def _end(self) -> tuple[Done | None, Callable[[], None] | None]:
        """Forget the finished job (so a callback may start the next one)."""
        ending = (self._done, self._after)
        self._worker, self._done, self._after = None, None, None
        self.window.set_busy(False)
        self.busy_changed.emit(False)
        return ending
