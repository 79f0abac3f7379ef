"""`python -m generator` runs the zhibu command line."""
import sys

from .cli import main

sys.exit(main())
