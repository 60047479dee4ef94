"""Domain rules of the catalog and of access management, as pure functions and models over plain data.

Stores persist what these modules define; the API and the CLI call them. Nothing here does I/O.
"""
