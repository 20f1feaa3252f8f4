"""briefgen: turn news articles into a cited policy brief.

The library surface is `briefgen.api`; the command line (`briefgen.cli`) is a thin layer on it.
"""

__version__ = "0.1.0"
