"""Readable outlet names: "Reuters" for reuters.com, uk.reuters.com or "Reuters_Co_Uk".

The name comes from what the file states (a site name, a `source:` line), else from the URL's
domain. briefgen/data/outlets.tsv lists major outlets and wire agencies by domain, with the other
names files give them ("AP" -> "Associated Press"); any other domain gives a clean name of its
own: "example-courier.com" -> "Example Courier", "wxyz.com" -> "WXYZ".
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

# Second-level labels under which countries register names: "bbc.co.uk", "abc.net.au".
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go", "gv"}
_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}", re.IGNORECASE)
# What trafilatura makes of a page without a site name: "Reuters_Co_Uk", "Nytimes_Com".
_DOMAIN_LIKE = re.compile(r"[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+")
_SHORT_CAPS = 4        # a domain label this short is an abbreviation: "bbc" -> "BBC"


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """(domain -> name, folded other name -> name) from outlets.tsv."""
    by_domain: dict[str, str] = {}
    by_name: dict[str, str] = {}
    text = resources.files("briefgen.data").joinpath("outlets.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        domain, name = cells[0].strip().lower(), cells[1].strip()
        by_domain.setdefault(domain, name)
        others = cells[2].split(",") if len(cells) > 2 else []
        for other in [name, *others]:
            if other.strip():
                by_name.setdefault(_fold(other), name)
    return by_domain, by_name


def _fold(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).casefold()


def host(url: str | None) -> str | None:
    """The host of a web address or bare domain, without "www.": "uk.reuters.com"."""
    if not url:
        return None
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        name = (urlsplit(text).hostname or "").lower()
    except ValueError:
        return None
    name = re.sub(r"^(?:www\d?|m|amp|mobile)\.", "", name)
    return name if _DOMAIN.fullmatch(name) else None


def from_domain(domain: str) -> str:
    """The outlet a domain belongs to: the table's name, else one made from the domain."""
    by_domain, _ = _table()
    labels = domain.lower().split(".")
    for start in range(len(labels) - 1):
        known = by_domain.get(".".join(labels[start:]))
        if known:
            return known
    core = labels[-2] if len(labels) >= 2 else labels[0]
    if len(labels) >= 3 and core in _SECOND_LEVEL:
        core = labels[-3]
    words = [w for w in re.split(r"[-_]+", core) if w]
    return " ".join(w.upper() if len(w) <= _SHORT_CAPS and len(words) == 1 else w.capitalize()
                    for w in words) or domain


def outlet_name(stated: str | None, url: str | None = None) -> str | None:
    """The outlet to cite: the name the file states (tidied), else the URL's domain's."""
    _, by_name = _table()
    if stated:
        text = " ".join(stated.split())
        domain = host(text) if (_DOMAIN.fullmatch(text) or "://" in text) else None
        if domain is None and _DOMAIN_LIKE.fullmatch(text):
            domain = text.replace("_", ".").lower()      # trafilatura's name for the domain
            url_host = host(url)
            if url_host and url_host.replace(".", "") .startswith(domain.split(".")[0]):
                domain = url_host
        if domain is not None:
            return from_domain(domain)
        return by_name.get(_fold(text), text)
    domain = host(url)
    return from_domain(domain) if domain else None
