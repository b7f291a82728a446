"""Fewest breaks: the MaxSAT encoding (`maxsat`), its variants raced in child processes
(`race`), and the local search that starts from any placement (`search`)."""
