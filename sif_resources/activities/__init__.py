"""Activities and metric values: what pipelines compute, kept with their history (SIF §9.5-§9.9).

`model.py` holds the slices the platform writes (one tenant x pipeline x month of activities, one tenant x
metric x month of metric values); the stores and IO managers that keep them live next to it."""
