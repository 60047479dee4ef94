"""Automation of the platform: jobs, schedules and sensors (autoloaded with the rest of `defs/`)."""
