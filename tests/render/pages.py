"""Reading rendered HTML back in tests: ids, links and elements, with the standard parser."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

#: The section ids every brief page has, in page order.
SECTIONS = (
    "card",
    "summary",
    "timeline",
    "facts",
    "quantities",
    "conflicts",
    "entities",
    "quotes",
    "single-source",
    "coverage",
    "sources",
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


class Page(HTMLParser):
    """Every element with its attributes (and the text directly inside it)."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.elements.append(element)
        if tag not in {"meta", "br", "img", "input", "link", "line", "circle"}:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1].text += data

    @property
    def ids(self) -> set[str]:
        return {e.attrs["id"] for e in self.elements if "id" in e.attrs}

    def find(self, tag: str | None = None, **attrs: str) -> list[Element]:
        """Elements of `tag` whose attributes hold `attrs` (`class_` for class, a word of it)."""
        found = []
        for element in self.elements:
            if tag and element.tag != tag:
                continue
            classes = element.attrs.get("class", "").split()
            if "class_" in attrs and attrs["class_"] not in classes:
                continue
            if all(element.attrs.get(k) == v for k, v in attrs.items() if k != "class_"):
                found.append(element)
        return found

    def fragment_links(self) -> list[str]:
        """The targets of every in-page link, decoded as a browser decodes a fragment."""
        return [
            unquote(e.attrs["href"][1:])
            for e in self.elements
            if e.attrs.get("href", "").startswith("#")
        ]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page
