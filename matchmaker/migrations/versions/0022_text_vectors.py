"""stored encoder vectors of firms' texts

Revision ID: 0022_text_vectors
Revises: 0021_event_languages
Create Date: 2026-11-30 03:00:00

A new table only: no existing row changes. Vectors are a cache, derived from the firms' texts:
the first recommendation run after the upgrade fills it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022_text_vectors'
down_revision = '0021_event_languages'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('text_vector',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('encoder', sa.String(length=64), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_text_vector_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_text_vector')),
    sa.UniqueConstraint('event_id', 'encoder', 'digest', name=op.f('uq_text_vector_event_id_encoder_digest'))
    )
    with op.batch_alter_table('text_vector', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_text_vector_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('text_vector', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_text_vector_event_id'))
    op.drop_table('text_vector')
