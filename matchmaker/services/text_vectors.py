"""The encoder vectors of an event's texts, kept in the database between runs.

Encoding is the slow part of matching with a neural encoder (e5-small takes milliseconds per
item): a run reads the vectors stored for the event, encodes only texts that are new, and
afterwards stores those and deletes the vectors no firm's text uses any more. So a fair is
encoded once, and a firm that edits its profile costs only its own texts.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from matchmaker.core.matching.evidence import Evidence
from matchmaker.core.matching.matcher import encoded_texts
from matchmaker.core.matching.semantic import Embedder, FloatMatrix, StoredVectors, digest
from matchmaker.models import Event, Participant, TextVector
from matchmaker.services.convert import participant_profile

CHUNK = 500  # digests per DELETE ... IN, well below SQLite's limit on bound values
WRITE_BATCH = 5000  # new vectors inserted at a time
STORED_TYPE = np.dtype("<f4")  # exact: a run from stored vectors gives the same list


def stored_embedder(
    session: Session, event: Event, embedder: Embedder, texts: Iterable[str] = ()
) -> StoredVectors:
    """`embedder` answering from the event's stored vectors first; reads only. The vectors of
    `texts` are read now, the others' when they are asked for (at 20,000 firms the items'
    vectors, which only the reasons use, took 250 MB through the whole run)."""
    of_encoder = (TextVector.event_id == event.id, TextVector.encoder == embedder.name)
    stored = set(session.scalars(select(TextVector.digest).where(*of_encoder)))

    def fetch(digests: list[str]) -> dict[str, FloatMatrix]:
        found: dict[str, FloatMatrix] = {}
        for start in range(0, len(digests), CHUNK):
            chunk = digests[start : start + CHUNK]
            rows = session.execute(
                select(TextVector.digest, TextVector.vector).where(
                    *of_encoder, TextVector.digest.in_(chunk)
                )
            )
            found.update((key, _vector(blob)) for key, blob in rows)
        return found

    wanted = sorted({digest(t) for t in texts if t.strip()} & stored)
    known = fetch(wanted)
    return StoredVectors(embedder, known, stored, fetch)


def _vector(blob: bytes) -> FloatMatrix:
    return np.frombuffer(blob, STORED_TYPE).astype(np.float32, copy=False)


def keep_vectors(session: Session, event: Event, vectors: StoredVectors) -> int:
    """Store the vectors a run encoded and drop the event's vectors no text used in it (texts
    that changed or belonged to a firm that left). Returns how many were stored."""
    unused = sorted(vectors.stored - vectors.used)
    for start in range(0, len(unused), CHUNK):
        session.execute(
            delete(TextVector).where(
                TextVector.event_id == event.id,
                TextVector.encoder == vectors.name,
                TextVector.digest.in_(unused[start : start + CHUNK]),
            )
        )
    insert = postgres_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    new = list(vectors.new.items())
    for start in range(0, len(new), WRITE_BATCH):  # a batch's bytes at a time, not 400 MB
        rows = [
            {
                "event_id": event.id,
                "encoder": vectors.name,
                "digest": key,
                "vector": np.asarray(vector, STORED_TYPE).tobytes(),
            }
            for key, vector in new[start : start + WRITE_BATCH]
        ]  # a run beside this one may have stored the same text: keep the one there
        session.execute(insert(TextVector).on_conflict_do_nothing(), rows)
    session.flush()
    stored = len(vectors.new)
    for key in unused:
        vectors.known.pop(key, None)
    vectors.stored.difference_update(unused)
    vectors.stored.update(vectors.new)
    vectors.known.update(vectors.new)
    vectors.new.clear()
    return stored


def forget_firm(session: Session, participant: Participant) -> None:
    """Delete the stored vectors of a firm's texts (when its data is erased): every text the
    matcher encodes for it, as its profile stands now."""
    profile = participant_profile(participant)
    texts = [*encoded_texts(profile), *Evidence().texts([profile])]
    digests = sorted({digest(t) for t in texts if t.strip()})
    for start in range(0, len(digests), CHUNK):
        session.execute(
            delete(TextVector).where(
                TextVector.event_id == participant.event_id,
                TextVector.digest.in_(digests[start : start + CHUNK]),
            )
        )
