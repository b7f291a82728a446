"""Headers every answer carries: a content security policy that allows no inline script
and no framing, no MIME sniffing, and a referrer policy that keeps addresses on the site.

Pages with personal links set a stricter referrer policy themselves; the standalone print
page of the themed tables carries its own styles and says so in its own policy.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
CSP_INLINE_STYLE = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


def secure_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    return response


def init_app(app: Flask) -> None:
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
