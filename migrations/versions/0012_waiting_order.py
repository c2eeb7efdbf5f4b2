"""planner: a strict waiting-list order (a number per slot, taken from a counter on the slot)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 23:30:00

The lead re-chains down_revision after 0011 at merge time.

No table is rebuilt, on purpose: on SQLite a batch "move and copy" of `slot` drops the
table while foreign keys are on, which deletes every sign-up and feedback row by cascade.
Columns are added (and dropped) in place and the uniqueness is a unique index.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('slot', sa.Column('waiting_seq', sa.Integer(), server_default='0', nullable=False))
    op.add_column('sign_up', sa.Column('waiting_seq', sa.Integer(), nullable=True))
    _backfill()
    op.create_index('ix_sign_up_slot_waiting_seq', 'sign_up', ['slot_id', 'waiting_seq'], unique=True)


def _backfill():
    """Number the people waiting today, slot by slot, in the order used until now
    (waiting since, then row id); each slot's counter starts after its last number."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, slot_id FROM sign_up WHERE status = 'waiting' "
            "ORDER BY slot_id, waiting_since, id"
        )
    ).all()
    last: dict[int, int] = {}
    for sign_up_id, slot_id in rows:
        last[slot_id] = last.get(slot_id, 0) + 1
        bind.execute(
            sa.text("UPDATE sign_up SET waiting_seq = :seq WHERE id = :id"),
            {"seq": last[slot_id], "id": sign_up_id},
        )
    for slot_id, seq in last.items():
        bind.execute(
            sa.text("UPDATE slot SET waiting_seq = :seq WHERE id = :id"), {"seq": seq, "id": slot_id}
        )


def _drop_column(table: str, column: str) -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')  # in place (SQLite >= 3.35)
    else:
        op.drop_column(table, column)


def downgrade():
    op.drop_index('ix_sign_up_slot_waiting_seq', table_name='sign_up')
    _drop_column('sign_up', 'waiting_seq')
    _drop_column('slot', 'waiting_seq')
