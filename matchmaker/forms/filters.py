"""The query strings of the app's pages, each a form bound to `request.args` (`QueryForm`,
no CSRF: a GET changes nothing): a firm's partner filter, the staff's firm list filters, the
organiser chosen with `?by`, the organiser's registration link (`?via`) and the page to go
on to after a login or a change of language (`?next`, never off the site). Every value is
cleaned and bounded here; one that is no proper value is read as none (`forms.bounded`)."""

from __future__ import annotations

from functools import partial
from urllib.parse import urlsplit

from wtforms.validators import Length

from matchmaker.forms.bounded import FlagField, IdField, TextField, cut_text, one_of
from matchmaker.forms.query import QueryForm
from matchmaker.models import ParticipantStatus
from matchmaker.services.firm_admin import SORTS
from matchmaker.services.partners import PartnerFilter

# The longest search text, and the longest address of an organiser's registration link.
SEARCH_LIMIT = 200
VIA_LIMIT = 80
# The longest `next` address followed (no server takes a longer request line).
MAX_PATH = 4096


def site_path(value: object, inside: str = "/") -> str:
    """`value` when it is a path on this site starting with `inside` ("/", "/staff"), else
    "": no scheme, no host, no "//" (`https://evil.example`, `//evil.example`), so that a
    redirect to it stays on the site (an open redirect would lend the site's name to
    phishing)."""
    if not isinstance(value, str) or len(value) > MAX_PATH:
        return ""
    if not value.startswith(inside) or value.startswith("//"):
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed "[" of an IPv6 host
        return ""
    return "" if parts.scheme or parts.netloc else value


def _site_path_or(value: object, *, inside: str, default: str) -> str:
    return site_path(value, inside) or default


def next_field(inside: str, default: str) -> TextField:
    """The `next` of a link: a path on this site inside `inside`, or `default`."""
    return TextField(
        default=default,
        validators=[Length(max=MAX_PATH)],  # never fails: a longer one is `default`
        filters=[partial(_site_path_or, inside=inside, default=default)],
    )


class PartnerQuery(QueryForm):
    """A firm's partner list: `?sector`, `?group`, `?country` (two letters), `?q` (a
    search, cut to 200 characters) and `?all=1` (every firm, not only recommended ones)."""

    sector = IdField()
    group = IdField()
    country = cut_text(2)
    q = cut_text(SEARCH_LIMIT)
    all = FlagField()

    def wanted(self) -> PartnerFilter:
        """The filter the firm asked for."""
        return PartnerFilter(
            sector_id=self.sector.data,
            group_id=self.group.data,
            country=self.country.data or "",
            text=self.q.data or "",
            everyone=bool(self.all.data),
        )


class FirmListQuery(QueryForm):
    """The staff's list of an event's firms: `?q` (cut to 200 characters), `?status` (a
    firm's state, else all), `?group` and `?sort` (a known order, else by name)."""

    q = cut_text(SEARCH_LIMIT)
    status = one_of([s.value for s in ParticipantStatus], "")
    group = IdField()
    sort = one_of(list(SORTS), "name")


class RecruiterQuery(QueryForm):
    """`?by=<organisation id>`: the organiser whose recruits a page shows (None: all)."""

    by = IdField()


class RegistrationQuery(QueryForm):
    """`?via=<organisation address>`: whose registration link the firm followed."""

    via = cut_text(VIA_LIMIT)


class StaffNextQuery(QueryForm):
    """`?next` of the staff login: a page of the console to go on to, or "" (the
    dashboard)."""

    next = next_field("/staff", "")


class LanguageNextQuery(QueryForm):
    """`?next` of the language menu: the page of this site to go back to, or "/"."""

    next = next_field("/", "/")
