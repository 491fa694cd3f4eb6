"""`python main.py` starts the GUI (same as `antasena gui`); with arguments it is the `antasena` CLI."""
import multiprocessing
import sys

from ui.commands import main

if __name__ == "__main__":
    multiprocessing.freeze_support()     # the bundled app starts the solver process from itself
    sys.exit(main(sys.argv[1:]))
