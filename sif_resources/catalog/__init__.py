"""Catalog persistence: one store interface (`store.py`) and its backends (SQL, DynamoDB)."""
