"""a fair over several days

Revision ID: 0029_fair_days
Revises: 0028_programme_visits
Create Date: 2026-12-01 07:07:45.249520

An event lasts `days` days (1-3, the same slot grid each day); a firm names the days it is
there on (`participant.days`, a JSON list of 0-based days; NULL: every day).

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0029_fair_days'
down_revision = '0028_programme_visits'
branch_labels = None
depends_on = None

CHECK = "days BETWEEN 1 AND 3"


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':  # in place, as in 0021: no table rebuild
        op.execute(
            "ALTER TABLE event ADD COLUMN days INTEGER DEFAULT '1' NOT NULL "
            f"CONSTRAINT ck_event_days_one_to_three CHECK ({CHECK})"
        )
    else:
        op.add_column('event', sa.Column('days', sa.Integer(), server_default='1', nullable=False))
        op.create_check_constraint('days_one_to_three', 'event', CHECK)
    op.add_column('participant', sa.Column('days', sa.JSON(), nullable=True))


def downgrade():
    op.drop_column('participant', 'days')
    if op.get_bind().dialect.name == 'sqlite':  # in place (SQLite 3.35+), as in 0021
        op.execute('ALTER TABLE event DROP COLUMN days')
        return
    op.drop_constraint(op.f('ck_event_days_one_to_three'), 'event', type_='check')
    op.drop_column('event', 'days')
