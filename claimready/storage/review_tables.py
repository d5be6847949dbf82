"""Tables of the review features, on service mode's declarative Base: adjusters' decisions on
discrepancies and portals' callback registrations. Created by migration 0101_review_tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from claimready.storage.db import Base, utcnow


class DecisionRow(Base):
    """One adjuster's decision; the latest per (claim, discrepancy_key) is in force."""

    __tablename__ = "review_decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    discrepancy_key: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))  # confirm | waive
    comment: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(128))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class CallbackRow(Base):
    """A portal's URL for signed status-change POSTs; the secret signs them (HMAC)."""

    __tablename__ = "review_callbacks"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    secret: Mapped[str] = mapped_column(String(128))
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
