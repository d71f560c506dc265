import sys

from contactgate.cli import main

# Guarded: a spawned worker process (contactgate.tail, batch) imports this module
# as "__mp_main__" and must not run the command line a second time.
if __name__ == "__main__":
    sys.exit(main())
