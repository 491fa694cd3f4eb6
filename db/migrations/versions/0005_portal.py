"""the stakeholder portal: stakeholder accounts, their events, news and knowledge posts with attachments

Revision ID: 0005_portal
Revises: 0005_offline

Schema only (no data). Stakeholder accounts are separate from desk users (`user_account`): their own
argon2id hashes and lockout; `stakeholder_event` links an account to the events it may follow.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.models.base

revision = "0005_portal"
down_revision = "0005_offline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('news_post',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('publish_at', db.models.base.UTCDateTime(), nullable=False),
    sa.Column('withdrawn_at', db.models.base.UTCDateTime(), nullable=True),
    sa.Column('author', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', db.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', db.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_at', db.models.base.UTCDateTime(), nullable=True),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind in ('berita','pengetahuan')", name=op.f('ck_news_post_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_news_post'))
    )
    op.create_index(op.f('ix_news_post_publish_at'), 'news_post', ['publish_at'], unique=False)
    op.create_table('news_attachment',
    sa.Column('post_id', sa.String(length=36), nullable=False),
    sa.Column('filename', sa.String(length=160), nullable=False),
    sa.Column('mime', sa.String(length=80), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', db.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', db.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_at', db.models.base.UTCDateTime(), nullable=True),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['news_post.id'], name=op.f('fk_news_attachment_post_id_news_post')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_news_attachment'))
    )
    op.create_index(op.f('ix_news_attachment_post_id'), 'news_attachment', ['post_id'], unique=False)
    op.create_table('stakeholder_account',
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=160), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('unit_id', sa.String(length=36), nullable=True),
    sa.Column('organiser', sa.String(length=160), nullable=False),
    sa.Column('pks_profile', sa.String(length=16), nullable=False),
    sa.Column('contact', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', db.models.base.UTCDateTime(), nullable=True),
    sa.Column('last_login_at', db.models.base.UTCDateTime(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', db.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', db.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('deleted_at', db.models.base.UTCDateTime(), nullable=True),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind in ('pemkot','satker','organiser','polri_unit')", name=op.f('ck_stakeholder_account_kind')),
    sa.CheckConstraint("pks_profile in ('counts-only','names')", name=op.f('ck_stakeholder_account_pks_profile')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_stakeholder_account_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stakeholder_account')),
    sa.UniqueConstraint('username', name=op.f('uq_stakeholder_account_username'))
    )
    op.create_table('stakeholder_event',
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['stakeholder_account.id'], name=op.f('fk_stakeholder_event_account_id_stakeholder_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_stakeholder_event_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'event_id', name=op.f('pk_stakeholder_event'))
    )


def downgrade() -> None:
    op.drop_table('stakeholder_event')
    op.drop_table('stakeholder_account')
    op.drop_index(op.f('ix_news_attachment_post_id'), table_name='news_attachment')
    op.drop_table('news_attachment')
    op.drop_index(op.f('ix_news_post_publish_at'), table_name='news_post')
    op.drop_table('news_post')
