"""The base of forms that read a page's query string (`?q=…`, `?state=…`): the same cleaned,
bounded fields as every form, but no CSRF token, since a GET changes nothing and a link must
keep working. Built from the address: `SomeQuery(request.args)`."""

from __future__ import annotations

from matchmaker.forms.base import Form


class QueryForm(Form):
    """A query string read as a form: `SomeQuery(request.args)`; no CSRF token."""

    class Meta(Form.Meta):
        csrf = False
