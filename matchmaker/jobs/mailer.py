"""Sending one outbox mail in the worker: claim its row (queued -> sending, committed, so a
second delivery of the id skips it), build the mail in the firm's language with its link
derived now, send it under the name of the fair's owning organisation (with its Reply-To),
and record sent or failed with the reason in plain words.

Web requests never send these mails: a slow or unreachable mail server delays the worker,
not a page, and every outcome is on the outbox row for staff to see.
"""

from __future__ import annotations

import logging

from flask import Flask

from matchmaker.core.messages import Message
from matchmaker.extensions import db
from matchmaker.models import OutboxMail, Participant
from matchmaker.models.base import utcnow
from matchmaker.notify import ENDPOINTS, Mail, firm_mail, send
from matchmaker.services.links import current_token
from matchmaker.services.mail import MailError, mail_configured
from matchmaker.services.mail_failures import NOT_SENT, NOT_SET_UP
from matchmaker.services.outbox import claim, firm_of, mark_failed, mark_sent
from matchmaker.urls import public_url

log = logging.getLogger(__name__)


def send_outbox_mail(app: Flask, mail_id: int) -> None:
    """Send the queued mail with this id, if it is still queued; the outcome is on its row."""
    with app.app_context():
        session = db.session()
        try:
            mail = claim(session, mail_id, utcnow())
            session.commit()
            if mail is not None:
                _send(app, mail)
        except Exception as error:  # the row says why; the worker goes on with the next
            log.exception("outbox mail %s failed", mail_id)
            session.rollback()
            mark_failed(session, mail_id, Message(NOT_SENT, {"error": str(error)[:500]}))
        finally:
            session.commit()
            db.session.remove()


def _send(app: Flask, mail: OutboxMail) -> None:
    session = db.session()
    config = app.config
    firm = firm_of(session, mail)
    if firm is None:
        return
    if not mail_configured(config):
        mark_failed(session, mail.id, Message(NOT_SET_UP))
        return
    try:
        send(config, written(mail, firm, str(config["SECRET_KEY"])))
    except MailError as error:
        log.warning("%s", error)
        mark_failed(session, mail.id, error.reason)
        return
    mark_sent(session, mail.id, utcnow())


def written(mail: OutboxMail, firm: Participant, secret: str) -> Mail:
    """The queued mail written in its language (`notify.firm_mail`), with the firm's link
    as it is now (its hash is stored if the link is handed out for the first time; the
    caller commits)."""
    token = current_token(db.session(), firm, secret)
    link = public_url(ENDPOINTS[mail.kind], token=token)
    return firm_mail(mail.kind, firm, link, mail.figures, mail.locale, to=mail.address)
