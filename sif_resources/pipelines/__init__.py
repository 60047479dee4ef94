"""Pipelines as the platform runs them: one definition shape for pipelines from YAML files (pipelines as
code) and from the catalog, and the metric definitions their outputs feed. See `definition.py`."""
