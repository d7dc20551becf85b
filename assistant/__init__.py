"""The procedure assistant engine: domain types, text handling, knowledge, search."""
