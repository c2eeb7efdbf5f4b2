"""moderation: one set of moderation columns on post-its, comments and events; one report table

Post-its gain `report_count`; comments gain `reviewed_at`; events gain `hidden_at` and
`reviewed_at`. The three per-kind report tables become one `report` table (kind + target
id + reporter), their rows copied both ways. A comment's or an event's reports that were
all handled become its `reviewed_at` (the latest report's time); back down, a report is
handled when the item was reviewed after it or is hidden.

SQLite: columns are added and dropped in place (ALTER TABLE, SQLite >= 3.35), never by
recreating the table, whose DROP would fire ON DELETE CASCADE on post-it supports.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 23:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

OLD_REPORTS = (
    # (old table, its target column, its time column, the kind stored in `report`)
    ('postit_report', 'postit_id', 'created_at', 'postit'),
    ('comment_report', 'comment_id', 'at', 'comment'),
    ('event_report', 'event_id', 'at', 'event'),
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def _drop_column(table: str, column: str) -> None:
    if _sqlite():
        op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')
    else:
        op.drop_column(table, column)


def _queue_indexes(table: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(f'ix_{table}_ward_queue', ['ward_id', 'hidden', 'reviewed_at', 'created_at'], unique=False)
        batch_op.create_index(f'ix_{table}_ward_hidden_at', ['ward_id', 'hidden', 'hidden_at'], unique=False)


def upgrade():
    op.create_table('report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ward_id', sa.Integer(), nullable=False),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['reporter_id'], ['person.id'], name=op.f('fk_report_reporter_id_person'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['ward_id'], ['ward.id'], name=op.f('fk_report_ward_id_ward'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report')),
    sa.UniqueConstraint('target_type', 'target_id', 'reporter_id', name=op.f('uq_report_target_type_target_id_reporter_id'))
    )
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index('ix_report_reporter', ['reporter_id'], unique=False)
        batch_op.create_index('ix_report_ward', ['ward_id', 'created_at'], unique=False)

    with op.batch_alter_table('postit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report_count', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(), nullable=True))
    # New indexes before the old ones go: MariaDB keeps one on ward_id for its foreign key.
    _queue_indexes('comment')
    _queue_indexes('event')
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_index('ix_comment_ward_reported')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_ward_reported')

    for old, target, at, kind in OLD_REPORTS:
        op.execute(
            f"INSERT INTO report (ward_id, target_type, target_id, reporter_id, reason, created_at) "
            f"SELECT p.ward_id, '{kind}', r.{target}, r.reporter_id, r.reason, r.{at} "
            f"FROM {old} r JOIN {kind} p ON p.id = r.{target}"
        )
    op.execute(
        "UPDATE postit SET report_count = "
        "(SELECT COUNT(*) FROM postit_report r WHERE r.postit_id = postit.id)"
    )
    for old, target, at, kind in OLD_REPORTS[1:]:
        # All reports handled: the item was looked at when the last one came in.
        op.execute(
            f"UPDATE {kind} SET reviewed_at = (SELECT MAX(r.{at}) FROM {old} r WHERE r.{target} = {kind}.id) "
            f"WHERE NOT EXISTS (SELECT 1 FROM {old} r WHERE r.{target} = {kind}.id AND r.handled = 0)"
        )
    op.execute("UPDATE event SET hidden_at = updated_at WHERE hidden = 1")

    op.drop_table('postit_report')
    op.drop_table('comment_report')
    op.drop_table('event_report')


def downgrade():
    op.create_table('postit_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('postit_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['postit_id'], ['postit.id'], name=op.f('fk_postit_report_postit_id_postit'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['person.id'], name=op.f('fk_postit_report_reporter_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_postit_report')),
    sa.UniqueConstraint('postit_id', 'reporter_id', name=op.f('uq_postit_report_postit_id_reporter_id'))
    )
    with op.batch_alter_table('postit_report', schema=None) as batch_op:
        batch_op.create_index('ix_postit_report_reporter', ['reporter_id'], unique=False)
    op.create_table('comment_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('handled', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], name=op.f('fk_comment_report_comment_id_comment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['person.id'], name=op.f('fk_comment_report_reporter_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_report')),
    sa.UniqueConstraint('comment_id', 'reporter_id', name=op.f('uq_comment_report_comment_id_reporter_id'))
    )
    op.create_table('event_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('handled', sa.Boolean(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_report_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['person.id'], name=op.f('fk_event_report_reporter_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_report')),
    sa.UniqueConstraint('event_id', 'reporter_id', name=op.f('uq_event_report_event_id_reporter_id'))
    )

    op.execute(
        "INSERT INTO postit_report (postit_id, reporter_id, reason, created_at) "
        "SELECT r.target_id, r.reporter_id, r.reason, r.created_at FROM report r "
        "JOIN postit p ON p.id = r.target_id WHERE r.target_type = 'postit'"
    )
    for old, target, at, kind in OLD_REPORTS[1:]:
        # The old tables need a reporter (who was deleted with the person).
        op.execute(
            f"INSERT INTO {old} ({target}, reporter_id, reason, {at}, handled) "
            f"SELECT r.target_id, r.reporter_id, r.reason, r.created_at, "
            f"CASE WHEN p.hidden = 1 OR (p.reviewed_at IS NOT NULL AND r.created_at <= p.reviewed_at) "
            f"THEN 1 ELSE 0 END "
            f"FROM report r JOIN {kind} p ON p.id = r.target_id "
            f"WHERE r.target_type = '{kind}' AND r.reporter_id IS NOT NULL"
        )
    op.drop_table('report')

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index('ix_event_ward_reported', ['ward_id', 'report_count'], unique=False)
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.create_index('ix_comment_ward_reported', ['ward_id', 'report_count', 'created_at'], unique=False)
    for table in ('comment', 'event'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'ix_{table}_ward_hidden_at')
            batch_op.drop_index(f'ix_{table}_ward_queue')
    _drop_column('event', 'reviewed_at')
    _drop_column('event', 'hidden_at')
    _drop_column('comment', 'reviewed_at')
    _drop_column('postit', 'report_count')
