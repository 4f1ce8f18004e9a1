"""Category names and descriptions in the hub's other languages

Revision ID: d77ad97bcd1a
Revises: 64ccbe601e51
Create Date: 2026-11-24 01:29:50.607141

Empty ({}) until `flask hub load-taxonomy` reads them from content/taxonomy.json; until then
readers see the English names, as before.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd77ad97bcd1a'
down_revision = '64ccbe601e51'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('taxonomy_term', schema=None) as batch_op:
        batch_op.add_column(sa.Column('names', sa.JSON(), server_default='{}', nullable=False))
        batch_op.add_column(sa.Column('descriptions', sa.JSON(), server_default='{}',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('taxonomy_term', schema=None) as batch_op:
        batch_op.drop_column('descriptions')
        batch_op.drop_column('names')
