"""Every form of the app, the one place request data is parsed, checked and bounded:
`base` (the base form: cleaned, bounded text fields), `query` (the base of forms read from
a query string, without CSRF), `bounded` (fields that read a bad value as none or a
default, clamped, instead of refusing it), `firm` (a firm's profile, its link, meeting
requests), `account` (buttons, login, links, passwords), `event` with `rows` and `texts`
(an event's settings and texts), `organisations` (organisations, co-organisers, staff
accounts), `filters` (the query strings: a firm's partner filter, the staff's firm list,
`?by`, `?via` and a safe `?next`), `feedback` (a firm's feedback after the fair, erasing its
data, reusing an earlier profile), `imports` (a firm import's upload and column mapping,
pair rules), and the staff console's working forms: `timetable` (runs of the matching and
the scheduler, moving, locking and publishing meetings), `tables` (the themed tables),
`fair_day` (the desk and repairs), `outbox` (invitations, the outbox, sending again) and
`firm_console` (a firm's link and credit on its staff page)."""
