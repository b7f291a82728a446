"""Matching: complementary partners across languages. `matcher` is the estimator (fit on a
fair's profiles, recommend each firm's partners), reading whole texts into vectors
(`profile_vectors`, with the encoders of `semantic` and `e5_numpy`); `update` brings the lists
up to date after a few firms changed; `evidence`, `phrases`, `shared_terms` and `explain` say
why a pair fits; `checks` verifies a list against the rules."""
