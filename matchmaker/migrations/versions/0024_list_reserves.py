"""the partners kept beyond each shown list, and the list's floor

Revision ID: 0024_list_reserves
Revises: 0023_matched_profiles
Create Date: 2026-11-30 12:40:00

Two columns on derived data: existing rows get an empty reserve and no floor; the scorer's
version changed with them (services/match_basis.py), so the next run is a whole run and
fills both.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024_list_reserves'
down_revision = '0023_matched_profiles'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('matched_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reserve', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('floor', sa.Float(), nullable=True))


def downgrade():
    with op.batch_alter_table('matched_profile', schema=None) as batch_op:
        batch_op.drop_column('floor')
        batch_op.drop_column('reserve')
