"""Texts as the engines read them: cleaning input (`clean`), cutting a profile into items and
analysing them (`analysis`), which language a text is in (`language_id`, `korean`), TF-IDF
terms (`lexical`), a record's text in the reader's language (`localised`), and the names of
languages and countries and short names for addresses (`language_names`, `countries`,
`slugs`)."""
