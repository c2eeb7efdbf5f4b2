"""shifts: a ward's shifts and their usual break times; the ward's shared workstations

Revision ID: 0016
Revises: 0013
Create Date: 2026-12-02 00:10:00

The lead re-chains down_revision at merge time. A new table and two columns added to `ward`
in place: no table is rebuilt (on SQLite a batch copy of `ward` would cascade deletes).
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "shift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("starts", sa.Time(), nullable=False),
        sa.Column("ends", sa.Time(), nullable=False),
        sa.Column("breaks", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ward_id"], ["ward.id"], name=op.f("fk_shift_ward_id_ward"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift")),
        sa.UniqueConstraint("ward_id", "name", name=op.f("uq_shift_ward_id_name")),
    )
    op.create_index("ix_shift_ward_starts", "shift", ["ward_id", "starts"], unique=False)
    op.add_column(
        "ward", sa.Column("workstation_networks", sa.String(length=500), server_default="", nullable=False)
    )
    op.add_column(
        "ward", sa.Column("workstation_idle_minutes", sa.Integer(), server_default="2", nullable=False)
    )


def _drop_column(table: str, column: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")  # in place (SQLite >= 3.35)
    else:
        op.drop_column(table, column)


def downgrade():
    _drop_column("ward", "workstation_idle_minutes")
    _drop_column("ward", "workstation_networks")
    op.drop_index("ix_shift_ward_starts", table_name="shift")
    op.drop_table("shift")
