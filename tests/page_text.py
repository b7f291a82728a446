"""What a reader sees of a page: its text and the attributes a screen reader says, per
block, without markup (tests/web/test_all_pages.py checks it for English and stray keys)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class _Text(HTMLParser):
    """The text of a page a reader sees or hears, without what is another language on
    purpose (a firm's own words marked with their `lang`), scripts, styles and what people
    typed into form fields."""

    def __init__(self, page_language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_language = page_language
        self.stack: list[bool] = []  # per open element: whether its text is left out
        self.parts: list[str] = []
        self.lines: list[list[str]] = []  # the text of each open line (BLOCKS)
        self.stray: list[str] = []  # lines with a separator that separates nothing

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        language = values.get("lang")
        foreign = language is not None and language != self.page_language and tag != "html"
        literal = values.get("translate") == "no"  # a file's column header, typed as it is
        hidden = self._hidden() or foreign or literal or tag in ("script", "style", "textarea")
        if not hidden:
            self.parts += [str(values[a]) for a in SHOWN_ATTRIBUTES if values.get(a)]
        elif foreign and not self._hidden():
            self._add("x")  # a firm's own words count as words on their line
        if tag not in VOID:
            self.stack.append(hidden)
        if tag in BLOCKS:
            self.lines.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()
        if tag in BLOCKS and self.lines:
            line = " ".join("".join(self.lines.pop()).split())
            if STRAY.search(line):
                self.stray.append(line)

    def _add(self, text: str) -> None:
        for line in self.lines:
            line.append(text)

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self.parts.append(data)
            self._add(data)


BLOCKS = {"p", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "legend", "label", "option",
          "figcaption", "caption", "div"}  # fmt: skip
# "· " at the start or end of a line, twice in a row, or before a comma: a part left out.
STRAY = re.compile(r"^·|·$|·\s*·|·\s*,|\(\s*\)")


def shown_text(html: str, language: str) -> str:
    """The page's text, with a line "STRAY: …" for each line whose separators separate
    nothing (found as a problem like any other)."""
    parser = _Text(language)
    parser.feed(html)
    stray = [f" STRAY_SEPARATOR in {line!r}" for line in parser.stray]
    return " ".join(" ".join(parser.parts).split()) + "".join(stray)
