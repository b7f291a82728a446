"""registration form submission key per participant

Revision ID: 0005_submission_key
Revises: 0004_table_rules
Create Date: 2026-11-22 10:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_submission_key'
down_revision = '0004_table_rules'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_key', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            'uq_participant_event_id_submission_key', ['event_id', 'submission_key']
        )


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_constraint('uq_participant_event_id_submission_key', type_='unique')
        batch_op.drop_column('submission_key')
