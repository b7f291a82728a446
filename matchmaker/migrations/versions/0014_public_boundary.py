"""who is shown publicly, e-mail confirmation, throttled public forms

Revision ID: 0014
Revises: 0011_login_failures
Create Date: 2026-11-29 21:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0011_login_failures'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('listing', sa.String(length=24), server_default='approved', nullable=False))
        batch_op.create_check_constraint('listing_rule', "listing IN ('approved', 'confirmed')")

    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(), nullable=True))

    op.create_table('throttle_hit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=40), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_throttle_hit'))
    )
    with op.batch_alter_table('throttle_hit', schema=None) as batch_op:
        batch_op.create_index('ix_throttle_hit_scope_key_at', ['scope', 'key', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_throttle_hit_at'), ['at'], unique=False)


def downgrade():
    with op.batch_alter_table('throttle_hit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_throttle_hit_at'))
        batch_op.drop_index('ix_throttle_hit_scope_key_at')

    op.drop_table('throttle_hit')

    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_event_listing_rule'), type_='check')
        batch_op.drop_column('listing')
