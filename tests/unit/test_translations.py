"""Every string of the interface goes through the catalogue and has a German translation.

Strings are extracted as a translator's tool would (Babel's Python extractor, Jinja2's
extractor for templates); a template's visible text outside {{ _(...) }} fails the second test,
with a short allowlist for brand names and onOffice's own API words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract

from playground.i18n import LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
PO = LOCALE_DIR / "de" / "LC_MESSAGES" / "messages.po"
KEYWORDS: dict[str, Any] = {
    "_": None,
    "gettext": None,
    "lazy_gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}
# Names and API words that read the same in both languages.
ALLOWED_WORDS = {
    "onOffice", "Playground", "HMAC", "HTTP", "JSON", "ms", "v", "Ctrl", "Enter", "English",
    "Deutsch", "Verb", "Resourcetype", "Resourceid", "Identifier", "estate", "address", "s",
    "token", "timestamp", "resourcetype", "actionid", "hmac", "hmac_version", "api", "openapi",
    "json", "OpenAPI",
}  # fmt: skip
# Attributes a person reads (or hears from a screen reader).
VISIBLE_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "label", "data-confirm"}
# A tag ends at the first closing brace pair outside its quoted strings.
_QUOTED = r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'"""
JINJA_TAG = re.compile(
    rf"\{{#.*?#\}}|\{{\{{(?:{_QUOTED}|[^\"'])*?\}}\}}|\{{%(?:{_QUOTED}|[^\"'])*?%\}}", re.S
)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _msgid(message: Any) -> str:
    return message if isinstance(message, str) else str(message[0])


def _template_messages() -> Iterator[tuple[str, str]]:
    for path in sorted(TEMPLATES.rglob("*.html")):
        with path.open("rb") as source:
            found = babel_extract(source, KEYWORDS, [], {})  # type: ignore[arg-type]
            for line, _func, message, _comments in found:
                # A plural is catalogued under its singular.
                text = message if isinstance(message, str) else (message or (None,))[0]
                if isinstance(text, str):
                    yield f"{path.relative_to(ROOT)}:{line}", text


def _python_messages() -> Iterator[tuple[str, str]]:
    for path in sorted((ROOT / "playground").rglob("*.py")):
        with path.open("rb") as source:
            for line, _func, message, _comments in extract_python(source, KEYWORDS, [], {}):
                text = message if isinstance(message, str) else (message or (None,))[0]
                if isinstance(text, str):
                    yield f"{path.relative_to(ROOT)}:{line}", text


def _catalogue() -> dict[str, Any]:
    with PO.open("rb") as po:
        catalog = read_po(po, locale="de")
    return {
        _msgid(m.id): m.string
        for m in catalog
        if m.id and not m.fuzzy and (m.string if isinstance(m.string, str) else all(m.string or ()))
    }


def test_every_message_has_a_german_translation() -> None:
    translated = _catalogue()
    used = list(_template_messages()) + list(_python_messages())
    assert len(used) > 300
    missing = sorted({f"{where}: {text!r}" for where, text in used if text not in translated})
    assert not missing, "No German in " + PO.name + " for:\n" + "\n".join(missing)


def test_translations_keep_the_placeholders_and_no_msgid_is_there_twice() -> None:
    text = PO.read_text()
    single_ids = re.findall(r'^msgid "(.+)"$', text, re.M)
    doubled = {m for m in single_ids if single_ids.count(m) > 1}
    assert not doubled, f"msgids listed twice: {sorted(doubled)}"
    with PO.open("rb") as po:
        for message in read_po(po, locale="de"):
            if not message.id:
                continue
            ids = [message.id] if isinstance(message.id, str) else list(message.id)
            strings = [message.string] if isinstance(message.string, str) else message.string or ()
            wanted = set(PLACEHOLDER.findall(" ".join(ids)))
            for string in strings:
                assert set(PLACEHOLDER.findall(string)) == wanted, (message.id, string)


class _VisibleText(HTMLParser):
    """Text nodes and readable attributes, outside code, scripts and styles."""

    SKIP = frozenset({"script", "style", "code", "pre", "kbd", "samp"})

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[int, str]] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self._check(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._check(data)

    def _check(self, text: str) -> None:
        words = re.findall(r"[^\W\d]+", text)
        # Acronyms (OK, PDF, 2FA) read the same in both languages.
        unknown = [w for w in words if w not in ALLOWED_WORDS and not (w.isupper() and len(w) <= 5)]
        if unknown:
            self.found.append((self.getpos()[0], text.strip()))


def _untranslated(path: Path, root: Path = ROOT) -> list[str]:
    source = path.read_text()
    # Jinja tags become empty (keeping line numbers), so only literal markup text remains.
    markup = JINJA_TAG.sub(lambda m: "\n" * m.group().count("\n"), source)
    parser = _VisibleText()
    parser.feed(markup)
    where = path.relative_to(root)
    problems = [f"{where}:{line}: {text!r}" for line, text in parser.found]
    # English inside an expression: {{ "Make admin" if ... }} instead of {{ _("Make admin") }}.
    for tag in JINJA_TAG.finditer(source):
        if not tag.group().startswith("{#"):
            problems += [f"{where}: {text!r}" for text in _bare_literals(tag.group())]
    return problems


def _bare_literals(expression: str) -> list[str]:
    """String literals with words that are neither a gettext argument nor a dict key."""
    bare = []
    plural_next = False
    for literal in re.finditer(r"""(["'])((?:(?!\1).)*)\1""", expression):
        before = expression[: literal.start()].rstrip()
        after = expression[literal.end() :].lstrip()
        argument = before.endswith(("_(", "gettext(")) or (plural_next and before.endswith(","))
        plural_next = before.endswith("ngettext(")
        if argument or after.startswith(":"):
            continue
        if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", literal.group(2)):
            bare.append(literal.group(2))
    return bare


def test_templates_show_no_text_outside_the_catalogue() -> None:
    problems = [p for path in sorted(TEMPLATES.rglob("*.html")) for p in _untranslated(path)]
    assert not problems, "Wrap these in {{ _(...) }}:\n" + "\n".join(problems)


def test_the_checks_catch_what_they_look_for(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<p title="Hello there">{{ _("Fine") }} Loose words</p><code>raw code</code>'
        '{{ "Not wrapped" if x else _("Wrapped text") }}{# a comment with words #}'
        '{{ ngettext("one thing", "many things", n) }}{{ {"Dict key": _("Its value")}[k] }}'
    )
    problems = "\n".join(_untranslated(page, tmp_path))
    assert "Hello there" in problems and "Loose words" in problems and "Not wrapped" in problems
    for fine in ("raw code", "Fine", "Wrapped text", "comment", "things", "Dict key", "value"):
        assert fine not in problems
