"""Small questions about spaCy's parse that several extractors ask."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


def negated(token: "Token") -> bool:
    """'did not comment', and 'declined not to ...' through an open complement ('refused to')."""
    return any(c.dep_ == "neg" for c in token.children) or (
        token.dep_ == "xcomp" and any(c.dep_ == "neg" for c in token.head.children))


def first_conjunct(token: "Token") -> "Token":
    """'Niger and Chad': 'Chad' plays the part that 'Niger' plays in the clause."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token
