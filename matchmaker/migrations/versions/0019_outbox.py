"""the outbox: mails to firms (invitations, links, agenda notices) and how they went

Revision ID: 0019_outbox
Revises: 0018_version_name_values
Create Date: 2026-12-06 10:00:00

A new table only: no existing row changes. The personal link is not a column: it is derived
again when the mail is sent.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_outbox'
down_revision = '0018_version_name_values'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox_mail',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('invitation', 'link', 'agenda', name='mail_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('state', sa.Enum('queued', 'sending', 'sent', 'failed', name='mail_state', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('error_values', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('attempted_at', sa.DateTime(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_outbox_mail_attempts_not_negative')),
    sa.CheckConstraint("state <> 'sent' OR sent_at IS NOT NULL", name=op.f('ck_outbox_mail_sent_has_time')),
    sa.CheckConstraint("state <> 'failed' OR error <> ''", name=op.f('ck_outbox_mail_failure_has_reason')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_outbox_mail_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id', 'event_id'], ['participant.id', 'participant.event_id'], name=op.f('fk_outbox_mail_participant_id_event_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], name=op.f('fk_outbox_mail_staff_id_staff_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_mail'))
    )
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_mail_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_mail_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_mail_state'), ['state'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_mail_state'))
        batch_op.drop_index(batch_op.f('ix_outbox_mail_participant_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_mail_event_id'))
    op.drop_table('outbox_mail')
