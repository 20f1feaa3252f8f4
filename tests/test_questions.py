"""Open-question cues on sentences written for these tests."""

from __future__ import annotations

import pytest

from briefgen.extract.questions import classify


@pytest.mark.parametrize("sentence, kind", [
    ("The ministry denied that its troops had fired on the crowd.", "denied"),
    ("Officials dismissed the reports as fake news.", "disputed"),
    ("The group said they killed 40 soldiers in the ambush.", "claimed"),
    ("A spokesman declined to comment on the arrests.", "withheld"),
    ("The police did not give details of the suspects.", "withheld"),
    ("Dozens of civilians were reportedly killed in the strike.", "unconfirmed"),
    ("The army has never confirmed the presence of foreign advisers.", "unconfirmed"),
    ("Police could not confirm the death toll.", "unconfirmed"),
    ("Rights groups called for an independent investigation into the killings.", "investigation"),
    ("He hinted that the government might extend the curfew.", "unclear"),
    ("The drought threatens to leave millions without food.", "risk"),
    ("Three climbers remain missing after the avalanche.", "unaccounted"),
    ("It is still unclear whether the pilot radioed for help.", "unclear"),
    ("Some of the gunmen may have escaped by boat.", "unclear"),
    ("Neither account could be independently verified.", "unconfirmed"),
    ("Reports about the fate of the minister were conflicting.", "disputed"),
    ("I saw people lying in the street after the blast.", None),
    ("He said they were shooting at the guards.", None),
    ("A nurse, asking not to be named, said the ward was full.", None),
    ("Claims that our officers let the car through are false, a spokesman said.", "disputed"),
    ("Residents accused the police of arriving three hours after the attack began.", "accused"),
    ("The account contradicted earlier statements by the minister.", "disputed"),
    ("The attack has not been claimed by any group.", "claimed"),
    ("The president opened a new bridge over the river on Sunday.", None),
])
def test_classify(parse_paragraphs, sentence, kind):
    sent = next(parse_paragraphs([sentence]).paragraphs[0].sents)
    assert classify(sent) == kind
