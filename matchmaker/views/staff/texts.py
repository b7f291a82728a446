"""Staff page of the event's texts in other languages: the description and the names of its
sectors, breaks, tables and groups, each with one field per offered language."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from matchmaker.auth import staff
from matchmaker.extensions import db
from matchmaker.forms.texts import translations_form
from matchmaker.services.event_texts import (
    KIND_LABELS,
    event_texts,
    offered_languages,
    save_translations,
)
from matchmaker.views.helpers import event_or_404
from matchmaker.views.staff import bp


@bp.route("/e/<slug>/texts", methods=["GET", "POST"])
def event_texts_page(slug: str) -> Response | tuple[str, int] | str:
    event = event_or_404(slug)
    texts = event_texts(event)
    languages = offered_languages(event, current_app.config["LANGUAGES"])
    form = translations_form(texts, languages, fill=False)
    if not form.is_submitted():
        form = translations_form(texts, languages, fill=True)
    elif form.validate():
        changed = save_translations(
            db.session(), event, form.translations(texts, languages), languages, staff()
        )
        db.session.commit()
        flash(
            ngettext("%(num)d text saved.", "%(num)d texts saved.", changed)
            if changed
            else _("Nothing changed.")
        )
        return redirect(url_for("staff.event_texts_page", slug=slug), code=303)
    status = 422 if form.errors else 200
    return render_template(
        "staff/texts.html",
        event=event,
        texts=texts,
        languages=languages,
        form=form,
        kinds=KIND_LABELS,
    ), status
