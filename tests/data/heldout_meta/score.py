"""Share of this held-out set's documents whose title, date and outlet are all read right.

    python tests/data/heldout_meta/score.py        (prints each miss and the share)
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def outlet_of(document) -> str | None:
    return getattr(document, "outlet", None) or document.source


def score() -> tuple[float, list[str]]:
    from briefgen.ingest import load_documents

    sys.path.insert(0, str(HERE))
    import make_binary

    expected = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))["documents"]
    misses: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in expected:
            if (HERE / name).exists():
                shutil.copy(HERE / name, folder / name)
        make_binary.build(folder)
        documents = {d.id: d for d in load_documents([folder])}
    right = 0
    for name, want in expected.items():
        doc = documents.get(name)
        got = ({"title": doc.title, "date": doc.date, "outlet": outlet_of(doc)} if doc
               else {"title": None, "date": None, "outlet": None})
        wrong = [f"{k}: {got[k]!r} (want {want[k]!r})" for k in ("title", "date", "outlet")
                 if got[k] != want[k]]
        if wrong:
            misses.append(f"{name}: " + "; ".join(wrong))
        else:
            right += 1
    return right / len(expected), misses


if __name__ == "__main__":
    share, misses = score()
    print("\n".join(misses))
    print(f"all three right: {share:.0%}")
