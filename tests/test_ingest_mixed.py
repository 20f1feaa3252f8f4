"""A text file pasted together from UTF-8 and cp1252 parts is read, each line as it fits."""

from briefgen.ingest.common import decode_text


def test_mixed_utf8_and_cp1252_lines_are_both_read():
    data = ("Le ministre a déclaré : « Nous restons ».\n".encode("utf-8")
            + "Ein Bürger sagte: „Genug“.\n".encode("cp1252"))
    text = decode_text(data)
    assert "déclaré" in text and "Bürger" in text and "„Genug“" in text


def test_random_noise_is_still_refused():
    import random

    import pytest

    from briefgen.errors import InputError

    noise = bytes(random.Random(3).randrange(1, 32) for _ in range(4000))
    with pytest.raises(InputError):
        decode_text(noise)
