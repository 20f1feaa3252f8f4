"""The same article twice: exact copies read once, near-copies marked and counted once."""

from __future__ import annotations

from briefgen.assemble.questions import rank_questions
from briefgen.ingest import load_documents
from briefgen.ingest.duplicates import REPORTS, deduplicate, reports_of
from briefgen.model import Document, OpenQuestion, Ref

STORY = ("Flooding on the river Vanta forced hundreds of families from their homes in Kerava on "
         "Tuesday, the regional council said. Council head Omar Lind said twelve people had been "
         "rescued from rooftops by boat crews working through the night. The weather office "
         "warned that more rain was expected on Wednesday and that the water could rise by "
         "another metre before the weekend. Schools in three districts were closed and the "
         "main bridge into the town was shut to traffic.")
OTHER = ("A court in Lahti sentenced two men to prison on Monday for smuggling cigarettes across "
         "the border in a lorry loaded with frozen fish, prosecutors said. The men had denied "
         "the charges throughout a trial that lasted three weeks.")


def doc(name: str, text: str) -> Document:
    return Document(id=name, path=name, paragraphs=[p for p in text.split("\n\n") if p])


def test_exact_copies_are_read_once_with_a_warning_naming_both(tmp_path):
    (tmp_path / "a.txt").write_text(STORY + "\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(STORY.upper().replace(",", "") + "\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text(OTHER + "\n", encoding="utf-8")
    warnings: list[str] = []
    docs = load_documents([tmp_path], warn=warnings.append)
    assert [d.id for d in docs] == ["a.txt", "c.txt"]
    assert len(warnings) == 1 and "b.md" in warnings[0] and "a.txt" in warnings[0]


def test_a_near_copy_is_kept_and_marked_as_the_same_report():
    wire = STORY.replace("on Tuesday", "on Tuesday morning").replace("Schools in three",
                                                                     "Schools in four")
    docs = deduplicate([doc("a.txt", STORY), doc("b.txt", OTHER), doc("c.txt", wire),
                        doc("d.txt", "Example Courier\n\n" + STORY)])
    assert [d.id for d in docs] == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert [d.same_report_as for d in docs] == [None, None, "a.txt", "a.txt"]


def test_different_stories_are_not_marked():
    docs = deduplicate([doc("a.txt", STORY), doc("b.txt", OTHER)])
    assert all(d.same_report_as is None for d in docs)


def test_two_copies_of_one_report_weigh_a_question_as_one_source():
    def question(*docs):
        return OpenQuestion("The council denies the bridge was unsafe.", "denied",
                            [Ref(document=d, paragraph=1, text="x", sentence=1) for d in docs])

    apart = rank_questions([question("a.txt"), question("b.txt")])[0].weight
    token = REPORTS.set({"b.txt": "a.txt"})
    try:
        assert reports_of(["a.txt", "b.txt"]) == {"a.txt"}
        copies = rank_questions([question("a.txt"), question("b.txt")])[0].weight
    finally:
        REPORTS.reset(token)
    alone = rank_questions([question("a.txt")])[0].weight
    assert copies == alone < apart


def test_the_mark_reaches_the_json(tmp_path):
    import json

    from click.testing import CliRunner

    from briefgen.cli import main

    (tmp_path / "a.txt").write_text(STORY + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY.replace("Tuesday", "Tuesday night") + "\n",
                                    encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path)], catch_exceptions=False)
    data = json.loads(result.stdout)
    assert [d["same_report_as"] for d in data["documents"]] == [None, "a.txt"]
