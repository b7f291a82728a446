"""background runs on a queue and a worker process

Revision ID: 0014_job_queue
Revises: 0013_link_hashes_erasure
Create Date: 2026-11-23 10:00:00

Runs left queued or running by the old in-process thread pool can never end: they are marked
failed, so that the index allowing one active run per event and kind can be made. On
PostgreSQL the queue (huey's PostgresStorage, table prefix "huey") lives in this database:
its tables are made here, once, instead of by every process that starts. On SQLite the queue
is a file of its own beside the database, which huey makes itself.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_job_queue'
down_revision = '0013_link_hashes_erasure'
branch_labels = None
depends_on = None

ACTIVE = sa.text("status IN ('queued', 'running')")

# huey 3.5's PostgresStorage DDL with table_prefix "huey" (create_tables=False at run time).
HUEY_TABLES = (
    "create table if not exists huey_kv (queue text not null, key text not null, "
    "value bytea not null, primary key(queue, key))",
    "create table if not exists huey_schedule (id bigserial primary key, queue text not null, "
    "data bytea not null, timestamp double precision not null)",
    "create index if not exists huey_schedule_queue_timestamp on huey_schedule (queue, timestamp)",
    "create table if not exists huey_task (id bigserial primary key, queue text not null, "
    "data bytea not null, priority double precision not null default 0.0)",
    "create index if not exists huey_task_queue_priority_id on huey_task (queue, priority desc, id)",
    "create table if not exists huey_counter (queue text not null, key text not null, "
    "value bigint not null default 0, primary key(queue, key))",
)


def upgrade():
    op.execute(
        "UPDATE job SET status = 'failed', "
        "message = 'The run was lost when the server restarted; start it again.' "
        "WHERE status IN ('queued', 'running')"
    )
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('message_values', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('worker', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(), nullable=True))
        batch_op.create_index(
            'uq_job_active_run', ['event_id', 'kind'], unique=True,
            sqlite_where=ACTIVE, postgresql_where=ACTIVE,
        )
    op.create_table('job_worker',
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('seen_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_job_worker'))
    )
    if op.get_bind().dialect.name == 'postgresql':
        for statement in HUEY_TABLES:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for table in ('huey_counter', 'huey_task', 'huey_schedule', 'huey_kv'):
            op.execute(f'drop table if exists {table}')
    op.drop_table('job_worker')
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_index('uq_job_active_run')
        batch_op.drop_column('heartbeat_at')
        batch_op.drop_column('worker')
        batch_op.drop_column('message_values')
        batch_op.drop_column('stage')
