"""`python main.py` starts the GUI (same as `antasena gui`); with arguments it is the `antasena` CLI."""
import sys

from ui.commands import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
