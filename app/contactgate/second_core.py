"""Starting and stopping the spawned helper processes of a big split (tail, saver).

Processes are spawned, never forked: forking a process that may hold Qt
threads or a database connection is unsafe. Kept apart from the helpers
themselves, so that each spawned process imports only what its own work needs.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess


def second_core_free() -> bool:
    """Whether a second process may help: not on one core, nor in a batch worker.

    (Nor in any other child process: its siblings use the other cores.)
    """
    return (os.cpu_count() or 1) >= 2 and multiprocessing.parent_process() is None


def start_helper(target: Callable[..., None], args: tuple[object, ...],
                 name: str) -> tuple[BaseProcess, Connection] | None:
    """A spawned daemon process running ``target(connection, *args)`` and this end of
    the pipe to it; None when no process is to be had (limits, unpicklable arguments)."""
    context = multiprocessing.get_context("spawn")
    here, there = context.Pipe(duplex=True)
    process = context.Process(target=target, args=(there, *args), name=name, daemon=True)
    try:
        process.start()
    except Exception:
        here.close()
        return None
    finally:
        there.close()  # the child has its own copy
    return process, here


def stop_helper(process: BaseProcess, connection: Connection) -> None:
    """Close the pipe and stop the process if it still runs (cancelled, failed, not needed)."""
    connection.close()
    if process.is_alive():
        process.terminate()
    process.join()
