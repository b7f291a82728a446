"""two more kinds of outbox mail: a firm is told of a meeting request to it, and of the answer
to its own request

Revision ID: 0020_request_mails
Revises: 0019_outbox
Create Date: 2026-12-07 10:00:00

Only the CHECK constraint of outbox_mail.kind changes; no row changes. On SQLite the table is
copied (batch): nothing references outbox_mail, so no cascade can fire.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_request_mails'
down_revision = '0019_outbox'
branch_labels = None
depends_on = None

OLD = ('invitation', 'link', 'agenda')
NEW = OLD + ('request', 'answer')


def _kind(values):
    return sa.Enum(*values, name='mail_kind', native_enum=False, create_constraint=True, length=24)


def _allow(old, new):
    if op.get_bind().dialect.name == 'sqlite':
        with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
            batch_op.alter_column(
                'kind', existing_type=_kind(old), type_=_kind(new), existing_nullable=False
            )
    else:
        op.drop_constraint(op.f('ck_outbox_mail_mail_kind'), 'outbox_mail', type_='check')
        listed = ", ".join(f"'{value}'" for value in new)
        op.create_check_constraint('mail_kind', 'outbox_mail', f"kind IN ({listed})")


def upgrade():
    _allow(OLD, NEW)


def downgrade():
    op.execute("DELETE FROM outbox_mail WHERE kind IN ('request', 'answer')")
    _allow(NEW, OLD)
