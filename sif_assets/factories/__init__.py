"""Plain-Python builders of assets (testable without YAML): a pipeline's chain (`pipeline_assets.py`), the
metrics its outputs feed (`metric_assets.py`), and the automation conditions they share (`automation.py`)."""
