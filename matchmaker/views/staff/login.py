"""Getting into the staff console: the login, a one-time sign-in link by e-mail, a forgotten
password reset by e-mail, changing one's password, logging out.

Pages that ask for a link answer the same whether or not the address is a staff account,
and the mail goes out after the answer (`call_on_close`), so neither the page nor the time
it takes tells who is staff. Links are built on the public address (`urls.public_url`),
in the language of the page they were asked from. A link's own page shows a button: the
token is used up only by the POST, not by a mail scanner opening the link.
"""

from __future__ import annotations

from flask import (
    abort,
    after_this_request,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from werkzeug.wrappers import Response

from matchmaker.auth import (
    StaffLogin,
    demo_allowed,
    origin,
    remember_device,
    staff,
)
from matchmaker.extensions import db
from matchmaker.forms.account import (
    ChangePasswordForm,
    LoginForm,
    ResetPasswordForm,
    StaffEmailForm,
    TokenForm,
)
from matchmaker.forms.filters import StaffNextQuery, site_path
from matchmaker.i18n import explained
from matchmaker.models import StaffUser, TokenPurpose
from matchmaker.notify import send, staff_link_mail
from matchmaker.services.logins import check_login
from matchmaker.services.mail import MailError, mail_configured
from matchmaker.services.staff import StaffError, change_password, reset_password
from matchmaker.services.staff_tokens import IssuedToken, issue_token, redeem_token, valid_token
from matchmaker.urls import public_url
from matchmaker.views.helpers import require_button
from matchmaker.views.staff import bp

# Pages anyone may open (the rest of /staff needs a login).
ANONYMOUS = (
    "staff.login",
    "staff.mail_sign_in",
    "staff.sign_in_link",
    "staff.use_sign_in_link",
    "staff.forgot_password",
    "staff.reset_link",
    "staff.use_reset_link",
    "staff.invitation",  # someone invited to co-organise may have no account yet
)
Page = Response | tuple[str, int] | str


@bp.route("/login", methods=["GET", "POST"])
def login() -> Page:
    form = LoginForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("staff/login.html", form=form, message=None), status
    result = check_login(
        db.session(),
        form.email.data or "",
        form.password.data or "",
        origin(),
        demo_allowed=demo_allowed(),
    )
    db.session.commit()  # refusals count even when the login is refused
    if result.user is None:
        if result.wait_until is not None:
            message = (
                _(
                    "Too many failed logins. Please wait a few minutes, or have a sign-in link "
                    "e-mailed to you."
                )
                if mail_configured(current_app.config)
                else _(
                    "Too many failed logins. Please wait a few minutes, or ask an administrator "
                    "to lift the limit."
                )
            )
            return render_template("staff/login.html", form=form, message=message), 429
        message = _("E-mail or password is wrong.")
        return render_template("staff/login.html", form=form, message=message), 401
    return signed_in(result.user, StaffNextQuery(request.args).next.data or "")


@bp.post("/logout")
def logout() -> Response:
    require_button()
    logout_user()
    session.clear()
    return redirect(url_for("staff.login"), code=303)


@bp.route("/login/mail", methods=["GET", "POST"])
def mail_sign_in() -> Page:
    """ "E-mail me a sign-in link": the way in while password logins wait."""
    return _ask_for_link(TokenPurpose.SIGN_IN)


@bp.get("/login/link/<token>")
def sign_in_link(token: str) -> Page:
    return _link_page(token, TokenPurpose.SIGN_IN, TokenForm(token=token))


@bp.post("/login/link")
def use_sign_in_link() -> Page:
    form = TokenForm()
    if not form.validate_on_submit():
        abort(400)
    user = redeem_token(
        db.session(), form.token.data or "", TokenPurpose.SIGN_IN, demo_allowed=demo_allowed()
    )
    db.session.commit()
    if user is None:
        return render_template("staff/link.html", form=None, purpose="sign_in"), 404
    return signed_in(user, "")


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password() -> Page:
    return _ask_for_link(TokenPurpose.RESET)


@bp.get("/password/reset/<token>")
def reset_link(token: str) -> Page:
    return _link_page(token, TokenPurpose.RESET, ResetPasswordForm(token=token))


@bp.post("/password/reset")
def use_reset_link() -> Page:
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        if not form.token.data:
            abort(400)
        return render_template("staff/link.html", form=form, purpose="reset"), 422
    try:
        user = reset_password(
            db.session(), form.token.data or "", form.password.data or "",
            demo_allowed=demo_allowed(),
        )  # fmt: skip
    except StaffError as error:
        db.session.rollback()
        form.password.errors = [*form.password.errors, explained(error)]
        return render_template("staff/link.html", form=form, purpose="reset"), 422
    db.session.commit()
    if user is None:
        return render_template("staff/link.html", form=None, purpose="reset"), 404
    flash(_("Your new password is set. Please log in with it."))
    return redirect(url_for("staff.login"), code=303)


@bp.route("/password", methods=["GET", "POST"])
def password() -> Page:
    """Change one's own password; every other session of the account ends."""
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("staff/password.html", form=form), status
    user = staff()
    try:
        change_password(
            db.session(), user, form.current.data or "", form.password.data or "", origin()
        )
    except StaffError as error:
        db.session.commit()  # a refused current password counts like a refused login
        form.current.errors = [*form.current.errors, explained(error)]
        return render_template("staff/password.html", form=form), 422
    db.session.commit()
    login_user(StaffLogin(user))  # this session goes on with the new epoch
    flash(_("Your password is changed. Your other sessions have ended."))
    response = redirect(url_for("staff.dashboard"), code=303)
    remember_device(response, user)
    return response


def signed_in(user: StaffUser, target: str) -> Response:
    """Start a fresh session for `user`, trust this browser, and go on (only inside the
    console, checked by `forms.filters.site_path`: `next` never leads off the site)."""
    session.clear()  # nothing carried over from before the login
    login_user(StaffLogin(user))
    response = redirect(site_path(target, "/staff") or url_for("staff.dashboard"), code=303)
    remember_device(response, user)
    return response


def _ask_for_link(purpose: TokenPurpose) -> Page:
    """The form asking for a mailed link; one answer whatever the address."""
    form = StaffEmailForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("staff/ask_link.html", form=form, purpose=purpose.value), status
    if not mail_configured(current_app.config):
        flash(_("E-mail is not set up here: please ask an administrator."))
        return redirect(url_for("staff.login"), code=303)
    issued = issue_token(
        db.session(), form.email.data or "", purpose, origin(), demo_allowed=demo_allowed()
    )
    db.session.commit()
    if issued is not None:
        _mail_after_answer(issued, purpose)
    flash(_("If this address belongs to a staff account, a link is on its way to it."))
    return redirect(url_for("staff.login"), code=303)


def _link_page(token: str, purpose: TokenPurpose, form: TokenForm) -> Page:
    user = valid_token(db.session(), token, purpose, demo_allowed=demo_allowed())
    if user is None:
        return render_template("staff/link.html", form=None, purpose=purpose.value), 404
    return render_template("staff/link.html", form=form, purpose=purpose.value)


def _mail_after_answer(issued: IssuedToken, purpose: TokenPurpose) -> None:
    """Write the link's mail now (in the page's language, `notify.staff_link_mail`) and
    send it once the answer has gone out, so that a known address takes no longer to answer
    than an unknown one."""
    sign_in = purpose is TokenPurpose.SIGN_IN
    endpoint = "staff.sign_in_link" if sign_in else "staff.reset_link"
    mail = staff_link_mail(
        issued.user,
        sign_in=sign_in,
        link=public_url(endpoint, token=issued.token),
        until=issued.expires_at,
    )
    config, logger = dict(current_app.config), current_app.logger

    def deliver() -> None:
        try:
            send(config, mail)
        except MailError as error:
            logger.warning("%s", error)

    @after_this_request
    def later(response: Response) -> Response:
        response.call_on_close(deliver)
        return response
