"""a repaired version remembers its freeze point

Revision ID: 0019_repair_freeze
Revises: 0015_public_boundary
Create Date: 2026-12-06 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_repair_freeze'
down_revision = '0015_public_boundary'
branch_labels = None
depends_on = None


CHECK = "frozen_before IS NULL OR frozen_before >= 1"


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        # In place, not a batch copy: dropping the old table with foreign keys on would
        # delete every meeting of every version (ON DELETE CASCADE), as in 0015.
        op.execute(
            "ALTER TABLE schedule_version ADD COLUMN frozen_before INTEGER "
            f"CONSTRAINT ck_schedule_version_frozen_before_positive CHECK ({CHECK})"
        )
    else:
        op.add_column('schedule_version', sa.Column('frozen_before', sa.Integer(), nullable=True))
        op.create_check_constraint('frozen_before_positive', 'schedule_version', CHECK)


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':  # in place, as above (SQLite 3.35+)
        op.execute('ALTER TABLE schedule_version DROP COLUMN frozen_before')
    else:
        op.drop_constraint(
            op.f('ck_schedule_version_frozen_before_positive'), 'schedule_version', type_='check'
        )
        op.drop_column('schedule_version', 'frozen_before')
