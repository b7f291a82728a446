"""which page languages an event offers: its firm and public pages, mails and papers

Revision ID: 0021_event_languages
Revises: 0020_request_mails
Create Date: 2026-12-10 10:00:00

A nullable column (NULL: every language of the installation, as before), so no row changes.
Added in place on both databases (no batch copy: see 0015 on SQLite's cascades), with its
CHECK that the event's own language is among those listed.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_event_languages'
down_revision = '0020_request_mails'
branch_labels = None
depends_on = None

CHECK = "languages IS NULL OR (',' || languages || ',') LIKE ('%,' || language || ',%')"


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(
            "ALTER TABLE event ADD COLUMN languages VARCHAR(100) "
            f"CONSTRAINT ck_event_offers_own_language CHECK ({CHECK})"
        )
    else:
        op.add_column('event', sa.Column('languages', sa.String(length=100), nullable=True))
        op.create_check_constraint('offers_own_language', 'event', CHECK)


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':  # in place (SQLite 3.35+), as in 0015
        op.execute('ALTER TABLE event DROP COLUMN languages')
        return
    op.drop_constraint(op.f('ck_event_offers_own_language'), 'event', type_='check')
    op.drop_column('event', 'languages')
