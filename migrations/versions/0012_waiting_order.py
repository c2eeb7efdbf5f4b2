"""planner: a strict waiting-list order (a number per slot, taken from a counter on the slot)

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-01 23:30:00

The lead re-chains down_revision after 0011 at merge time.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("slot", schema=None) as batch_op:
        batch_op.add_column(sa.Column("waiting_seq", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_check_constraint(op.f("ck_slot_waiting_seq_positive"), "waiting_seq >= 0")
    with op.batch_alter_table("sign_up", schema=None) as batch_op:
        batch_op.add_column(sa.Column("waiting_seq", sa.Integer(), nullable=True))

    _backfill()

    with op.batch_alter_table("sign_up", schema=None) as batch_op:
        batch_op.create_unique_constraint(op.f("uq_sign_up_slot_id_waiting_seq"), ["slot_id", "waiting_seq"])


def _backfill():
    """Number the people waiting today, slot by slot, in the order used until now
    (waiting since, then row id); each slot's counter starts after its last number."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, slot_id FROM sign_up WHERE status = 'waiting' ORDER BY slot_id, waiting_since, id"
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


def downgrade():
    with op.batch_alter_table("sign_up", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_sign_up_slot_id_waiting_seq"), type_="unique")
        batch_op.drop_column("waiting_seq")
    with op.batch_alter_table("slot", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_slot_waiting_seq_positive"), type_="check")
        batch_op.drop_column("waiting_seq")
