"""The mail settings check for admins: the settings the app sends with (never the password,
only whether one is set) and a test mail to any address, answered at once with success or
the exact failure in plain words. The only mail sent in a web request from the console: its
point is to report at once what the mail server says."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import gettext as _

from matchmaker.auth import admin_required, staff
from matchmaker.core.messages import Message
from matchmaker.extensions import db
from matchmaker.forms.account import TestMailForm
from matchmaker.i18n import message_text
from matchmaker.notify import send, settings_check_mail
from matchmaker.services.audit import record
from matchmaker.services.mail import MailError, mail_configured, mail_settings
from matchmaker.services.mail_failures import NOT_SET_UP
from matchmaker.views.staff import bp


def _send_test(address: str) -> tuple[bool, str]:
    """Send the test mail; whether it went, and what to tell the admin."""
    config = current_app.config
    if not mail_configured(config):
        return False, message_text(Message(NOT_SET_UP))
    user = staff()
    try:
        send(config, settings_check_mail(address, config["BASE_URL"], user.name or user.email))
    except MailError as error:
        current_app.logger.warning("%s", error)
        return False, message_text(error.reason)
    return True, _(
        "The mail server accepted the test mail to %(address)s. If it does not arrive, look "
        "in the spam folder and ask whoever runs the mail server for its log.",
        address=address,
    )


@bp.route("/admin/mail", methods=["GET", "POST"])
@admin_required
def mail_check() -> tuple[str, int] | str:
    form = TestMailForm()
    result: tuple[bool, str] | None = None
    if form.validate_on_submit():
        address = (form.email.data or "").strip()
        result = _send_test(address)
        record(db.session(), staff(), "mail.test", subject=address, detail={"sent": result[0]})
        db.session.commit()
    page = render_template(
        "staff/mail_check.html",
        form=form,
        settings=mail_settings(current_app.config),
        configured=mail_configured(current_app.config),
        result=result,
    )
    return page, 422 if form.is_submitted() and result is None else 200
