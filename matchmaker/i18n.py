"""Which language a page speaks: the reader's remembered choice, else their browser's wish,
else German; on a fair's firm and public pages only among the languages the fair offers
(`offer_event_languages`). Also the Jinja helpers that format dates for the reader's locale."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, time

from babel import Locale
from babel.dates import format_interval, format_time, get_timezone_location
from flask import Flask, current_app, g, request
from flask_babel import Babel, format_date, format_decimal, get_locale, gettext, ngettext, refresh
from markupsafe import Markup

from matchmaker.core.messages import Explained, Message
from matchmaker.core.text import language_names as names
from matchmaker.core.text.analysis import detect_language
from matchmaker.core.text.countries import country_name
from matchmaker.core.text.localised import LocalText, shortened
from matchmaker.io.errors import InputFileError, Problem
from matchmaker.io.profiles import COLUMN_LABELS, TRANSLATION_COLUMNS
from matchmaker.models import DelegationMember, Event, EventTable, Job, Participant, ScheduleVersion
from matchmaker.services.firm_language import event_languages, fallback_language, firm_locale
from matchmaker.services.schedules import ReportLine
from matchmaker.services.texts import Translated, local_text, theme_table

LANGUAGE_COOKIE = "lang"
# Each page language by its own name, for the language menu and lists to choose from.
LANGUAGE_NAMES = {
    "de": "Deutsch", "en": "English", "ru": "Русский",
    "uk": "Українська", "pl": "Polski", "ko": "한국어",
}  # fmt: skip


def page_languages() -> tuple[str, ...]:
    """The languages this page may speak: the fair's (`offer_event_languages`) on its firm
    and public pages, else all of the installation (staff pages, the list of fairs)."""
    offered: tuple[str, ...] = g.get("page_languages") or current_app.config["LANGUAGES"]
    return offered


def offer_event_languages(
    event: Event, fallback: str | None = None, preferred: str | None = None
) -> None:
    """The page being answered belongs to `event`: it speaks only the languages the event
    offers; without a wish among them the installation's default where offered, else
    `fallback` (the firm's own language on its pages), else the event's own language.
    `preferred` (a delegation member's own language on their week) comes before the
    browser's wish where the event offers it; only a language chosen in the menu beats it."""
    offered = event_languages(event, current_app.config["LANGUAGES"])
    defaults = (current_app.config["BABEL_DEFAULT_LOCALE"], fallback, event.language)
    g.page_languages = offered
    g.page_default = next((code for code in defaults if code in offered), offered[0])
    g.page_preferred = preferred if preferred in offered else None
    refresh()  # a language chosen before this point (an early message) is chosen again


def select_locale() -> str:
    languages = page_languages()
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")
    if chosen in languages:
        return chosen
    preferred: str | None = g.get("page_preferred")
    if preferred in languages:
        return str(preferred)
    default: str = g.get("page_default") or current_app.config["BABEL_DEFAULT_LOCALE"]
    return request.accept_languages.best_match(languages) or default


def long_date(value: date) -> str:
    return str(format_date(value, format="full"))


def hhmm(value: time | None) -> str:
    return "" if value is None else value.strftime("%H:%M")


def explained(error: Explained) -> str:
    """A service's error in the reader's language."""
    return str(gettext(error.template, **error.values))


def column_labels() -> dict[str, str]:
    """The profiles file's columns by their names in the reader's language (Land, E-Mail,
    Страна) rather than our internal ones (country, email)."""
    labels = {column: str(gettext(label)) for column, label in COLUMN_LABELS.items()}
    for column in TRANSLATION_COLUMNS:  # offer_ru: "Wir bieten (Russisch)"
        text, language = column.rsplit("_", 1)
        labels[column] = f"{labels[text]} ({language_name(language)})"
    return labels


def problem_text(problem: Problem, labels: Mapping[str, str] | None = None) -> str:
    """One problem of an input file in the reader's language, with its file, row, column
    (named by `labels` where it has the column, also in the message)."""
    named = labels or {}
    values = {
        k: named.get(v, v) if k == "column" and isinstance(v, str) else v
        for k, v in problem.values.items()
    }
    message = str(gettext(problem.template, **values))
    if problem.row is not None and problem.column is not None:
        where = gettext(
            "%(file)s, row %(row)d, column '%(column)s'",
            file=problem.file,
            row=problem.row,
            column=named.get(problem.column, problem.column),
        )
    elif problem.row is not None:
        where = gettext("%(file)s, row %(row)d", file=problem.file, row=problem.row)
    else:
        where = problem.file
    return f"{where}: {message}"


# Message values that hold language codes, several as "de/ru" (core/scheduling/interpreters.py).
LANGUAGE_VALUES = ("languages_a", "languages_b")


def message_text(message: Message) -> str:
    """A `Message` in the reader's language (a count's in the form for its number), the
    languages it names by their names ("Deutsch/Russisch", not "de/ru")."""
    values = dict(message.values)
    for key in LANGUAGE_VALUES:
        if key in values:
            values[key] = "/".join(language_name(c) for c in str(values[key]).split("/"))
    if message.plural:
        num = values.pop("num")
        return str(ngettext(message.template, message.plural, num if isinstance(num, int) else 0,
                            **values))  # fmt: skip
    return str(gettext(message.template, **values))


def job_text(job: Job) -> str:
    """A background run's outcome in the reader's language (rows from before 0014 hold
    English text without values, shown as it is)."""
    if not job.message:
        return ""
    values = dict(job.message_values)
    if "scorer" in values:  # "TF-IDF + use-multilingual-v3": the method, in words
        values["scorer"] = method_in_words(str(values["scorer"]))
    return str(gettext(job.message, **values))


def method_in_words(scorer: str) -> str:
    """How the recommendations were found, for organisers: the words of offers and requests
    compared, and with a language model also their meaning across languages."""
    if "+" in scorer:
        return str(gettext("compared by their words and by their meaning, also across languages"))
    return str(gettext("by the words of offers and requests"))


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


def clock_range(start: time, end: time) -> str:
    """A span of wall-clock times as the reader writes it, by CLDR's interval patterns:
    "09:00–09:20 Uhr", "9:00 – 9:20 AM", "오전 9:00~9:20" (the day period once, where two
    clock times would repeat it). The skeleton follows the locale's own hour cycle, so a
    range reads like `clock_time` beside it."""
    locale = Locale.parse(reader_language())
    skeleton = "hm" if "h" in str(locale.time_formats["short"].pattern) else "Hm"
    return str(format_interval(start, end, skeleton, locale=locale))


def firm_language(participant: Participant) -> str:
    """The page language to write to `participant` in (mails, printed agenda, calendar),
    one its fair offers: wrap the rendering in `flask_babel.force_locale(firm_language(p))`."""
    event = participant.event
    offered = event_languages(event, current_app.config["LANGUAGES"])
    return firm_locale(participant, offered, event.language)


def host_language(event: Event, wished: str | None) -> str:
    """The language to write to a firm that hosts a visit in: its own where the event
    offers it, else the event's own language (or the first it offers)."""
    offered = event_languages(event, current_app.config["LANGUAGES"])
    if wished in offered:
        return str(wished)
    return event.language if event.language in offered else offered[0]


def member_language(member: DelegationMember) -> str:
    """The language to write to the member in (their printed week and calendar): their own
    where the event offers it, else their firm's (as its pages decide), else the first of
    the languages they speak that the event offers, else the event's fallback."""
    offered = event_languages(member.event, current_app.config["LANGUAGES"])
    if member.locale in offered:
        return str(member.locale)
    if member.participant is not None:
        return firm_language(member.participant)
    spoken = [code for code in member.languages if code in offered]
    return spoken[0] if spoken else fallback_language(member.event, offered)


def language_name(code: str, reader: str | None = None) -> str:
    """A language's name in the reader's language ("Russisch"), from the CLDR data in Babel."""
    return names.language_name(code, reader or reader_language())


def language_list(codes: Iterable[str]) -> str:
    """Languages (a firm's, those two partners share) by their names in the reader's
    language, "Deutsch, Russisch": what pages, prints and calendars show, never the codes."""
    return names.language_names(codes, reader_language())


def localised(record: Translated, field: str, limit: int | None = None) -> Markup:
    """A firm's or the event's text in the reader's language where it exists; otherwise the
    original, in an element that carries its `lang` (screen readers, hyphenation) and followed
    by a short mark naming the language it is written in. `limit`: cut longer texts at a word
    (lists of cards)."""
    chosen = local_text(record, field, reader_language())
    if limit is not None:
        chosen = replace(chosen, text=shortened(chosen.text, limit))
    return marked(chosen)


def zone_city(zone: str) -> str:
    """A time zone as the place readers know it, in their language ("Берлин" for
    Europe/Berlin), from the CLDR data in Babel; the id itself when Babel does not know it."""
    try:
        return str(get_timezone_location(zone, locale=reader_language(), return_city=True))
    except (LookupError, ValueError):
        return zone


def country(code: str) -> str:
    """A country code as the country's name in the reader's language ("Russland")."""
    return country_name(code, reader_language())


def marked(chosen: LocalText) -> Markup:
    """A chosen text, in a `lang` element with its language mark when foreign to the reader."""
    if not chosen.foreign:
        return Markup("{}").format(chosen.text)
    return Markup(
        '<span lang="{lang}">{text}</span> <abbr class="lang-mark" title="{name}">{code}</abbr>'
    ).format(
        lang=chosen.language,
        text=chosen.text,
        name=language_name(chosen.language, reader_language()),
        code=chosen.language.upper(),
    )


def written(text: str) -> Markup:
    """A text whose language nobody stated (a request's message) as `marked`: the language
    read from the text itself (core.text.detect_language)."""
    language = detect_language(text) if text.strip() else reader_language()
    return marked(LocalText(text, language, foreign=language != reader_language()))


def reason_html(sentences: Sequence[Message]) -> Markup:
    """Why a partner was suggested, in the reader's language: the sentences of
    `services.match_reasons.local_reason`, the partner's words marked where foreign."""
    out = []
    for sentence in sentences:
        values = {
            key: marked(value) if isinstance(value, LocalText) else value
            for key, value in sentence.values.items()
        }
        template = Markup.escape(gettext(sentence.template))  # "&" in a translation stays text
        out.append(template % values if values else template)
    return Markup(" ").join(out)


def localised_text(record: Translated, field: str) -> str:
    """`localised` as plain text, for places that take no markup (a list's options): the
    reader's version, or the original followed by its language's code."""
    chosen = local_text(record, field, reader_language())
    return f"{chosen.text} ({chosen.language.upper()})" if chosen.foreign else chosen.text


def localised_lang(record: Translated, field: str) -> dict[str, str]:
    """The attributes of an element holding `localised_text(record, field)`: its `lang`
    when that text is not in the reader's language (an `<option>` or a chart's label holds
    no marked span), else none. Templates: `{{ s | localised_lang("name") | xmlattr }}`;
    forms: a choice's `render_kw`."""
    chosen = local_text(record, field, reader_language())
    return {"lang": chosen.language} if chosen.foreign else {}


def localised_list(records: Iterable[Translated], field: str) -> Markup:
    """Several records' texts (a firm's sectors), each as `localised`, comma-separated."""
    return Markup(", ").join(localised(record, field) for record in records)


def table_label(table: EventTable) -> Markup:
    """A table as readers know it: its name in their language, else its number."""
    return localised(table, "name") if table.name else Markup("{}").format(table.number)


def theme_text(event: Event, theme: str) -> Markup:
    """A seating plan's theme (typed on the themed-tables page) in the reader's language,
    from the event's table of that theme where one has it."""
    table = theme_table(event, theme)
    return localised(table, "theme") if table is not None else Markup("{}").format(theme)


def version_name(version: ScheduleVersion) -> str:
    """A timetable version's name in the reader's language when the app named it (a
    repair), else as staff typed it."""
    if version.name_values:
        return str(gettext(version.name, **version.name_values))
    return version.name


def dotted(parts: Iterable[object]) -> Markup:
    """The parts of a line joined by " · ", the empty ones left out, so that a missing
    venue or sector leaves no stray separator (text is escaped, markup kept)."""
    shown = [p if isinstance(p, Markup) else str(p) for p in parts if p is not None]
    return Markup(" · ").join(p for p in shown if p.strip())


def text_date(value: date) -> str:
    """A date inside a sentence ("until 18 March 2027"): without the weekday, whose
    nominative breaks the sentence in Russian ("до пятница"); the month in the form the
    sentence needs (Russian genitive: "до 18 марта 2027 г.")."""
    return str(format_date(value, format="long"))


def decimal(value: float, places: int = 2) -> str:
    """A figure with `places` decimals in the reader's notation (0,05 in German)."""
    return str(format_decimal(round(value, places), format="#,##0." + "0" * places))


def init_app(app: Flask, babel: Babel) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path + "/translations"),
    )
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["text_date"] = text_date
    app.jinja_env.filters["dotted"] = dotted
    app.jinja_env.filters["decimal"] = decimal
    app.jinja_env.filters["hhmm"] = hhmm
    app.jinja_env.filters["clock"] = clock_time
    app.jinja_env.filters["clock_range"] = clock_range
    app.jinja_env.filters["finding"] = finding_text
    app.jinja_env.filters["message"] = message_text
    app.jinja_env.filters["job_text"] = job_text
    app.jinja_env.filters["localised"] = localised
    app.jinja_env.filters["reason"] = reason_html
    app.jinja_env.filters["written"] = written
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["language_list"] = language_list
    app.jinja_env.filters["country"] = country
    app.jinja_env.filters["zone_city"] = zone_city
    app.jinja_env.filters["localised_list"] = localised_list
    app.jinja_env.filters["localised_text"] = localised_text
    app.jinja_env.filters["localised_lang"] = localised_lang
    app.jinja_env.filters["table_label"] = table_label
    app.jinja_env.filters["version_name"] = version_name
    app.jinja_env.globals["firm_language"] = firm_language
    app.jinja_env.globals["local_theme"] = theme_text
    app.jinja_env.globals["language_name"] = language_name
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
    app.jinja_env.globals["page_languages"] = page_languages
    app.jinja_env.globals["current_locale"] = reader_language
