"""Per-document extraction: one ParsedDocument in, one DocExtraction out.

Each extractor looks at one document only; everything that needs several documents (merging
aliases, deduplicating quotes, conflicting figures, ranking) happens in the assemble package.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..model import DocExtraction

if TYPE_CHECKING:  # pragma: no cover
    from ..nlp import ParsedDocument


def extract_document(pdoc: "ParsedDocument") -> DocExtraction:
    from .actors import extract_mentions
    from .figures import extract_figures
    from .keywords import keywords
    from .questions import extract_questions
    from .quotes import extract_quotes
    from .situation import extract_situation
    from .summary import summary_candidates
    from .timeline import extract_events

    located = extract_mentions(pdoc)
    quotes = extract_quotes(pdoc, located)
    speakers = {q.speaker for q in quotes if q.speaker}
    mentions = [m.mention for m in located]
    for mention in mentions:
        mention.speaker = mention.text in speakers
    figures, trends = extract_figures(pdoc)
    return DocExtraction(
        document=pdoc.document.id,
        mentions=mentions,
        quotes=quotes,
        figures=figures,
        trends=trends,
        questions=extract_questions(pdoc, located),
        summary=summary_candidates(pdoc, located),
        events=extract_events(pdoc),
        keywords=keywords(pdoc),
        situation=extract_situation(pdoc),
    )


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """The version of the extraction rules: briefgen's version and a hash of the rule sources.

    Cached extractions are keyed on it, so a store never serves results of older rules, even
    between two commits that share a version number.
    """
    import hashlib

    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted([*package.glob("extract/*.py"), package / "gazetteer.py", package / "nlp.py",
                        *package.glob("data/*.t*")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"
