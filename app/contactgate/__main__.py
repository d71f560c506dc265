import sys

from contactgate.cli import main

sys.exit(main())
