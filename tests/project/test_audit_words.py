"""The audit log never shows a stored key: every action the code records and every key of
its details has words in `matchmaker/labels.py` (issue 16, finding 6). Found in the source, so
that a new `record(...)` anywhere fails here until it has them."""

from __future__ import annotations

import ast
from pathlib import Path

from matchmaker.labels import AUDIT_ACTIONS, DETAIL_KEYS

PACKAGE = Path(__file__).resolve().parents[2] / "matchmaker"


def _recorded() -> tuple[set[str], set[str]]:
    """The audit actions and detail keys the code records: string constants in the calls of
    `record` (and `_changed`, which passes its action on), f-strings expanded by FAMILIES."""
    from matchmaker.jobs.tasks import KINDS
    from matchmaker.models import PairRuleKind
    from matchmaker.models.outbox import MailKind
    from matchmaker.services.fair_day import ACTIONS

    families = {
        "job.": set(KINDS),
        "desk.": set(ACTIONS),
        "pair.": {k.value for k in PairRuleKind},
        "mail.": {k.value for k in MailKind},
    }
    actions: set[str] = set()
    keys: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(getattr(node, "func", None), "id", None) or getattr(
                getattr(node, "func", None), "attr", None
            )
            if not isinstance(node, ast.Call) or name not in ("record", "_changed"):
                continue
            for arg in node.args[2:4]:
                for part in ast.walk(arg):
                    if isinstance(part, ast.Constant) and isinstance(part.value, str):
                        actions.add(part.value)
                    elif isinstance(part, ast.JoinedStr):
                        head = part.values[0]
                        prefix = head.value if isinstance(head, ast.Constant) else ""
                        assert prefix in families, f"{path.name}: add {prefix!r} to FAMILIES"
                        actions |= {prefix + value for value in families[str(prefix)]}
            dicts = [k.value for k in node.keywords if k.arg == "detail"] + node.args[3:4]
            for found in dicts:
                if isinstance(found, ast.Dict):
                    keys |= {str(k.value) for k in found.keys if isinstance(k, ast.Constant)}
    return {a for a in actions if "." in a and not a.endswith(".")}, keys


def test_every_audit_action_and_detail_the_code_records_has_words() -> None:
    """A new `record(...)` anywhere needs its action in labels.AUDIT_ACTIONS and its detail
    keys in labels.DETAIL_KEYS, or the audit log would show the key."""
    actions, keys = _recorded()
    assert len(actions) > 25
    assert len(keys) > 10
    assert actions - set(AUDIT_ACTIONS) == set()
    assert keys - set(DETAIL_KEYS) == set()
