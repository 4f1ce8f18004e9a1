"""Bulk import previews

Revision ID: a4647c9fd1cb
Revises: 3c8e5f1a9b27
Create Date: 2026-11-24 02:51:45.388737

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4647c9fd1cb'
down_revision = '3c8e5f1a9b27'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pending_import',
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('proposals', sa.JSON(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_pending_import_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_import'))
    )
    with op.batch_alter_table('pending_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_import_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('pending_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_import_user_id'))

    op.drop_table('pending_import')
