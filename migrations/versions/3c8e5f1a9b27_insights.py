"""Insights: daily counts, the day's salt, visitor digests and added synonym groups

Revision ID: 3c8e5f1a9b27
Revises: d77ad97bcd1a
Create Date: 2026-12-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c8e5f1a9b27'
down_revision = 'd77ad97bcd1a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('insight_daily_count',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('metric', sa.String(length=40), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'metric', 'key', name=op.f('pk_insight_daily_count'))
    )
    op.create_table('insight_daily_salt',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('salt', sa.LargeBinary(length=32), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_insight_daily_salt'))
    )
    op.create_table('insight_visitor_digest',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('digest', sa.LargeBinary(length=32), nullable=False),
    sa.PrimaryKeyConstraint('day', 'kind', 'digest', name=op.f('pk_insight_visitor_digest'))
    )
    op.create_table('added_synonym_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_added_synonym_group'))
    )


def downgrade():
    op.drop_table('added_synonym_group')
    op.drop_table('insight_visitor_digest')
    op.drop_table('insight_daily_salt')
    op.drop_table('insight_daily_count')
