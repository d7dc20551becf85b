"""Ingestion: turn the portal dump into canonical `Procedure` records and index them."""
