"""`python -m briefgen` runs the command-line tool, so a checkout can be used without installing it."""

from briefgen.cli import main

if __name__ == "__main__":
    main()
