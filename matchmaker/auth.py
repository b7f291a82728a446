"""Staff login with Flask-Login: the session holds the account id; pages for staff and for
admins are guarded by decorators. Firms never log in (they have personal links)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import Flask, abort
from flask_login import LoginManager, UserMixin, current_user
from flask_login.utils import login_required

from matchmaker.extensions import db
from matchmaker.models import StaffRole, StaffUser

P = ParamSpec("P")
R = TypeVar("R")

login_manager = LoginManager()


class StaffLogin(UserMixin):
    """The logged-in staff account as Flask-Login sees it."""

    def __init__(self, user: StaffUser) -> None:
        self.user = user

    def get_id(self) -> str:
        return str(self.user.id)

    @property
    def is_admin(self) -> bool:
        return self.user.role == StaffRole.ADMIN


@login_manager.user_loader
def _load(user_id: str) -> StaffLogin | None:
    user = db.session.get(StaffUser, int(user_id)) if user_id.isdigit() else None
    return StaffLogin(user) if user is not None and user.active else None


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "staff.login"
    login_manager.session_protection = "strong"
    login_manager.login_message = None


def staff() -> StaffUser:
    """The account of the staff member behind this request (inside `staff_required`)."""
    user: StaffUser = current_user.user
    return user


def staff_required(view: Callable[P, R]) -> Callable[P, R]:
    wrapped: Callable[P, R] = login_required(view)
    return wrapped


def admin_required(view: Callable[P, R]) -> Callable[P, R]:
    """Staff who are not admins get 403 on admin pages."""

    @wraps(view)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    wrapped: Callable[P, R] = login_required(guarded)
    return wrapped
