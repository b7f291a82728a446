"""Follow-up rounds (issue 22) on a real database: rounds months after the fair's last day,
ratings of meetings held while a round is open (a firm; staff at any time after it opens),
the round's mail and at most two reminders through the outbox, each once, and what
retention and erasure do with the answers."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.models import (
    Event,
    FollowUpAnswer,
    FollowUpRound,
    MailKind,
    OutboxMail,
    Outcome,
    Participant,
)
from matchmaker.services.follow_up import (
    FollowUpError,
    Rating,
    add_months,
    add_round,
    due_mails,
    held_partners,
    remove_round,
    round_state,
    save_ratings,
)
from matchmaker.services.links import link_expires
from matchmaker.services.privacy import erase_personal_data
from matchmaker.services.staff import create_staff
from tests.factories import create_open_event, create_participant
from tests.fair_day import publish_day

# A and B met, A and C met; D was scheduled with C but did not come.
MEETINGS = {("A", "B"): (1, 1), ("A", "C"): (2, 1), ("C", "D"): (1, 2)}


@pytest.fixture
def fair(session: Session) -> tuple[Event, dict[str, Participant]]:
    event = create_open_event(session, "nachher", date=date(2027, 3, 18))
    firms = {
        k: create_participant(session, event, k, name=f"Firma {k}", email=f"{k}@firma.example")
        for k in "ABCD"
    }
    firms["D"].no_show = True
    publish_day(session, event, firms, MEETINGS)
    session.flush()
    return event, firms


def test_months_after_the_fair_end_on_a_day_the_month_has() -> None:
    assert add_months(date(2027, 3, 18), 6) == date(2027, 9, 18)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)


def test_rounds_open_months_after_the_last_day(fair: tuple[Event, dict[str, Participant]],
                                               session: Session) -> None:  # fmt: skip
    event, _ = fair
    event.days = 2
    three = add_round(session, event, 3)
    six = add_round(session, event, 6, open_days=14)
    assert (three.number, three.opens_on, three.closes_on) == (1, date(2027, 6, 19),
                                                               date(2027, 7, 17))  # fmt: skip
    assert (six.number, six.opens_on, six.closes_on) == (2, date(2027, 9, 19), date(2027, 10, 3))
    assert [round_state(six, d) for d in (date(2027, 9, 18), date(2027, 9, 19),
                                          date(2027, 10, 3), date(2027, 10, 4))] == [
        "planned", "open", "open", "closed"
    ]  # fmt: skip
    with pytest.raises(FollowUpError, match="already"):
        add_round(session, event, 6)
    with pytest.raises(FollowUpError, match="1 to 36 months"):
        add_round(session, event, 0)
    with pytest.raises(FollowUpError, match="7 to 90 days"):
        add_round(session, event, 9, open_days=3)
    assert link_expires(event, 30) == date(2027, 10, 3) + timedelta(days=30)


def test_only_meetings_held_are_rated(fair: tuple[Event, dict[str, Participant]],
                                      session: Session) -> None:  # fmt: skip
    event, firms = fair
    assert [p.name for p in held_partners(session, firms["A"])] == ["Firma B", "Firma C"]
    assert held_partners(session, firms["C"]) == [firms["A"]]  # D did not come
    assert held_partners(session, firms["D"]) == []
    chosen = add_round(session, event, 3)
    opens = chosen.opens_on
    with pytest.raises(FollowUpError, match="not open"):
        save_ratings(session, chosen, firms["A"], {firms["B"].id: Rating(Outcome.VALUABLE)},
                     opens - timedelta(days=1))  # fmt: skip
    with pytest.raises(FollowUpError, match="held no meeting"):
        save_ratings(session, chosen, firms["C"], {firms["A"].id: Rating(Outcome.VALUABLE),
                                                   firms["D"].id: Rating(Outcome.AGREEMENT)},
                     opens)  # fmt: skip
    assert _answers(session) == []  # nothing half-written
    ratings = {firms["B"].id: Rating(Outcome.NEGOTIATION, " Angebot läuft ", named=True)}
    assert save_ratings(session, chosen, firms["A"], ratings, opens) == 1
    fix = {firms["B"].id: Rating(Outcome.AGREEMENT), firms["C"].id: Rating(Outcome.NO_CONTACT)}
    save_ratings(session, chosen, firms["A"], fix, chosen.closes_on)
    assert _answers(session) == [("A", "B", Outcome.AGREEMENT, "", False, None),
                                 ("A", "C", Outcome.NO_CONTACT, "", False, None)]  # fmt: skip
    late = chosen.closes_on + timedelta(days=1)
    with pytest.raises(FollowUpError, match="not open"):
        save_ratings(session, chosen, firms["C"], {firms["A"].id: Rating(Outcome.KNOWLEDGE)}, late)
    clerk = create_staff(session, "clerk@amt.example", "clerk-password-1")
    by_phone = {firms["A"].id: Rating(Outcome.KNOWLEDGE, "am Telefon")}
    save_ratings(session, chosen, firms["C"], by_phone, late, clerk)
    assert _answers(session)[-1] == ("C", "A", Outcome.KNOWLEDGE, "am Telefon", False, clerk.id)


def _answers(session: Session) -> list[tuple[str, str, Outcome, str, bool, int | None]]:
    names = {p.id: p.external_id for p in session.scalars(select(Participant))}
    return sorted(
        (names[a.participant_id], names[a.partner_id], a.outcome, a.comment, a.named,
         a.recorded_by_id)
        for a in session.scalars(select(FollowUpAnswer))
    )  # fmt: skip


def test_the_mail_goes_once_then_at_most_two_reminders(
    fair: tuple[Event, dict[str, Participant]], session: Session
) -> None:
    event, firms = fair
    chosen = add_round(session, event, 3, open_days=28)
    start = datetime.combine(chosen.opens_on, time(8))

    def mailed(at: datetime) -> list[tuple[str, int]]:
        found = due_mails(session, at, lambda firm: "de")
        return sorted((m.address[0], m.figures["reminder"]) for m in found)

    assert mailed(start - timedelta(days=1)) == []  # planned
    assert mailed(start) == [("A", 0), ("B", 0), ("C", 0)]  # D held no meeting
    assert mailed(start + timedelta(hours=1)) == []  # each mail once
    save_ratings(session, chosen, firms["A"], {firms["B"].id: Rating(Outcome.VALUABLE),
                                               firms["C"].id: Rating(Outcome.VALUABLE)},
                 chosen.opens_on)  # fmt: skip
    assert mailed(start + timedelta(days=6)) == []  # a week between
    assert mailed(start + timedelta(days=7)) == [("B", 1), ("C", 1)]  # A has rated all
    assert mailed(start + timedelta(days=14)) == [("B", 2), ("C", 2)]
    assert mailed(start + timedelta(days=21)) == []  # at most two reminders
    kinds = {m.kind for m in session.scalars(select(OutboxMail))}
    assert kinds == {MailKind.FOLLOW_UP}
    with pytest.raises(FollowUpError, match="can no longer be removed"):
        remove_round(session, event, chosen)


def test_a_round_closed_sends_nothing_and_one_not_mailed_can_go(
    fair: tuple[Event, dict[str, Participant]], session: Session
) -> None:
    event, _ = fair
    chosen = add_round(session, event, 3, open_days=7)
    assert due_mails(session, datetime.combine(chosen.closes_on + timedelta(days=1), time(8)),
                     lambda firm: "de") == []  # fmt: skip
    remove_round(session, event, chosen)
    assert session.scalars(select(FollowUpRound)).all() == []


def test_erasure_keeps_the_count_not_the_words(fair: tuple[Event, dict[str, Participant]],
                                               session: Session) -> None:  # fmt: skip
    event, firms = fair
    chosen = add_round(session, event, 3)
    ratings = {firms["A"].id: Rating(Outcome.AGREEMENT, "Vertrag unterschrieben", named=True)}
    save_ratings(session, chosen, firms["B"], ratings, chosen.opens_on)
    erase_personal_data(session, firms["A"])
    answer = session.scalars(select(FollowUpAnswer)).one()
    assert (answer.outcome, answer.comment, answer.named) == (Outcome.AGREEMENT, "", False)
