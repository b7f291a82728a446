"""The forms of organisations and their staff (issue 19): staff accounts, an organisation's
settings and members, an event's co-organisers and the invitations to co-organise."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # (stubs lag 3.3)
from wtforms.validators import DataRequired, Email, Length, Optional

from matchmaker.forms.account import new_password, repeated
from matchmaker.forms.base import Form
from matchmaker.forms.firm import email_field
from matchmaker.i18n import LANGUAGE_NAMES
from matchmaker.models import Organisation, StaffUser
from matchmaker.models.limits import max_length

CO_ROLES = [
    SelectChoice("organiser", _l("Co-organiser: settings, firms, matching, timetable")),
    SelectChoice("supporter", _l("Supporter: reads, exports, the fair-day desk")),
]


def _optional_email(label: str) -> EmailField:
    return EmailField(
        label,
        validators=[
            Optional(),
            Length(max=254),
            Email(message=_l("Not a valid e-mail address."), check_deliverability=False),
        ],
    )


def _organisation_name() -> StringField:
    return StringField(
        _l("Name of the organisation"),
        validators=[DataRequired(), Length(max=max_length(Organisation.name))],
    )


class StaffAccountForm(Form):
    email = email_field()
    name = StringField(_l("Name"), validators=[Optional(), Length(max=max_length(StaffUser.name))])
    password = PasswordField(
        _l("Password (at least 10 characters)"),
        validators=[DataRequired(), Length(min=10, max=200)],
    )
    admin = BooleanField(_l("Administrator (manages staff and events)"))
    # Choices are the installation's organisations; 0: none (an administrator only).
    organisation = SelectField(_l("Organisation"), coerce=int, validators=[Optional()])


class NewOrganisationForm(Form):
    name = _organisation_name()
    contact_email = _optional_email(_l("Contact e-mail (shown on its public page)"))


class OrganisationForm(Form):
    """What an organisation shows and signs its fairs' mails with."""

    contact_email = _optional_email(_l("Contact e-mail (shown on its public page)"))
    sender_name = StringField(
        _l("Sender name on the mails of its fairs"),
        validators=[Optional(), Length(max=max_length(Organisation.sender_name))],
    )
    reply_to = _optional_email(_l("Replies to the mails of its fairs go to"))


class MemberForm(Form):
    email = EmailField(
        _l("E-mail of a staff account"), validators=[DataRequired(), Length(max=254)]
    )


class InviteForm(Form):
    email = email_field()
    role = SelectField(_l("Role"), choices=CO_ROLES, default="organiser")
    locale = SelectField(
        _l("Language of the invitation"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()],
    )


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=CO_ROLES)


class AcceptForm(Form):
    # Choices are the account's organisations.
    organisation = SelectField(_l("Take part as"), coerce=int)


class JoinForm(Form):
    """Someone invited without an account: their organisation and their own account."""

    organisation = _organisation_name()
    name = StringField(
        _l("Your name"), validators=[DataRequired(), Length(max=max_length(StaffUser.name))]
    )
    password = new_password()
    repeat = repeated()
