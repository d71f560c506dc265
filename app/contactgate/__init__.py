"""ContactGate: only business contacts with a valid consent reach WhatsApp Business."""

# The same as pyproject.toml's [project] version (a test holds them equal): written
# here rather than read from the installed metadata, which costs every process
# (the command line and each helper process it spawns) ~30 ms of start-up.
__version__ = "0.1.0"
