"""The platform's system of record: domain rules (access, catalog resources, validation) and, as they
arrive, the stores behind them. No web framework and no Dagster here; `calculator` is the only package of
ours it imports.
"""
