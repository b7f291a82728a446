"""personal links stored as hashes; erasure tombstones

Revision ID: 0013_link_hashes_erasure
Revises: 0012_staff_sessions
Create Date: 2026-11-23 10:00:00

Each firm's plain `access_token` becomes `former_token_hash` (its SHA-256): links already
sent keep working, and the database no longer holds them. The app derives new links from
`link_salt` and SECRET_KEY (services/links.py) and stores their hash when it first hands one
out. A downgrade cannot bring the plain tokens back: it gives every firm a new random link.
"""
import hashlib
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_link_hashes_erasure'
down_revision = '0012_staff_sessions'
branch_labels = None
depends_on = None

participant = sa.table(
    'participant',
    sa.column('id', sa.Integer),
    sa.column('access_token', sa.String),
    sa.column('link_salt', sa.String),
    sa.column('former_token_hash', sa.String),
)


def upgrade():
    op.create_table('erased_firm',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('id_key', sa.String(length=64), nullable=True),
    sa.Column('email_key', sa.String(length=64), nullable=True),
    sa.Column('erased_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('id_key IS NOT NULL OR email_key IS NOT NULL', name=op.f('ck_erased_firm_has_a_key')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_erased_firm_event_id_event'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_erased_firm'))
    )
    with op.batch_alter_table('erased_firm', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_erased_firm_email_key'), ['email_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_erased_firm_event_id'), ['event_id'], unique=False)

    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_salt', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('former_token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(), nullable=True))

    connection = op.get_bind()
    rows = connection.execute(sa.select(participant.c.id, participant.c.access_token)).all()
    for row_id, token in rows:
        connection.execute(
            participant.update()
            .where(participant.c.id == row_id)
            .values(
                link_salt=secrets.token_hex(16),
                former_token_hash=hashlib.sha256(token.encode('utf-8')).hexdigest(),
            )
        )

    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.alter_column('link_salt', existing_type=sa.String(length=32), nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_participant_access_token'), type_='unique')
        batch_op.drop_column('access_token')
        batch_op.create_unique_constraint(batch_op.f('uq_participant_token_hash'), ['token_hash'])
        batch_op.create_unique_constraint(
            batch_op.f('uq_participant_former_token_hash'), ['former_token_hash']
        )


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('access_token', sa.String(length=64), nullable=True))

    connection = op.get_bind()
    for (row_id,) in connection.execute(sa.select(participant.c.id)).all():
        connection.execute(
            participant.update()
            .where(participant.c.id == row_id)
            .values(access_token=secrets.token_urlsafe(32))
        )

    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_participant_former_token_hash'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_participant_token_hash'), type_='unique')
        batch_op.drop_column('erased_at')
        batch_op.drop_column('former_token_hash')
        batch_op.drop_column('token_hash')
        batch_op.drop_column('link_salt')
        batch_op.alter_column('access_token', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_participant_access_token'), ['access_token'])

    with op.batch_alter_table('erased_firm', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_erased_firm_event_id'))
        batch_op.drop_index(batch_op.f('ix_erased_firm_email_key'))

    op.drop_table('erased_firm')
