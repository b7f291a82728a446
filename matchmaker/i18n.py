"""Which language a page speaks: the reader's remembered choice, else their browser's wish,
else German. Also the Jinja helpers that format dates for the reader's locale."""

from __future__ import annotations

from datetime import date, time

from babel import Locale
from babel.dates import format_time
from flask import Flask, current_app, request
from flask_babel import Babel, format_date, get_locale, gettext
from markupsafe import Markup

from matchmaker.io.errors import InputFileError, Problem
from matchmaker.messages import Explained, Message
from matchmaker.models import Job, Participant
from matchmaker.services.firm_language import firm_locale
from matchmaker.services.schedules import ReportLine
from matchmaker.services.texts import Translated, local_text

LANGUAGE_COOKIE = "lang"
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English", "ru": "Русский"}


def select_locale() -> str:
    languages: tuple[str, ...] = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")
    if chosen in languages:
        return chosen
    default: str = current_app.config["BABEL_DEFAULT_LOCALE"]
    return request.accept_languages.best_match(languages) or default


def long_date(value: date) -> str:
    return str(format_date(value, format="full"))


def hhmm(value: time | None) -> str:
    return "" if value is None else value.strftime("%H:%M")


def explained(error: Explained) -> str:
    """A service's error in the reader's language."""
    return str(gettext(error.template, **error.values))


def problem_text(problem: Problem) -> str:
    """One problem of an input file in the reader's language, with its file, row, column."""
    message = str(gettext(problem.template, **problem.values))
    if problem.row is not None and problem.column is not None:
        where = gettext(
            "%(file)s, row %(row)d, column '%(column)s'",
            file=problem.file,
            row=problem.row,
            column=problem.column,
        )
    elif problem.row is not None:
        where = gettext("%(file)s, row %(row)d", file=problem.file, row=problem.row)
    else:
        where = problem.file
    return f"{where}: {message}"


def message_text(message: Message) -> str:
    """A `Message` in the reader's language."""
    return str(gettext(message.template, **message.values))


def job_text(job: Job) -> str:
    """A background run's outcome in the reader's language (rows from before 0014 hold
    English text without values, shown as it is)."""
    if not job.message:
        return ""
    return str(gettext(job.message, **job.message_values))


def finding_text(line: ReportLine) -> str:
    """A verifier finding in the reader's language, with the meeting it is about."""
    reason = str(gettext(line.reason, **line.values))
    if line.place is None:
        return reason
    if "time" in line.place:
        where = gettext("%(a)s – %(b)s at %(time)s, table %(table)s", **line.place)
    else:
        where = gettext("%(a)s – %(b)s in slot %(slot)s, table %(table)s", **line.place)
    return f"{where}: {reason}"


def problems_text(error: InputFileError) -> str:
    """All problems of an unusable file, one per line, in the reader's language."""
    return "\n".join(problem_text(p) for p in error.problems)


def reader_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def clock_time(value: time | None) -> str:
    """A wall-clock time of the fair (already in the event's zone) as the reader writes it:
    09:30 in German and Russian, 9:30 AM in English."""
    return (
        "" if value is None else str(format_time(value, format="short", locale=reader_language()))
    )


def firm_language(participant: Participant) -> str:
    """The page language to write to `participant` in (mails, printed agenda): wrap the
    rendering in `flask_babel.force_locale(firm_language(p))`."""
    config = current_app.config
    return firm_locale(participant, config["LANGUAGES"], config["BABEL_DEFAULT_LOCALE"])


def language_name(code: str, reader: str | None = None) -> str:
    """A language's name in the reader's language ("Russisch"), from the CLDR data in Babel."""
    try:
        name = Locale.parse(code).get_language_name(reader or reader_language())
    except (ValueError, TypeError):
        return code
    return str(name or code)


def localised(record: Translated, field: str) -> Markup:
    """A firm's or the event's text in the reader's language where it exists; otherwise the
    original, in an element that carries its `lang` (screen readers, hyphenation) and followed
    by a short mark naming the language it is written in."""
    reader = reader_language()
    chosen = local_text(record, field, reader)
    if not chosen.foreign:
        return Markup("{}").format(chosen.text)
    return Markup(
        '<span lang="{lang}">{text}</span> <abbr class="lang-mark" title="{name}">{code}</abbr>'
    ).format(
        lang=chosen.language,
        text=chosen.text,
        name=language_name(chosen.language, reader),
        code=chosen.language.upper(),
    )


def init_app(app: Flask, babel: Babel) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path + "/translations"),
    )
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["hhmm"] = hhmm
    app.jinja_env.filters["clock"] = clock_time
    app.jinja_env.filters["finding"] = finding_text
    app.jinja_env.filters["message"] = message_text
    app.jinja_env.filters["job_text"] = job_text
    app.jinja_env.filters["localised"] = localised
    app.jinja_env.globals["firm_language"] = firm_language
    app.jinja_env.globals["language_name"] = language_name
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
    app.jinja_env.globals["current_locale"] = reader_language
