"""A returning firm starts from the profile it gave at an earlier fair (issue 19), when it
says so on its own pages.

The firm's personal link proves that it controls its registration's address, so its earlier
registration with that address (`returning_firms.earlier_registrations`: an earlier fair of
an organisation that has a role on this one, not erased) may be offered to it; clicking the
offer is its consent to copy. Only the most recent such registration that took part
(registered or approved) and says what it offers or seeks is offered, and only while the
firm may change its profile and has not started from an earlier one yet. The offer is made
even when the firm has already written a profile here: it says which fields it replaces,
and the firm reviews the result on its profile page.

What is copied is the business profile and the contact details the firm gave then
(`COPIED`), and the sectors this fair lists under the same names; never the name, the
address, the language it is written to in, the group, the times or the status.
"""

from __future__ import annotations

import copy
from datetime import datetime

from sqlalchemy.orm import Session

from matchmaker.core.messages import N_, Explained
from matchmaker.models import Participant
from matchmaker.models.base import utcnow
from matchmaker.services.events import VISIBLE, profile_problem
from matchmaker.services.returning_firms import earlier_registrations, same_address

COPIED = (
    "offer",
    "request",
    "description",
    "website",
    "contact_person",
    "phone",
    "country",
    "city",
    "languages",
    "text_language",
    "translations",
)


class ReuseRefused(Explained):
    """The earlier profile cannot be copied now; the message says why."""


def reuse_offer(session: Session, firm: Participant) -> Participant | None:
    """The earlier registration the firm may start from, or None (see the module's note;
    the caller checks that the profile may be changed now)."""
    if firm.reused_at is not None or firm.reused_from_id is not None or firm.erased_at:
        return None
    query = earlier_registrations(firm)
    if query is None:
        return None
    for earlier in session.scalars(query.where(Participant.status.in_(VISIBLE))):
        if same_address(earlier, firm) and (earlier.offer.strip() or earlier.request.strip()):
            return earlier
    return None


def reuse_profile(
    session: Session, firm: Participant, earlier_id: int | None, now: datetime | None = None
) -> Participant:
    """Copy the offered earlier profile (`earlier_id`, the one the firm was shown) onto the
    firm and record where it came from; refused, changing nothing, when profiles are closed
    or that registration is not (or no longer) the one on offer."""
    if profile_problem(firm.event, now) is not None:
        raise ReuseRefused(N_("Profiles can no longer be changed for this fair."))
    if firm.reused_at is not None:
        raise ReuseRefused(N_("Your profile was already started from an earlier one."))
    earlier = reuse_offer(session, firm)
    if earlier is None or earlier.id != earlier_id:
        raise ReuseRefused(N_("That earlier profile is no longer available."))
    for name in COPIED:  # a copy of lists and dicts: the earlier row's JSON stays its own
        setattr(firm, name, copy.deepcopy(getattr(earlier, name)))
    sectors = {_name(s.name): s for s in firm.event.sectors}
    chosen = {_name(s.name) for s in earlier.sectors} & set(sectors)
    firm.sectors = sorted((sectors[n] for n in chosen), key=lambda s: s.name)
    firm.reused_from_id = earlier.id
    firm.reused_at = utcnow()
    session.flush()
    return earlier


def _name(text: str) -> str:
    return " ".join(text.split()).casefold()
