"""Staff login with Flask-Login: the session holds the account id and its session epoch
(raising the epoch ends every session of the account); pages for staff and for admins are
guarded by decorators. Firms never log in (they have personal links).

A browser that signed in gets a signed trusted-device cookie naming the account and epoch:
login limits spare it (`services.logins`), so guessing by strangers does not keep the
account's owner out of their own browser.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import Flask, abort, current_app, request
from flask_login import LoginManager, UserMixin, current_user
from flask_login.utils import login_required
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from matchmaker.extensions import db
from matchmaker.models import StaffRole, StaffUser
from matchmaker.services.logins import Device, Origin, may_sign_in

P = ParamSpec("P")
R = TypeVar("R")

login_manager = LoginManager()


class StaffLogin(UserMixin):
    """The logged-in staff account as Flask-Login sees it."""

    def __init__(self, user: StaffUser) -> None:
        self.user = user

    def get_id(self) -> str:
        return f"{self.user.id}.{self.user.session_epoch}"

    @property
    def is_admin(self) -> bool:
        return self.user.role == StaffRole.ADMIN


DEVICE_COOKIE = "staff_device"
DEVICE_DAYS = 180


@login_manager.user_loader
def _load(session_id: str) -> StaffLogin | None:
    """The account of a session whose epoch is still the account's (sessions from before
    a new password or an admin's order do not load)."""
    user_id, _, epoch = session_id.partition(".")
    if not (user_id.isdigit() and epoch.isdigit()):
        return None
    user = db.session.get(StaffUser, int(user_id))
    if user is None or user.session_epoch != int(epoch):
        return None
    return StaffLogin(user) if may_sign_in(user, demo_allowed=demo_allowed()) else None


def demo_allowed() -> bool:
    """Demo accounts (public password) sign in anywhere but in production."""
    return bool(current_app.config["MATCHMAKER_ENV"] != "production")


def origin() -> Origin:
    """Where this request comes from, for the login limits: the client's address (behind
    configured proxies, the forwarded one) and its trusted-device cookie, if valid."""
    return Origin(request.remote_addr or "", _device())


def remember_device(response: Response, user: StaffUser) -> None:
    """Give the browser that just signed in a trusted-device cookie for the account."""
    value = _serializer().dumps([user.id, user.session_epoch, secrets.token_hex(16)])
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=int(timedelta(days=DEVICE_DAYS).total_seconds()),
        path="/staff",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )


def _device() -> Device | None:
    value = request.cookies.get(DEVICE_COOKIE, "")
    if not value or len(value) > 300:
        return None
    try:
        user_id, epoch, device_id = _serializer().loads(
            value, max_age=int(timedelta(days=DEVICE_DAYS).total_seconds())
        )
    except (BadSignature, ValueError, TypeError):
        return None
    if not (isinstance(user_id, int) and isinstance(epoch, int) and isinstance(device_id, str)):
        return None
    return Device(user_id, epoch, device_id[:32])


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key or "", salt="staff-device")


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "staff.login"
    login_manager.session_protection = "strong"
    login_manager.login_message = None


def staff() -> StaffUser:
    """The account of the staff member behind this request (the staff blueprint lets no
    request in without one: `views.staff.signed_in_only`)."""
    user: StaffUser = current_user.user
    return user


def admin_required(view: Callable[P, R]) -> Callable[P, R]:
    """Staff who are not admins get 403 on admin pages."""

    @wraps(view)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    wrapped: Callable[P, R] = login_required(guarded)
    return wrapped
