"""Saved and ready-made booklets

Revision ID: 5b1e0c7d2a94
Revises: 026d1960b7a8
Create Date: 2026-11-24 00:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1e0c7d2a94'
down_revision = '026d1960b7a8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('saved_booklet',
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('contents', sa.Text(), nullable=True),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_booklet')),
    sa.UniqueConstraint('code', name=op.f('uq_saved_booklet_code'))
    )
    with op.batch_alter_table('saved_booklet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_booklet_expires_on'), ['expires_on'],
                              unique=False)

    op.create_table('ready_made_booklet',
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('contents', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ready_made_booklet'))
    )


def downgrade():
    op.drop_table('ready_made_booklet')
    with op.batch_alter_table('saved_booklet', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_booklet_expires_on'))

    op.drop_table('saved_booklet')
