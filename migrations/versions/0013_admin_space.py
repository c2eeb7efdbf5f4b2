"""admin space: sanctions (warning, suspension, exclusion), the manager's delegation and
sub-role labels on memberships

Revision ID: 0013
Revises: 0015
Create Date: 2026-12-02 00:20:00

Columns are added in place (no batch rebuild of `membership`, whose rebuild on SQLite
would cascade into its children).
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sanction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("lifted_at", sa.DateTime(), nullable=True),
        sa.Column("lifted_by_id", sa.Integer(), nullable=True),
        sa.Column("lift_reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('warning', 'suspension', 'exclusion')", name=op.f("ck_sanction_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["by_id"], ["person.id"], name=op.f("fk_sanction_by_id_person"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["lifted_by_id"], ["person.id"], name=op.f("fk_sanction_lifted_by_id_person"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_sanction_person_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["ward_id"], ["ward.id"], name=op.f("fk_sanction_ward_id_ward"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sanction")),
    )
    op.create_index("ix_sanction_person", "sanction", ["person_id", "created_at"], unique=False)
    op.create_index("ix_sanction_ward_person", "sanction", ["ward_id", "person_id", "kind"], unique=False)
    op.create_table(
        "delegation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("max_minutes", sa.Integer(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "max_minutes > 0 AND max_minutes <= 240", name=op.f("ck_delegation_max_minutes_bounded")
        ),
        sa.ForeignKeyConstraint(
            ["granted_by_id"],
            ["person.id"],
            name=op.f("fk_delegation_granted_by_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"],
            ["person.id"],
            name=op.f("fk_delegation_revoked_by_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ward_id"], ["ward.id"], name=op.f("fk_delegation_ward_id_ward"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegation")),
    )
    op.create_index("ix_delegation_ward", "delegation", ["ward_id", "revoked_at"], unique=False)
    op.add_column("membership", sa.Column("labels", sa.String(length=40), server_default="", nullable=False))
    op.execute("UPDATE membership SET labels = admin_label WHERE admin_label IS NOT NULL")


def downgrade():
    op.drop_column("membership", "labels")
    op.drop_table("delegation")
    op.drop_table("sanction")
