import sys

# Guarded: a spawned worker process (contactgate.tail, contactgate.saver, batch) imports
# this module as "__mp_main__" and must neither run the command line a second time nor
# spend its start-up importing it.
if __name__ == "__main__":
    from contactgate.cli import main

    sys.exit(main())
