"""Readers and writers of the batch files (docs/FORMATS.md): CSV, XLSX and, later, iCal."""
