"""Pure computation: matching, scheduling and themed tables on plain dataclasses.

Nothing in this package may import Flask or SQLAlchemy (a test enforces it), so that the
command line can run every solver on spreadsheets without a database.
"""
