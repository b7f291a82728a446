"""what each firm's partner list was last computed from

Revision ID: 0023_matched_profiles
Revises: 0022_text_vectors
Create Date: 2026-11-30 07:00:00

A new table only: no existing row changes. Derived data: the first whole recommendation run
after the upgrade fills it; until then every run scores the whole fair, as before.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023_matched_profiles'
down_revision = '0022_text_vectors'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('matched_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('basis', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_matched_profile_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_matched_profile_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matched_profile')),
    sa.UniqueConstraint('event_id', 'participant_id', name=op.f('uq_matched_profile_event_id_participant_id'))
    )
    with op.batch_alter_table('matched_profile', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matched_profile_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matched_profile_participant_id'), ['participant_id'], unique=False)


def downgrade():
    with op.batch_alter_table('matched_profile', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matched_profile_participant_id'))
        batch_op.drop_index(batch_op.f('ix_matched_profile_event_id'))
    op.drop_table('matched_profile')
