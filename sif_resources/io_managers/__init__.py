"""Dagster IO managers over the platform's stores: how asset outputs are written and inputs loaded.

What belongs here: one module per store an IO manager writes to (`dynamodb.py`: the DynamoDB serving
store of latest activities and metric values). What does not: the stores themselves
(`sif_resources.activities`, `sif_resources.catalog`) or asset definitions (`sif_assets`).
"""
