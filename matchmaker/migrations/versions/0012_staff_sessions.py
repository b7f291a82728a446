"""staff sessions that can be ended, one-time mailed links, throttles per account and address

Revision ID: 0012_staff_sessions
Revises: 0011_login_failures
Create Date: 2026-11-23 10:00:00

The per-account lock (failed_logins, locked_until) goes: a stranger could keep its owner out
with it. Refused logins now also carry the account they were for (hashed) and the trusted
device they came from; limits are counted per address and per (account, address). The demo
account of `matchmaker demo` is flagged, so that production refuses it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_staff_sessions'
down_revision = '0011_login_failures'
branch_labels = None
depends_on = None

DEMO_EMAIL = 'demo@matchmaker.example'


def upgrade():
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_staff_user_failed_logins_not_negative'), type_='check')
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('locked_until')
        batch_op.add_column(sa.Column('session_epoch', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('demo', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_check_constraint(op.f('ck_staff_user_session_epoch_not_negative'), 'session_epoch >= 0')
    staff_user = sa.table('staff_user', sa.column('email', sa.String), sa.column('demo', sa.Boolean))
    op.execute(staff_user.update().where(staff_user.c.email == DEMO_EMAIL).values(demo=True))

    op.execute('DELETE FROM login_failure')  # counted per address only: not comparable
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=8), server_default='password', nullable=False))
        batch_op.add_column(sa.Column('account', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('device', sa.String(length=32), server_default='', nullable=False))
        batch_op.create_check_constraint(op.f('ck_login_failure_kind_known'), "kind IN ('password', 'mail')")
        batch_op.create_index('ix_login_failure_account_at', ['account', 'at'], unique=False)

    op.create_table('staff_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('sign_in', 'reset', name='token_purpose', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], name=op.f('fk_staff_token_staff_id_staff_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_token_token_hash'))
    )
    with op.batch_alter_table('staff_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_token_staff_id'), ['staff_id'], unique=False)


def downgrade():
    with op.batch_alter_table('staff_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_token_staff_id'))
    op.drop_table('staff_token')

    op.execute("DELETE FROM login_failure")
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_index('ix_login_failure_account_at')
        batch_op.drop_constraint(op.f('ck_login_failure_kind_known'), type_='check')
        batch_op.drop_column('device')
        batch_op.drop_column('account')
        batch_op.drop_column('kind')

    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_staff_user_session_epoch_not_negative'), type_='check')
        batch_op.drop_column('demo')
        batch_op.drop_column('session_epoch')
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_check_constraint(op.f('ck_staff_user_failed_logins_not_negative'), 'failed_logins >= 0')
