"""Translations for the web pages: gettext catalogues under `web/locale/`.

Every user-facing string goes through `_()` (templates) or is marked with `N_()`
(Python constants translated when rendered). English is the source language; each
other language is a `locale/<lang>/LC_MESSAGES/messages.po` compiled to `.mo`
(`pybabel compile -d src/paxscreen/web/locale`, committed). The language comes from
the `paxscreen_lang` cookie, then the browser's Accept-Language, then English.
"""

from __future__ import annotations

from functools import cache
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


@cache
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


# Codes that templates translate by value (`_(hit.band)`): listed here so that
# extraction finds them.
VOCABULARY = (
    N_("alert"),
    N_("review"),
    N_("clear"),
    N_("watchlist"),
    N_("rule"),
    N_("network"),
    N_("manual"),
    N_("document"),
    N_("open"),
    N_("needs_info"),
    N_("true_match"),
    N_("false_positive"),
    N_("referred"),
    N_("active"),
    N_("en_route"),
    N_("encountered"),
    N_("did_not_board"),
    N_("missed"),
    N_("denied_boarding"),
    N_("refused_entry"),
    N_("secondary_positive"),
    N_("secondary_negative"),
    N_("inbound"),
    N_("outbound"),
    N_("transit"),
    N_("domestic"),
    N_("unknown"),
    N_("passenger"),
    N_("crew"),
    N_("transit_crew"),
    N_("transit_passenger"),
    N_("infant"),
    N_("draft"),
    N_("in_review"),
    N_("retired"),
    N_("low"),
    N_("medium"),
    N_("high"),
    N_("critical"),
    N_("administrator"),
    N_("analyst"),
    N_("rule manager"),
    N_("watchlist manager"),
    N_("port officer"),
    N_("data protection officer"),
    N_("read only"),
    N_("hit"),
    N_("lookout"),
    N_("traveller"),
    N_("received"),
    N_("parsed"),
    N_("loaded"),
    N_("screened"),
    N_("duplicate"),
    N_("failed_parse"),
    N_("failed_load"),
    N_("failed_screen"),
    N_("waiting_parts"),
)
