"""The platform's front doors: the SIF-compatible REST API and the `sif` command line.

Only the command line exists so far (`sif_api.cli`): it evaluates formulas and runs pipeline files with the
calculator, and shows the demo under `examples/`. The REST API (FastAPI) will live beside it.
"""
