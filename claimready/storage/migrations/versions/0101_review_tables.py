"""review tables: adjusters' decisions and portal callbacks

Revision ID: 0101_review
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0101_review'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'review_decisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('claim_id', sa.Integer(), sa.ForeignKey('claims.id'), nullable=False),
        sa.Column('discrepancy_key', sa.String(length=64), nullable=False),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('actor', sa.String(length=128), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_review_decisions_claim_id', 'review_decisions', ['claim_id'])
    op.create_index('ix_review_decisions_decided_at', 'review_decisions', ['decided_at'])
    op.create_table(
        'review_callbacks',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('tenant_id', sa.Integer(), sa.ForeignKey('tenants.id'), nullable=False),
        sa.Column('url', sa.Text(), nullable=False),
        sa.Column('secret', sa.String(length=128), nullable=False),
        sa.Column('created_by', sa.String(length=128), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_review_callbacks_tenant_id', 'review_callbacks', ['tenant_id'])


def downgrade() -> None:
    op.drop_index('ix_review_callbacks_tenant_id', table_name='review_callbacks')
    op.drop_table('review_callbacks')
    op.drop_index('ix_review_decisions_decided_at', table_name='review_decisions')
    op.drop_index('ix_review_decisions_claim_id', table_name='review_decisions')
    op.drop_table('review_decisions')
