"""Themed tables: the rules and their verifier (`rules`), the search that seats firms at
tables for rounds (`search`), how well a firm fits a theme (`themes`), and themed tables given
to the meetings that fit them (`seating`)."""
