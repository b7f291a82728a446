"""The staff's forms for an event's firms as a whole: uploading a spreadsheet to import,
confirming its import (the upload's token, each column's mapping `map-<index>`, the rows of
erased firms shown and those brought back), and forcing or forbidding a pair of firms. The
mapping's field names hold the column's position in the file, so its form is made for the
columns of the upload (`ImportConfirmForm.mapping`)."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from werkzeug.datastructures import FileStorage
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # (stubs lag 3.3)
from wtforms.validators import DataRequired

from matchmaker.forms.base import Form
from matchmaker.forms.bounded import IdField, TextListField, cut_text, form_with
from matchmaker.models import PairRuleKind, Participant
from matchmaker.models.limits import max_length
from matchmaker.services.firm_import import IGNORE

# The longest upload token read (`services.firm_import` makes them of 22 characters); a
# longer one is cut, so it is an unknown upload rather than a file name too long to look up.
TOKEN_LIMIT = 100
# The longest column name of ours a mapping is read with (`PROFILE_COLUMNS`).
TARGET_LIMIT = 100


class UploadForm(Form):
    """Step 1 of an import: the spreadsheet (`file`), required."""

    file = FileField(validators=[FileRequired(message=_l("Please choose a file."))])

    def refused(self) -> bool:
        """Whether the CSRF token was refused (a 400), not just the file missing."""
        return "csrf_token" in self.errors

    def problem(self) -> str:
        """Why the upload is refused when `validate` fails but not for the CSRF token."""
        return str(self.file.errors[0]) if self.file.errors else ""

    def upload(self) -> FileStorage:
        """The file sent (after `validate`)."""
        data: FileStorage = self.file.data
        return data


class _MappingForm(Form):
    """Each column of an uploaded file and ours it goes to (`map-<index>`); fields are
    added per file (`ImportConfirmForm.mapping`)."""


class ImportConfirmForm(Form):
    """Step 2 of an import: the upload's `token`, the ids of the erased firms' rows the
    page showed (`erased`) and of those ticked to be brought back (`bring_back`)."""

    token = cut_text(TOKEN_LIMIT)
    erased = TextListField(limit=max_length(Participant.external_id))
    bring_back = TextListField(limit=max_length(Participant.external_id))

    def mapping(self, columns: Sequence[str]) -> dict[str, str]:
        """The mapping sent for the file's `columns` (in their order): for each, our
        column (`map-<index>`), or `IGNORE` when none is sent. Whether the targets exist is
        for `services.firm_import.remap` to say."""
        fields = {f"map-{i}": cut_text(TARGET_LIMIT, IGNORE) for i in range(len(columns))}
        form = form_with(_MappingForm, fields)(meta={"csrf": False})  # checked by this form
        return {column: str(form[f"map-{i}"].data) for i, column in enumerate(columns)}

    def erased_ids(self) -> set[str]:
        """The ids of the erased firms' rows the page showed."""
        return set(self.erased.data or ())

    def bring_back_ids(self) -> set[str]:
        """The ids of the erased firms ticked to be brought back."""
        return set(self.bring_back.data or ())


class PairRuleForm(Form):
    """Force or forbid a pair of firms: both ids (`a`, `b`) and the `kind` are required;
    anything else is refused before anything changes."""

    a = IdField(validators=[DataRequired()])
    b = IdField(validators=[DataRequired()])
    kind = SelectField(
        choices=[SelectChoice(k.value, k.value) for k in PairRuleKind], validators=[DataRequired()]
    )

    def rule(self) -> tuple[int, int, PairRuleKind]:
        """The two firms and the rule (after `validate`)."""
        return int(self.a.data or 0), int(self.b.data or 0), PairRuleKind(self.kind.data)
