"""who is shown publicly, e-mail confirmation, throttled public forms

Revision ID: 0015_public_boundary
Revises: 0014_job_queue
Create Date: 2026-11-29 21:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_public_boundary'
down_revision = '0014_job_queue'
branch_labels = None
depends_on = None


CHECK = "listing IN ('approved', 'confirmed')"


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        # ALTER TABLE in place, not a batch copy: dropping the old `event` table with foreign
        # keys on would delete every firm of every event (ON DELETE CASCADE).
        op.execute(
            "ALTER TABLE event ADD COLUMN listing VARCHAR(24) DEFAULT 'approved' NOT NULL "
            f"CONSTRAINT ck_event_listing_rule CHECK ({CHECK})"
        )
    else:
        op.add_column('event', sa.Column('listing', sa.String(length=24), server_default='approved', nullable=False))
        op.create_check_constraint('listing_rule', 'event', CHECK)
    op.add_column('participant', sa.Column('email_confirmed_at', sa.DateTime(), nullable=True))

    op.create_table('throttle_hit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=40), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_throttle_hit'))
    )
    op.create_index('ix_throttle_hit_scope_key_at', 'throttle_hit', ['scope', 'key', 'at'], unique=False)
    op.create_index(op.f('ix_throttle_hit_at'), 'throttle_hit', ['at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_throttle_hit_at'), table_name='throttle_hit')
    op.drop_index('ix_throttle_hit_scope_key_at', table_name='throttle_hit')
    op.drop_table('throttle_hit')
    if op.get_bind().dialect.name == 'sqlite':  # in place, as above (SQLite 3.35+)
        op.execute('ALTER TABLE participant DROP COLUMN email_confirmed_at')
        op.execute('ALTER TABLE event DROP COLUMN listing')
    else:
        op.drop_column('participant', 'email_confirmed_at')
        op.drop_constraint(op.f('ck_event_listing_rule'), 'event', type_='check')
        op.drop_column('event', 'listing')
