"""Cross-document assembly (see brief.assemble): actors, quotes, stories, figures and
tolls, questions and summary, one module each."""

from .brief import assemble

__all__ = ["assemble"]
