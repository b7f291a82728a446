"""the scheduler's proven lower bound on breaks, kept with the version it made

Revision ID: 0025_breaks_bound
Revises: 0024_list_reserves
Create Date: 2026-11-30 16:30:00

One nullable column: versions made before it, by hand or by a repair have no bound. Added
and dropped in place, not by a batch copy: on SQLite, dropping the old table would delete
every meeting of every version (ON DELETE CASCADE), as in 0015 and 0017.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0025_breaks_bound'
down_revision = '0024_list_reserves'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('schedule_version', sa.Column('breaks_bound', sa.Integer(), nullable=True))


def downgrade():
    op.drop_column('schedule_version', 'breaks_bound')  # SQLite 3.35+: in place
