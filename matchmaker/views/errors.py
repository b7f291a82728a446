"""Error pages in the reader's language, inside the site's layout, with a way on.

Flask's defaults are English pages without the site around them: a firm whose replaced or
expired link answers 404 would read "Not Found" and nothing else. Here each status gets a
title, a sentence that says what probably happened and what to do, and the usual header
with the language links. A request the app could not even route (a host it does not serve)
keeps the plain answer: building links for it would fail, and it comes from no reader.
"""

from __future__ import annotations

from flask import Flask, make_response, render_template
from flask.globals import request_ctx
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from matchmaker.extensions import db
from matchmaker.services.mail import mail_configured
from matchmaker.urls import public_address_warnings

TEXTS = {
    400: (
        _l("The request could not be handled"),
        _l("The page could not use what was sent. Go back, reload the page and try again."),
    ),
    403: (_l("Not allowed"), _l("Your account may not open this page.")),
    404: (
        _l("Page not found"),
        _l(
            "The address is wrong, or the page is no longer there. A firm's personal link "
            "stops working when the firm replaces it, when its data are deleted, and some "
            "time after the fair. The fair's page sends a firm its current link again."
        ),
    ),
    405: (_l("Not possible here"), _l("This page cannot be used that way.")),
    413: (
        _l("Too large"),
        _l("What was sent is larger than this site accepts (at most 10 MB per upload)."),
    ),
    429: (_l("Too many attempts"), _l("Please wait a little, then try again.")),
    500: (
        _l("Something went wrong on our side"),
        _l("The error was recorded for the organisers. Please try again later."),
    ),
}
CSRF_TEXT = (
    _l("The form has expired"),
    _l(
        "The form was open too long, or was not sent from this site. Go back, reload the "
        "page and send it again."
    ),
)


def error_page(error: HTTPException) -> Response | HTTPException:
    """The error in the site's layout and the reader's language (the plain answer when the
    request could not be routed at all)."""
    if request_ctx.url_adapter is None:
        return error
    code = error.code or 500
    if code >= 500:  # the failed request's changes go; the page renders on a clean session
        db.session.rollback()
    title, text = CSRF_TEXT if isinstance(error, CSRFError) else TEXTS.get(code, TEXTS[400])
    response = make_response(render_template("error.html", code=code, title=title, text=text))
    response.status_code = code
    for name, value in error.get_headers():
        if name in ("Allow", "Retry-After"):
            response.headers[name] = value
    return response


def register(app: Flask) -> None:
    """Every status in TEXTS (an exception no view handled reaches the 500 page through
    Flask, which logs it first) and the CSRF refusal. Pages also learn whether mail is set
    up (`mail_ready()`), so that none promises an e-mail that cannot be sent."""
    app.jinja_env.globals["mail_ready"] = lambda: mail_configured(app.config)
    app.jinja_env.globals["public_base"] = lambda: str(app.config["BASE_URL"])
    app.jinja_env.globals["public_base_warnings"] = lambda: public_address_warnings(
        str(app.config["BASE_URL"])
    )
    for code in TEXTS:
        app.register_error_handler(code, error_page)
    app.register_error_handler(CSRFError, error_page)
