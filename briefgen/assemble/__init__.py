"""Cross-document assembly (see brief.assemble): actors, quotes, stories, figures and
tolls, questions and summary, one module each."""

from .brief import assemble

__all__ = ["assemble", "fingerprint"]


def fingerprint() -> str:
    """The version of the assembly: the extraction rules' fingerprint and a hash of the
    assembly and model sources, so a stored assembled brief never outlives the code."""
    import hashlib
    from pathlib import Path

    from ..extract import fingerprint as extraction_fingerprint

    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted([*package.glob("assemble/*.py"), package / "model.py"]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{extraction_fingerprint()}+{digest.hexdigest()[:12]}"
