"""Scheduling: every placeable meeting in a slot and at a table, no double booking, few
breaks. `types` holds the problem and its placements, `options` the knobs, `scheduler` drives
the stages (`sweep`, `wish_slots`, `placement` and `placement_search`, the exact models of
`exact` and `breaks/`, the annealing of `gap_anneal` over the moves of `kempe`); `repair`
changes a published day as little as the fair day forces; `interpreters`, `day_plan` (a full
day from recommendations) and `first_fit` (the baseline); `checks` is the verifier."""
