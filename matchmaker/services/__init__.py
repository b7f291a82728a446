"""Load rows, call the core, persist. Functions take the session (and the acting user, when
one matters) explicitly, flush, and leave the commit to their caller."""
