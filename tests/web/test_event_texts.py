"""The event's own texts in the reader's language (issue 16, finding 3, event side): staff
choose the language the fair's texts are written in and give them in the other languages;
the public page, the registration form, the firms' pages, agendas and print show the
reader's version; every firm's printed agenda and calendar are in the firm's language; and
the staff console's own texts in words (finding 6): audit log, statistics, version names."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import (
    AuditEntry,
    Event,
    EventBreak,
    Meeting,
    MeetingRequest,
    Participant,
    RequestStatus,
    ScheduleStatus,
    ScheduleVersion,
    StaffRole,
)
from matchmaker.models.base import utcnow
from matchmaker.services.schedules import REPAIR_NAME
from matchmaker.services.staff import create_staff
from matchmaker.services.versions import name_by_app
from tests.conftest import csrf_token, staff_login
from tests.factories import create_open_event, create_participant, link_token

LOGIN = ("office@amt.example", "office-password-1")


@pytest.fixture
def fair(app: Flask) -> dict[str, int]:
    """An open fair written in German, with a lunch break, a themed table, two sectors, a
    Russian and a German firm who meet in the published timetable at the themed table."""
    with app.app_context():
        session = db.session()
        create_staff(session, *LOGIN, role=StaffRole.ADMIN)
        event = create_open_event(session, "messe", description="Firmen treffen sich.")
        event.breaks = [EventBreak(start=time(10, 0), end_time=time(10, 20), label="Mittag")]
        table = event.tables[0]
        table.name, table.theme = "Medizintechnik 1", "Medizintechnik"
        omsk = create_participant(
            session, event, "RU", name="ООО «Омск»", country="RU", offer="Фрезерные детали",
            languages=["ru"], group=event.groups[1], sectors=[event.sectors[0]],
        )  # fmt: skip
        boerde = create_participant(
            session, event, "DE", name="Börde GmbH", country="DE", offer="Frästeile",
            languages=["de"], group=event.groups[0],
        )  # fmt: skip
        version = ScheduleVersion(
            event_id=event.id, number=1, status=ScheduleStatus.PUBLISHED, published_at=utcnow()
        )
        session.add(version)
        session.flush()
        session.add(Meeting(event_id=event.id, schedule_id=version.id, slot=1, table_id=table.id,
                            participant_a_id=omsk.id, participant_b_id=boerde.id))  # fmt: skip
        session.commit()
        return {"event": event.id, "ru": omsk.id, "de": boerde.id, "table": table.id}


def staff_web(app: Flask, language: str = "de") -> FlaskClient:
    web = app.test_client()
    staff_login(web, *LOGIN)
    web.set_cookie("lang", language)
    return web


def save_texts(web: FlaskClient, **values: str) -> tuple[int, str]:
    page = web.get("/staff/e/messe/texts").get_data(as_text=True)
    answer = web.post("/staff/e/messe/texts", data={"csrf_token": csrf_token(page), **values})
    return answer.status_code, answer.get_data(as_text=True)


def ids_of(app: Flask) -> dict[str, int]:
    with app.app_context():
        event = db.session.scalars(select(Event)).one()
        return {
            "event": event.id,
            "break": event.breaks[0].id,
            "sector": event.sectors[0].id,
            "group": event.groups[1].id,
        }


def test_staff_give_the_fairs_texts_in_the_other_languages(
    app: Flask, fair: dict[str, int]
) -> None:
    web = staff_web(app)
    page = web.get("/staff/e/messe/texts").get_data(as_text=True)
    # one field per text and per offered language other than the fair's own (German)
    assert 'name="event-{}-description-ru"'.format(fair["event"]) in page
    assert 'name="event-{}-description-en"'.format(fair["event"]) in page
    assert "-description-de" not in page
    assert f'name="table-{fair["table"]}-theme-ru"' in page
    ids = ids_of(app)
    status, _ = save_texts(
        web,
        **{
            f"event-{ids['event']}-description-ru": "Компании встречаются.",
            f"break-{ids['break']}-label-ru": "Обед",
            f"sector-{ids['sector']}-name-ru": "Медицинская техника",
            f"group-{ids['group']}-name-ru": "Делегация Омска",
            f"table-{fair['table']}-name-ru": "Медтехника 1",
            f"table-{fair['table']}-theme-ru": "Медицинская техника",
        },
    )
    assert status == 303
    with app.app_context():
        event = db.session.get(Event, fair["event"])
        assert event is not None
        assert event.translations == {"ru": {"description": "Компании встречаются."}}
        assert event.breaks[0].translations == {"ru": {"label": "Обед"}}
        assert event.tables[0].translations["ru"]["theme"] == "Медицинская техника"
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "event.texts"))
        assert entry.one().detail == {"texts": 6}
    shown = web.get("/staff/e/messe/texts").get_data(as_text=True)
    assert f'name="break-{ids["break"]}-label-ru" type="text" value="Обед"' in shown
    # an emptied field removes that translation, the others stay
    status, _ = save_texts(web, **{f"break-{ids['break']}-label-ru": ""})
    assert status == 303
    with app.app_context():
        event = db.session.get(Event, fair["event"])
        assert event is not None
        assert event.breaks[0].translations == {}
        assert event.sectors[0].translations == {"ru": {"name": "Медицинская техника"}}


def test_a_translation_longer_than_its_column_is_refused_and_nothing_is_saved(
    app: Flask, fair: dict[str, int]
) -> None:
    web = staff_web(app)
    ids = ids_of(app)
    status, page = save_texts(
        web,
        **{
            f"event-{ids['event']}-description-ru": "Компании встречаются.",
            f"sector-{ids['sector']}-name-ru": "я" * 121,  # Sector.name holds 120
        },
    )
    assert status == 422
    assert 'aria-invalid="true"' in page
    with app.app_context():
        event = db.session.get(Event, fair["event"])
        assert event is not None
        assert event.translations == {}  # not half-written


def test_the_fairs_language_is_chosen_in_the_settings(app: Flask, fair: dict[str, int]) -> None:
    web = staff_web(app)
    page = web.get("/staff/e/messe/settings").get_data(as_text=True)
    assert '<option selected value="de">Deutsch</option>' in page
    form = form_values(page) | {"language": "ru"}  # the settings as shown, in Russian
    answer = web.post("/staff/e/messe/settings", data=form)
    assert answer.status_code == 303, answer.get_data(as_text=True)[:2000]
    with app.app_context():
        event = db.session.get(Event, fair["event"])
        assert event is not None
        assert event.language == "ru"
    # the texts page now offers German and English, no Russian
    texts = web.get("/staff/e/messe/texts").get_data(as_text=True)
    assert re.search(r'name="break-\d+-label-de"', texts)
    assert not re.search(r'name="break-\d+-label-ru"', texts)


def form_values(page: str) -> dict[str, str | list[str]]:
    """What a browser sends for the page's first form as it is shown: inputs (checked
    boxes only, several of one name as a list), text areas and the chosen options."""
    form = page[page.index('<form method="post" novalidate') :]
    form = form[: form.index("</form>")]
    values: dict[str, str | list[str]] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        text = html.unescape(value.group(1)) if value else ""
        if name and 'type="checkbox"' in tag and "checked" in tag:
            ticked = values.setdefault(name.group(1), [])
            assert isinstance(ticked, list)
            ticked.append(text)
        elif name and 'type="checkbox"' not in tag:
            values[name.group(1)] = text
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        values[name] = html.unescape(text).lstrip("\n")
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"', body) or re.search(
            r'<option value="([^"]*)"', body
        )
        values[name] = chosen.group(1) if chosen else ""
    return values


def translate(app: Flask, fair: dict[str, int]) -> None:
    with app.app_context():
        event = db.session.get(Event, fair["event"])
        assert event is not None
        event.translations = {"ru": {"description": "Компании встречаются."}}
        event.breaks[0].translations = {"ru": {"label": "Обед"}}
        event.sectors[0].translations = {"ru": {"name": "Медицинская техника"}}
        event.groups[1].translations = {"ru": {"name": "Делегация Омска"}}
        event.tables[0].translations = {
            "ru": {"name": "Медтехника 1", "theme": "Медицинская техника"}
        }
        db.session.commit()


def test_a_russian_reader_sees_the_fairs_texts_in_russian(app: Flask, fair: dict[str, int]) -> None:
    translate(app, fair)
    web = app.test_client()
    web.set_cookie("lang", "ru")
    page = web.get("/e/messe").get_data(as_text=True)
    for text in ("Компании встречаются.", "Обед", "Медицинская техника", "Делегация Омска"):
        assert text in page, text
    assert "Mittag" not in page
    form = web.get("/e/messe/register").get_data(as_text=True)
    assert "Медицинская техника" in form  # the sector to tick
    assert "Делегация Омска" in form  # the group to choose
    # a German reader sees the originals; an English reader the originals, marked German
    web.set_cookie("lang", "de")
    assert "Mittag" in web.get("/e/messe").get_data(as_text=True)
    web.set_cookie("lang", "en")
    english = web.get("/e/messe").get_data(as_text=True)
    assert (
        '<span lang="de">Mittag</span> <abbr class="lang-mark" title="German">DE</abbr>' in english
    )
    with app.app_context():
        omsk = db.session.get(Participant, fair["ru"])
        assert omsk is not None
        token = link_token(omsk)
    web.set_cookie("lang", "ru")
    agenda = web.get(f"/p/{token}/agenda").get_data(as_text=True)
    assert "Медтехника 1" in agenda
    assert "(Медицинская техника)" in agenda
    partners = web.get(f"/p/{token}/partners").get_data(as_text=True)
    assert "Делегация Омска" in partners or "Медицинская техника" in partners


def test_all_agendas_print_each_firm_in_its_own_language(app: Flask, fair: dict[str, int]) -> None:
    translate(app, fair)
    web = staff_web(app, "de")  # a German staff member prints
    page = web.get("/staff/e/messe/print/agendas").get_data(as_text=True)
    russian = page[page.index("<h1>ООО «Омск»") :]
    german = page[page.index("<h1>Börde GmbH") :]
    assert '<article class="print-page slot-page" lang="ru">' in page
    assert '<article class="print-page slot-page" lang="de">' in page
    assert "Медтехника 1" in russian.split("</article>")[0]
    assert "Партнёр" in russian.split("</article>")[0]  # the table's heading, in Russian
    assert "Medizintechnik 1" in german.split("</article>")[0]
    assert "Partner" in german.split("</article>")[0]
    assert '<html lang="de">' in page  # the page around them stays the staff member's
    with app.app_context():
        omsk = db.session.get(Participant, fair["ru"])
        assert omsk is not None
        token = link_token(omsk)
    firm = app.test_client()
    firm.set_cookie("lang", "de")  # whoever opens it: the firm's document is in its language
    printed = firm.get(f"/p/{token}/agenda/print").get_data(as_text=True)
    assert '<html lang="ru">' in printed
    calendar = firm.get(f"/p/{token}/agenda.ics").get_data(as_text=True)
    assert "SUMMARY:Встреча с Börde GmbH" in calendar.replace("\r\n ", "")


def test_the_audit_log_speaks_in_words_and_the_fairs_time(app: Flask, fair: dict[str, int]) -> None:
    web = staff_web(app, "ru")
    firms = web.get("/staff/e/messe/firms").get_data(as_text=True)
    web.post(f"/staff/e/messe/firms/{fair['ru']}/reject", data={"csrf_token": csrf_token(firms)})
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry)).one()
        entry.at = datetime(2027, 3, 18, 8, 5)  # UTC: 09:05 in Berlin
        db.session.commit()
    page = web.get("/staff/e/messe/audit").get_data(as_text=True)
    assert "Когда (Europe/Berlin)" in page
    assert "18.03.2027, 09:05" in page
    assert "Решение по регистрации" in page
    assert "компания: ООО «Омск»; до: подтверждена; после: отклонена" in page
    assert "firm.status" not in page
    assert "Programmpunkt" not in staff_web(app, "de").get("/staff/e/messe/audit").get_data(
        as_text=True
    )


def test_request_states_and_version_names_are_words_in_the_readers_language(
    app: Flask, fair: dict[str, int]
) -> None:
    with app.app_context():
        session = db.session()
        session.add(
            MeetingRequest(
                event_id=fair["event"],
                from_participant_id=fair["ru"],
                to_participant_id=fair["de"],
                status=RequestStatus.ACCEPTED,
            )
        )
        version = session.scalars(select(ScheduleVersion)).one()
        name_by_app(version, REPAIR_NAME, num=3)
        session.commit()
    russian, german = staff_web(app, "ru"), staff_web(app, "de")
    stats = russian.get("/staff/e/messe/stats").get_data(as_text=True)
    assert '<th scope="row">принят</th><td>1</td>' in stats
    assert ">accepted<" not in stats
    assert "исправление версии 3" in russian.get("/staff/e/messe/timetable/1").get_data(
        as_text=True
    )
    assert "Reparatur von 3" in german.get("/staff/e/messe/timetable/1").get_data(as_text=True)


def test_a_date_in_a_russian_sentence_takes_the_genitive(app: Flask) -> None:
    from flask_babel import force_locale

    from matchmaker.i18n import text_date

    with app.test_request_context(), force_locale("ru"):
        assert text_date(date(2027, 3, 18)) == "18 марта 2027\u202fг."
    with app.test_request_context(), force_locale("de"):
        assert text_date(date(2027, 3, 18)) == "18. März 2027"
