"""Every form of the app, the one place request data is parsed, checked and bounded:
`base` (the base form: cleaned, bounded text fields), `firm` (a firm's profile, its link,
meeting requests), `account` (buttons, login, links, passwords), `event` with `rows` and
`texts` (an event's settings and texts), `organisations` (organisations, co-organisers,
staff accounts), `query` (the base of forms read from a query string, without CSRF),
`filters` (the query strings: a firm's partner filter, the staff's firm list, `?by`, `?via`
and a safe `?next`), `feedback` (a firm's feedback after the fair, erasing its data,
reusing an earlier profile), `imports` (a firm import's upload and column mapping, pair
rules), with `bounded` (fields that read a bad value as none instead of refusing it)."""
