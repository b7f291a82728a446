"""Mails of the delegation's week from the staff console (issue 21): each member gets the
link to their week, each host of a published plan its notice, every mail in its recipient's
language (`notify/week.py`). They are sent while the page waits (a delegation is a dozen
people, a day a dozen hosts); who got one, and when, is kept and shown, and a mail that
fails is named with the reason, so staff can send it again."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from flask import current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from matchmaker.auth import staff
from matchmaker.extensions import db
from matchmaker.forms.week import MailMembersForm
from matchmaker.i18n import message_text
from matchmaker.models import VisitPlanState
from matchmaker.notify import Mail, send
from matchmaker.notify.week import host_notice_mail, member_week_mail
from matchmaker.services import programme, visit_hosts, visit_plans
from matchmaker.services.audit import record
from matchmaker.services.itinerary import member_token
from matchmaker.services.mail import MailError, mail_configured
from matchmaker.urls import public_url
from matchmaker.views.helpers import event_or_404, require_button
from matchmaker.views.staff import bp
from matchmaker.views.staff.visit_day import day_of, version_of_day

Outgoing = tuple[str, Callable[[], Mail], Callable[[], None]]  # who, the mail, mark it sent


def _send_all(outgoing: Sequence[Outgoing]) -> tuple[int, list[str]]:
    """Send each mail; returns how many went and, for each that did not, who and why."""
    sent, failed = 0, []
    for who, mail, mark in outgoing:
        try:
            send(current_app.config, mail())
        except MailError as error:
            failed.append(f"{who}: {message_text(error.reason)}")
            continue
        mark()
        db.session.commit()  # each mail sent is recorded at once
        sent += 1
    return sent, failed


@bp.post("/e/<slug>/week/members/mail")
def mail_members(slug: str) -> Response:
    event = event_or_404(slug)
    form = MailMembersForm()
    if not form.validate():
        flash(_("The form was not accepted; please try again."))
        return redirect(url_for("staff.week", slug=slug, _anchor="members"), code=303)
    if not mail_configured(current_app.config):
        flash(_("No mail can be sent: the mail server is not set up. Give the members "
                "their links another way (the list below)."))  # fmt: skip
        return redirect(url_for("staff.week", slug=slug, _anchor="members"), code=303)
    session = db.session()
    chosen = set(form.member.data)
    members = [
        m for m in programme.members_of(session, event)
        if m.email and (not chosen or m.id in chosen)
    ]  # fmt: skip
    secret = str(current_app.config["SECRET_KEY"])
    outgoing: list[Outgoing] = []
    for m in members:
        link = public_url("week.week", token=member_token(session, m, secret))
        mail = partial(member_week_mail, m, link)
        outgoing.append((m.name, mail, partial(programme.mark_mailed, session, m)))
    session.commit()  # the links' hashes, before anything is sent
    sent, failed = _send_all(outgoing)
    record(session, staff(), "mail.week", event=event, detail={"mails": sent})
    session.commit()
    flash(ngettext("%(num)d member got the link to their week.",
                   "%(num)d members got the link to their week.", sent))  # fmt: skip
    for line in failed:
        flash(line)
    return redirect(url_for("staff.week", slug=slug, _anchor="members"), code=303)


@bp.post("/e/<slug>/week/visits/<int:item_id>/<int:number>/notify-hosts")
def notify_hosts(slug: str, item_id: int, number: int) -> Response:
    event, item = day_of(slug, item_id)
    require_button()
    version = version_of_day(item, number)
    back = redirect(url_for("staff.visit_day", slug=slug, item_id=item_id, number=number), 303)
    if version.state is not VisitPlanState.PUBLISHED:
        flash(_("Publish the plan first: the hosts are told of the published plan."))
        return back
    if not mail_configured(current_app.config):
        flash(_("No mail can be sent: the mail server is not set up. Print the hosts' "
                "notices instead."))  # fmt: skip
        return back
    session = db.session()
    hosts = {str(h.id): h for h in visit_hosts.hosts_of(session, event)}
    interpreters = {str(i.id): i.name for i in event.interpreters}
    outgoing: list[Outgoing] = []
    for group in visit_plans.plan_of(version).groups:
        spoken = interpreters.get(group.interpreter or "", "")
        for visit in group.visits:
            host = hosts.get(visit.host)
            if host is None or not host.email:
                continue
            mail = partial(host_notice_mail, host, item, group, visit, spoken)
            mark = partial(visit_hosts.mark_notified, session, host, version.id)
            outgoing.append((host.name, mail, mark))
    sent, failed = _send_all(outgoing)
    record(session, staff(), "mail.host_notice", event=event, detail={"mails": sent})
    session.commit()
    flash(ngettext("%(num)d host got its notice.", "%(num)d hosts got their notices.", sent))
    for line in failed:
        flash(line)
    return back
