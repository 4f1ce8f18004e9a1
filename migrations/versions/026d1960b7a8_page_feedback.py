"""Page feedback

Revision ID: 026d1960b7a8
Revises: ad2daced689f
Create Date: 2026-11-23 22:43:25.244717

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '026d1960b7a8'
down_revision = 'ad2daced689f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('page_feedback',
    sa.Column('page', sa.String(length=255), nullable=False),
    sa.Column('helpful', sa.Boolean(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_page_feedback'))
    )
    with op.batch_alter_table('page_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_page_feedback_page'), ['page'], unique=False)


def downgrade():
    with op.batch_alter_table('page_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_page_feedback_page'))

    op.drop_table('page_feedback')

