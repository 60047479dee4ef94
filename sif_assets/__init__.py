"""Dagster definitions only: partitions, asset factories, components, checks, sensors, schedules and
automation for the SIF platform. Everything that stores or computes lives in `sif_resources` and
`calculator`; this package wires it into assets. The code location is `sif_assets.definitions`."""
