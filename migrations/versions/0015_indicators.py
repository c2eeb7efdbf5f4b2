"""indicators: the anonymous platform questionnaire, and indexes for the aggregates

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 23:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('survey_turn',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('half_year', sa.String(length=7), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_survey_turn_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_turn')),
    sa.UniqueConstraint('person_id', 'half_year', name=op.f('uq_survey_turn_person_id_half_year'))
    )
    op.create_table('survey_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ward_id', sa.Integer(), nullable=False),
    sa.Column('half_year', sa.String(length=7), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=False),
    sa.Column('useful', sa.SmallInteger(), nullable=False),
    sa.Column('easy', sa.SmallInteger(), nullable=False),
    sa.Column('missing', sa.String(length=500), nullable=False),
    sa.Column('remark', sa.String(length=1000), nullable=False),
    sa.CheckConstraint('easy BETWEEN 1 AND 4', name=op.f('ck_survey_answer_easy_range')),
    sa.CheckConstraint('useful BETWEEN 1 AND 4', name=op.f('ck_survey_answer_useful_range')),
    sa.ForeignKeyConstraint(['ward_id'], ['ward.id'], name=op.f('fk_survey_answer_ward_id_ward'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answer'))
    )
    with op.batch_alter_table('survey_answer', schema=None) as batch_op:
        batch_op.create_index('ix_survey_answer_ward_on', ['ward_id', 'answered_on'], unique=False)

    with op.batch_alter_table('postit', schema=None) as batch_op:
        batch_op.create_index('ix_postit_ward_status_at', ['ward_id', 'status', 'status_at'], unique=False)
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.create_index('ix_comment_ward_created', ['ward_id', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_index('ix_comment_ward_created')
    with op.batch_alter_table('postit', schema=None) as batch_op:
        batch_op.drop_index('ix_postit_ward_status_at')
    op.drop_table('survey_answer')  # with its index (MariaDB keeps it for the foreign key)
    op.drop_table('survey_turn')
