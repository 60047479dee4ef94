"""The emission-factor library shipped with the platform (public tables, each with its source and licence)."""
