from __future__ import annotations

from collections.abc import Callable

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from paxscreen.users.roles import Role
from paxscreen.web.i18n import LOCALE_DIR, Translator, choose_language


def test_french_catalogue_translates_every_extracted_message() -> None:
    template = read_po((LOCALE_DIR / "messages.pot").open("rb"))
    french = read_po((LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po").open("rb"))
    untranslated = [
        m.id for m in template if m.id and not (french.get(m.id) and french[m.id].string)
    ]
    assert untranslated == []
    compiled = read_mo((LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.mo").open("rb"))
    stale = [m.id for m in french if m.id and compiled.get(m.id) is None]
    assert stale == [], "run: pybabel compile -d src/paxscreen/web/locale"


def test_language_comes_from_query_cookie_then_browser() -> None:
    assert choose_language("fr", "en-GB,en") == "fr"
    assert choose_language(None, "fr-FR,fr;q=0.9") == "fr"
    assert choose_language("xx", "de-DE") == "en"
    assert Translator("fr").gettext("From %(start)s to %(end)s", start="1", end="2") == "Du 1 au 2"


def test_pages_switch_to_french_and_stay_there(
    client_for: Callable[[Role | None], TestClient],
) -> None:
    client = client_for(Role.ANALYST)
    page = client.get("/", params={"lang": "fr"})
    assert "Tableau de bord" in page.text and 'lang="fr"' in page.text
    client.cookies.set("paxscreen_lang", page.cookies["paxscreen_lang"])
    assert "File de vérification" in client.get("/flights").text
    assert "Vetting queue" in client.get("/flights", params={"lang": "en"}).text
