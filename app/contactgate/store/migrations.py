"""Numbered schema migrations. Append only: never edit a migration that has shipped.

Each entry is (version, SQL script); statements are split at ";", so comments
must not hold one. ``open_db`` applies those above the stored
``PRAGMA user_version`` inside one transaction, after a backup of the file.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        -- Company data only (invariant 5): business contacts in full.
        CREATE TABLE business_contacts (
            id           INTEGER PRIMARY KEY,
            identity     TEXT NOT NULL UNIQUE,   -- keyed hash: first number/e-mail/name
            fn           TEXT NOT NULL,
            org          TEXT NOT NULL DEFAULT '',
            numbers      TEXT NOT NULL DEFAULT '[]',  -- JSON list of E.164
            emails       TEXT NOT NULL DEFAULT '[]',  -- JSON list
            vcard        TEXT NOT NULL,               -- full content, vCard 3.0
            score        INTEGER NOT NULL,
            reasons      TEXT NOT NULL DEFAULT '[]',  -- JSON list of {code, weight, text, detail}
            overridden   INTEGER NOT NULL DEFAULT 0,
            label        TEXT NOT NULL DEFAULT 'default',
            first_seen   TEXT NOT NULL,
            last_seen    TEXT NOT NULL
        );
        CREATE TABLE contact_numbers (
            contact_id INTEGER NOT NULL REFERENCES business_contacts(id) ON DELETE CASCADE,
            e164       TEXT NOT NULL,
            PRIMARY KEY (contact_id, e164)
        );
        CREATE INDEX contact_numbers_e164 ON contact_numbers(e164);
        -- Private and unsure people are remembered only as keyed hashes (HMAC-SHA256).
        CREATE TABLE decisions (
            hash       TEXT PRIMARY KEY,
            bucket     TEXT NOT NULL CHECK (bucket IN ('business', 'private', 'unsure')),
            source     TEXT NOT NULL CHECK (source IN ('rules', 'override')),
            decided_at TEXT NOT NULL
        );
        CREATE TABLE consents (
            id               INTEGER PRIMARY KEY,
            e164             TEXT NOT NULL,
            purpose          TEXT NOT NULL DEFAULT 'whatsapp',
            granted_at       TEXT NOT NULL,          -- ISO 8601, UTC
            method           TEXT NOT NULL,
            evidence         TEXT NOT NULL,
            evidence_file    TEXT NOT NULL DEFAULT '',
            evidence_sha256  TEXT NOT NULL DEFAULT '',
            withdrawn_at     TEXT,
            withdrawal_route TEXT NOT NULL DEFAULT '',
            expires_at       TEXT,
            confirmed_at     TEXT,
            name             TEXT NOT NULL DEFAULT '',
            email            TEXT NOT NULL DEFAULT '',
            text_version     TEXT NOT NULL DEFAULT '',
            recorded_by      TEXT NOT NULL DEFAULT '',
            recorded_at      TEXT NOT NULL,
            legal_basis      TEXT NOT NULL DEFAULT '',
            controller       TEXT NOT NULL DEFAULT '',
            contact_id       INTEGER REFERENCES business_contacts(id) ON DELETE SET NULL,
            UNIQUE (e164, purpose, granted_at)
        );
        CREATE INDEX consents_e164 ON consents(e164, purpose);
        -- Hash-chained and append-only, people only by id or keyed hash.
        CREATE TABLE audit_events (
            id        INTEGER PRIMARY KEY,
            at        TEXT NOT NULL,
            kind      TEXT NOT NULL,
            subject   TEXT NOT NULL DEFAULT '',
            details   TEXT NOT NULL DEFAULT '{}',
            prev_hash TEXT NOT NULL,
            hash      TEXT NOT NULL
        );
        CREATE TABLE exports (
            id       INTEGER PRIMARY KEY,
            label    TEXT NOT NULL,
            at       TEXT NOT NULL,
            numbers  TEXT NOT NULL DEFAULT '{}',  -- JSON {e164: display name} of what left
            files    TEXT NOT NULL DEFAULT '{}'   -- JSON {file name: sha256}
        );
        CREATE INDEX exports_label ON exports(label, id);
        -- Erased people (Art. 17): keyed hashes that must not re-enter an export unasked.
        CREATE TABLE suppressions (
            hash TEXT PRIMARY KEY,
            at   TEXT NOT NULL
        );
        """,
    ),
    (
        2,
        """
        -- Removing a business contact sets its consents' contact_id to NULL: without this
        -- index each removal read every consent (marking 20,000 contacts private took 40 s).
        CREATE INDEX consents_contact ON consents(contact_id);
        """,
    ),
]
