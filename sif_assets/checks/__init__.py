"""Data-quality checks for pipeline assets, run with Great Expectations 1.x directly (dagster-ge does not
support GX 1.x or pandas 3, guide T9). `gx_suites.py` runs suites over frames; `pipeline_checks.py` builds
the checks of a pipeline's inputs and activities."""
