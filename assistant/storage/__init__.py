"""Conversations, messages and checklists in a SQL database (SQLAlchemy 2 + Alembic)."""
