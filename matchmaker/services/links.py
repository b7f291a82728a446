"""A firm's personal link: its secret is derived, never stored; the database keeps a hash.

The link's token is HMAC-SHA256(SECRET_KEY, "matchmaker personal link" + `link_salt`), 256 bits
written URL-safe (43 characters). `link_salt` is a random generation per firm; the database
stores only `token_hash`, the SHA-256 of the token, to find the firm by its link. Why this way:

- a copy of the database (a backup, a dump) opens no firm's pages: it holds hashes, and the
  salts are useless without the app's key;
- the app can still write a firm's link into the mails it sends (link re-sent, timetable
  published) and into `matchmaker export-links`, because it derives the token again; a random
  token stored only as a hash could not be mailed a second time;
- a new link is a new salt: the old link's hash is gone at once (`new_link`).

`former_token_hash` is one earlier link that still opens the pages: the token a firm got before
migration 0013 (which hashed the plain tokens) or before SECRET_KEY was changed. The app cannot
derive such a link, so the next time it hands the firm its link it stores the new link's hash
and keeps the old one as former (`current_token`); both work until the firm asks for a new link,
its data is erased, or the event's retention ends.

Every link expires with its event's retention period (the event's day plus RETENTION_DAYS, the
same rule as `matchmaker purge-personal-data`): after that it opens nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from matchmaker.models import Event, Participant
from matchmaker.models.participant import new_link_salt
from matchmaker.services.convert import last_fair_date
from matchmaker.services.events import VISIBLE

_PURPOSE = b"matchmaker personal link\0"
# Tokens are 43 characters (links handed out before migration 0013 too); anything far off
# is refused before it reaches the database.
MIN_TOKEN, MAX_TOKEN = 20, 64


def derive_token(secret: str, salt: str) -> str:
    """The link token of this generation under the app's key."""
    mac = hmac.new(secret.encode("utf-8"), _PURPOSE + salt.encode("ascii"), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode("ascii")


def token_digest(token: str) -> str:
    """What the database keeps of a token (64 hex digits)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def current_token(session: Session, participant: Participant, secret: str) -> str:
    """The firm's link token to hand out now; its hash is stored if it is not yet (a new firm,
    or a firm last given a link before migration 0013 or a change of the key)."""
    token = derive_token(secret, participant.link_salt)
    digest = token_digest(token)
    if participant.token_hash != digest:
        if participant.token_hash is not None:
            participant.former_token_hash = participant.token_hash
        participant.token_hash = digest
        session.flush()
    return token


def new_link(session: Session, participant: Participant, secret: str) -> str:
    """Replace the firm's link: every earlier link stops working in this transaction."""
    forget_links(participant)
    session.flush()  # the old hashes leave the unique indexes before the new one comes
    return current_token(session, participant, secret)


def forget_links(participant: Participant) -> None:
    """No link of the firm opens anything any more (a new one can be derived later)."""
    participant.link_salt = new_link_salt()
    participant.token_hash = None
    participant.former_token_hash = None


def retention_start(event: Event) -> date:
    """The day the event's retention period counts from: its last day, or the close of its
    last follow-up round (the firms' links must open for it)."""
    closes = [r.closes_on for r in event.follow_up_rounds]
    return max([last_fair_date(event), *closes])


def link_expires(event: Event, retention_days: int) -> date:
    """The last day the event's links work: its retention period ends after its last day
    (or its last follow-up round)."""
    return retention_start(event) + timedelta(days=retention_days)


def find_by_token(
    session: Session, token: str, today: date, retention_days: int
) -> Participant | None:
    """The firm whose personal link this is, if it still takes part and the link has not
    expired. The lookup is by the token's hash, so its timing says nothing about the token."""
    if not MIN_TOKEN <= len(token) <= MAX_TOKEN:
        return None
    digest = token_digest(token)
    participant = session.scalar(
        select(Participant)
        .where(or_(Participant.token_hash == digest, Participant.former_token_hash == digest))
        .options(joinedload(Participant.event))
    )
    if participant is None or participant.status not in VISIBLE:
        return None
    if today > link_expires(participant.event, retention_days):
        return None
    return participant
