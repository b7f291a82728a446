"""Company visits (issue 21): a delegation spends a day visiting local firms, split into
groups (buses), each group with a route of visits, a lunch break and perhaps an interpreter.

`types` holds the problem and the plan, `travel` the minutes between sites, `timing` when a
route's visits and lunch can take place; `greedy` is the baseline, `routing` the OR-Tools
routing solver for a given split of the members, `members` the split given the routes,
`planner` the whole search (`plan_visits`), `exact` the proven optimum of small days on
CP-SAT, `checks` the verifier (`visit_findings`, `visit_violations`), and `replan` the
rest of the day re-planned after a change on the day (`replan_day`)."""
