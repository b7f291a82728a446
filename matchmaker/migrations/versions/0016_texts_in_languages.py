"""texts in the reader's language: a firm's language and translations, event texts per language

Revision ID: 0016_texts_in_languages
Revises: 0015_public_boundary
Create Date: 2026-11-29 23:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_texts_in_languages'
down_revision = '0015_public_boundary'
branch_labels = None
depends_on = None

TRANSLATED = ('participant', 'event', 'sector', 'event_break', 'event_table', 'participant_group')


def upgrade():
    # Plain ADD COLUMN on both databases (no batch copy: see 0015 on SQLite's cascades).
    op.add_column('participant', sa.Column('locale', sa.String(length=5), nullable=True))
    op.add_column('participant', sa.Column('text_language', sa.String(length=5), nullable=True))
    op.add_column('event', sa.Column('language', sa.String(length=5), server_default='de', nullable=False))
    for table in TRANSLATED:
        op.add_column(table, sa.Column('translations', sa.JSON(), server_default='{}', nullable=False))


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':  # in place (SQLite 3.35+), as in 0015
        for table in TRANSLATED:
            op.execute(f'ALTER TABLE {table} DROP COLUMN translations')
        op.execute('ALTER TABLE event DROP COLUMN language')
        op.execute('ALTER TABLE participant DROP COLUMN text_language')
        op.execute('ALTER TABLE participant DROP COLUMN locale')
        return
    for table in TRANSLATED:
        op.drop_column(table, 'translations')
    op.drop_column('event', 'language')
    op.drop_column('participant', 'text_language')
    op.drop_column('participant', 'locale')
