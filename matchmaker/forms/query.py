"""The base of the forms read from a query string (`SomeQuery(request.args)`): a GET
changes nothing, so it carries no CSRF token; its fields are cleaned and bounded like every
form's (`forms.base`)."""

from __future__ import annotations

from matchmaker.forms.base import Form


class QueryForm(Form):
    """A form bound to `request.args` (a list's filters, a link's `next`): no CSRF."""

    class Meta:
        csrf = False
