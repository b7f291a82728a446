"""Headers every answer carries: a content security policy that allows no inline script
and no framing, no MIME sniffing, a referrer policy that keeps addresses on the site, and
HSTS when the public address is HTTPS. Forms are accepted only from the site itself.

Pages with personal links say `no-store` and `noindex` themselves; the standalone print
page of the themed tables carries its own styles and says so in its own policy.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from matchmaker.urls import public_origin

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
CSP_INLINE_STYLE = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
HSTS = "max-age=63072000; includeSubDomains"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def secure_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    if str(current_app.config["BASE_URL"]).startswith("https://"):
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def same_origin_only() -> None:
    """Refuse a form sent from another site (400), by the browser's own word.

    Every POST also needs its CSRF token (Flask-WTF); this is the second lock, and it does
    not depend on a Referer, which browsers and privacy tools may leave out: `Origin`, when
    sent, must be this site (`null`, sent by sandboxed frames and `data:` pages, is not);
    without `Origin`, a `Referer`, when sent, must be this site. A request with neither
    rests on its token alone.
    """
    if request.method in SAFE_METHODS:
        return
    allowed = {public_origin(), request.host_url.rstrip("/")}
    origin = request.headers.get("Origin")
    if origin is not None:
        if origin not in allowed:
            abort(400, description="The form was sent from another site.")
        return
    referer = request.headers.get("Referer")
    if referer:
        parts = urlsplit(referer)
        if f"{parts.scheme}://{parts.netloc}" not in allowed:
            abort(400, description="The form was sent from another site.")


def init_app(app: Flask) -> None:
    app.before_request(same_origin_only)
    app.after_request(secure_headers)
    trust_proxies(app)


def trust_proxies(app: Flask) -> None:
    """Behind `PROXY_HOPS` reverse proxies (nginx, a platform's router), take the client's
    address and scheme from their X-Forwarded-* headers, so that login limits count the
    client, not the proxy. With no proxy (the default) those headers are ignored: a client
    could write anything into them."""
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
