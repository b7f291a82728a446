"""a timetable version's name made by the app is a template with values, worded per reader

Revision ID: 0018_version_name_values
Revises: 0017_repair_freeze
Create Date: 2026-11-30 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_version_name_values'
down_revision = '0017_repair_freeze'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN on both databases (no batch copy: see 0015 on SQLite's cascades).
    op.add_column(
        'schedule_version',
        sa.Column('name_values', sa.JSON(), server_default='{}', nullable=False),
    )


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':  # in place (SQLite 3.35+), as in 0015
        op.execute('ALTER TABLE schedule_version DROP COLUMN name_values')
        return
    op.drop_column('schedule_version', 'name_values')
