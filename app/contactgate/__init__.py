"""ContactGate: only business contacts with a valid consent reach WhatsApp Business."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("contactgate")
except PackageNotFoundError:  # running from a source tree or a frozen app without metadata
    __version__ = "0+unknown"
