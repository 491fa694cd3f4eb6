"""`python main.py` starts the GUI (same as `antasena gui`)."""
import sys

from antasena_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main(["gui", *sys.argv[1:]]))
