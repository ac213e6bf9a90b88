"""Outbox handlers."""
