"""Every form of the app, the one place request data is parsed, checked and bounded:
`base` (the base form: cleaned, bounded text fields), `firm` (a firm's profile, its link,
meeting requests), `account` (buttons, login, links, passwords), `event` with `rows` and
`texts` (an event's settings and texts), `organisations` (organisations, co-organisers,
staff accounts)."""
