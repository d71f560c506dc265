"""The command line: ``main(argv) -> int``; tests call it directly.

Each command lives in ``contactgate.commands.<name>`` and offers
``register(subparsers)``, which adds its parser and sets ``run(args, ctx) -> int``
as the parser's ``func`` default. Global options come before the command.
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import os
import pkgutil
import re
import sqlite3
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, NoReturn, TextIO

from contactgate import __version__
from contactgate.core.model import InputError

if TYPE_CHECKING:
    from contactgate.store.db import Store

EXIT_OK = 0
EXIT_QUARANTINED = 1
EXIT_BAD = 2


class CommandError(Exception):
    """A failure a user can act on: printed as one line, exit code 2."""


@dataclass
class Context:
    """What every command needs, passed in instead of reached for (git-cola's habit)."""

    db_path: Path
    region: str | None
    lang: str
    json: bool
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)

    def say(self, message: str) -> None:
        """A message for the human: always stderr, so stdout stays clean for --json."""
        print(printable(message), file=self.stderr)

    def fail(self, message: str) -> int:
        print(f"contactgate: error: {printable(message)}", file=self.stderr)
        if self.json:  # stdout holds exactly one JSON object, a failure included
            self.print_json({"error": message, "exit_code": EXIT_BAD})
        return EXIT_BAD

    def print_json(self, value: object, sort_keys: bool = False) -> None:
        """The one JSON object of ``--json`` on stdout."""
        print(json_text(value, sort_keys), file=self.stdout)

    def open_store(self) -> Store:
        from contactgate.store.db import open_db  # lazily: --help and --version stay fast

        return open_db(self.db_path)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(value: object, sort_keys: bool = False) -> str:
    """``value`` as JSON that any UTF-8 output takes: text stays readable, and the bytes of
    a file name that are not UTF-8 (surrogate escapes) are written as ``\\udcXX`` escapes,
    never raw (a script's JSON parser would refuse them, a strict stdout would fail)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=sort_keys)
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """Control characters (from file names or cards) shown escaped, never sent to the terminal."""
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)


def default_db_path() -> Path:
    override = os.environ.get("CONTACTGATE_DB")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("contactgate", appauthor=False)) / "contactgate.db"


def default_lang() -> str:
    import locale

    lang = (locale.getlocale()[0] or os.environ.get("LANG", "")).lower()
    return "de" if lang.startswith("de") else "en"


class _Parser(argparse.ArgumentParser):
    """argparse that lets :func:`main` report a usage error (on stdout too, with --json)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise _UsageError(f"{self.prog}: {message}")


class _UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="contactgate",
        description="Only business contacts with a valid consent reach WhatsApp Business.",
    )
    parser.add_argument("--version", action="version", version=f"contactgate {__version__}")
    parser.add_argument("--db", type=Path, help="database file (default: user data dir)")
    parser.add_argument("--region", help="default country for numbers without +, e.g. DE")
    parser.add_argument("--lang", choices=("de", "en"), help="language of reports")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in _command_modules():
        module.register(subparsers)
    return parser


def _command_modules() -> list[ModuleType]:
    import contactgate.commands as package

    names = sorted(info.name for info in pkgutil.iter_modules(package.__path__))
    modules = [importlib.import_module(f"contactgate.commands.{name}") for name in names]
    return [m for m in modules if hasattr(m, "register")]


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    arguments = list(sys.argv[1:] if argv is None else argv)
    wants_json = _wants_json(arguments)
    printed = io.StringIO()  # what argparse itself prints: --help, --version
    try:
        args = _parse(build_parser(), arguments, err, printed)
    except _ParseExit as stop:
        _print_parser_output(printed.getvalue(), out, wants_json)
        return stop.code
    except _UsageError as usage:
        prog, _, message = str(usage).partition(": ")
        print(printable(f"{prog}: error: {message}"), file=err)  # as argparse says it
        if wants_json:  # stdout holds exactly one JSON object, a usage error included
            print(json_text({"error": str(usage), "exit_code": EXIT_BAD}), file=out)
        return EXIT_BAD
    region = args.region.upper() if args.region else None
    ctx = Context(
        db_path=args.db or default_db_path(),
        region=region,
        lang=args.lang or default_lang(),
        json=args.json,
        stdout=out,
        stderr=err,
    )
    return _run(args, ctx)


def _wants_json(arguments: list[str]) -> bool:
    """Whether the global options (those before COMMAND) ask for --json, read as argparse
    reads them (``--jso`` too), before the whole command line is known to be valid."""
    global_options = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    global_options.add_argument("--json", action="store_true")
    for name in ("--db", "--region", "--lang"):
        global_options.add_argument(name)
    global_options.add_argument("rest", nargs=argparse.REMAINDER)
    try:
        return bool(global_options.parse_known_args(arguments)[0].json)
    except (argparse.ArgumentError, SystemExit):  # e.g. --db without its value
        return "--json" in arguments


def _print_parser_output(text: str, out: TextIO, wants_json: bool) -> None:
    if not wants_json:
        out.write(text)
    elif text.strip() == f"contactgate {__version__}":
        print(json.dumps({"version": __version__}), file=out)
    else:
        print(json_text({"help": text}), file=out)


class _ParseExit(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str], err: TextIO,
           printed: TextIO) -> argparse.Namespace:
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = printed, err  # argparse prints to these
    try:
        return parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version (0)
        raise _ParseExit(exc.code if isinstance(exc.code, int) else EXIT_BAD) from None
    finally:
        sys.stdout, sys.stderr = saved


def _run(args: argparse.Namespace, ctx: Context) -> int:
    from contactgate.io.atomic import OutputError
    from contactgate.store.db import StoreError

    try:
        code: int = args.func(args, ctx)
        return code
    except (CommandError, InputError, StoreError, OutputError) as exc:
        return ctx.fail(str(exc))
    except sqlite3.DatabaseError as exc:  # busy past the timeout, disk full, damaged pages
        from contactgate.store.db import explain_db_error

        return ctx.fail(explain_db_error(ctx.db_path, exc))
    except Exception as exc:
        policy_error = _as_policy_error(exc)
        if policy_error is None:
            raise
        return ctx.fail(policy_error)
    except KeyboardInterrupt:
        ctx.say("contactgate: interrupted")
        return 130


def _as_policy_error(exc: Exception) -> str | None:
    from contactgate.core.policy import PolicyError

    return str(exc) if isinstance(exc, PolicyError) else None
