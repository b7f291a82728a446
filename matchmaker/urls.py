"""The site's one public address, and links built on it.

Every link the app hands out (in e-mails, on pages, in exports, from the worker) is built
from the configured `BASE_URL`, never from the request's `Host` or `X-Forwarded-Host`
header: those are written by the client, and a link to a stranger's host in a mail from
the organiser's server would hand over a firm's personal link. `config.public_address`
checks the setting at start-up and derives the trusted hosts from it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app

from matchmaker.extensions import db
from matchmaker.models import Participant
from matchmaker.services.links import current_token


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of `endpoint` on the public address (inside an app context; no
    request is needed, so the worker and the command line build the same links).

    `endpoint` is a full name such as `"firm.overview"`; every URL variable is given
    explicitly (a blueprint's url_defaults do not apply outside a request).
    """
    base = urlsplit(str(current_app.config["BASE_URL"]))
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def public_origin() -> str:
    """`scheme://host[:port]` of the public address: what a browser sends as `Origin`."""
    base = urlsplit(str(current_app.config["BASE_URL"]))
    return f"{base.scheme}://{base.netloc}"


LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")  # noqa: S104 (names, not a bind)


def public_address_warnings(base: str) -> list[str]:
    """What is wrong with `base` as the address mailed links begin with: "local" (a host
    only this machine reaches: the firms cannot open the links) and "http" (not encrypted:
    a personal link could be read on the way). Empty when it is fine."""
    parts = urlsplit(base)
    found = []
    if (parts.hostname or "") in LOCAL_HOSTS or (parts.hostname or "").endswith(".localhost"):
        found.append("local")
    if parts.scheme != "https":
        found.append("http")
    return found


def personal_link(participant: Participant, endpoint: str = "firm.overview") -> str:
    """The firm's personal link on the public address, for a mail or an export. Its hash may
    be stored now (a new firm, or one last given a link under an earlier key): the caller
    commits."""
    token = current_token(db.session(), participant, current_app.config["SECRET_KEY"])
    return public_url(endpoint, token=token)
