"""Autoloaded definitions (`dg.load_from_defs_folder`): one folder per pipeline
(`pipelines/<name>/defs.yaml`), the metrics (`metrics/defs.yaml`), and automation (sensors, schedules,
jobs) in `automation/`."""
