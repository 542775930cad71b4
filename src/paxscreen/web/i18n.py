"""Translations for the web pages: gettext catalogues under `web/locale/`.

Every user-facing string goes through `_()` (templates) or is marked with `N_()`
(Python constants translated when rendered). English is the source language; each
other language is a `locale/<lang>/LC_MESSAGES/messages.po` compiled to `.mo`
(`pybabel compile -d src/paxscreen/web/locale`, committed). The language comes from
the `paxscreen_lang` cookie, then the browser's Accept-Language, then English.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANGUAGE = "en"
LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français"}
LANGUAGE_COOKIE = "paxscreen_lang"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "translate later"
    """Mark a string for extraction without translating it yet."""
    return message


@lru_cache(maxsize=None)
def translations_for(language: str) -> NullTranslations:
    if language == DEFAULT_LANGUAGE or language not in LANGUAGES:
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), [language], domain="messages")


def choose_language(cookie: str | None, accept_language: str | None) -> str:
    """The first supported language from the cookie, then Accept-Language."""
    if cookie in LANGUAGES:
        return cookie
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


class Translator:
    """`_` and `ngettext` bound to one language, with %-style named placeholders."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._translations = translations_for(language)

    def gettext(self, message: str, **values: Any) -> str:
        text = self._translations.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> str:
        text = self._translations.ngettext(singular, plural, n)
        return text % {"n": n, **values}
