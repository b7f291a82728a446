"""The forms of signing in and of accounts: a button's bare CSRF token (`ActionForm`),
the login, mailed links, passwords and the admins' test mail."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    Length,
)

from matchmaker.forms.base import Form
from matchmaker.forms.firm import email_field


class ActionForm(Form):
    """A button that changes something: only its CSRF token travels."""


class LoginForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class StaffEmailForm(Form):
    """A staff member's address, to mail a sign-in or password-reset link to."""

    email = email_field()


class TestMailForm(Form):
    """The address an admin sends a test mail to (the mail settings check)."""

    email = email_field()


class TokenForm(Form):
    """The button on a mailed link's page: the token travels in the form (a GET of the link,
    as mail scanners do, uses nothing up)."""

    token = HiddenField(validators=[DataRequired(), Length(max=100)])


def new_password() -> PasswordField:
    return PasswordField(
        _l("New password (at least 10 characters)"),
        validators=[DataRequired(), Length(min=10, max=200)],
    )


def repeated() -> PasswordField:
    return PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class ResetPasswordForm(TokenForm):
    password = new_password()
    repeat = repeated()


class ChangePasswordForm(Form):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    password = new_password()
    repeat = repeated()
