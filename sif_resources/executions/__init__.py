"""Executions: one upload of a file to a pipeline, from landing its rows by month to its final status.

`model.py` (the record and its status machine), `layout.py` (object keys), `store.py` (`ExecutionStore`:
records, error and output files), `landing.py` (`land_file` and the `LandingArea` runs read from).
"""
