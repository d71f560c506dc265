"""What showing a book needs besides its labels: decisions, consent states, search texts.

For a big book this is computed in the import worker, so the window only puts
labels on it; after a change the window computes it for the contacts concerned.
Decisions come from the core's ``gate.decide`` against the same grants the
export uses, so the window shows exactly what an export will do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from contactgate.core.consent import ConsentBook
from contactgate.core.gate import Decision, decide
from contactgate.core.model import Consent, Contact, Verdict
from contactgate.core.policy import Policy
from contactgate.store.db import Store
from contactgate.ui.rows import ContactText, consent_state, contact_text


@dataclass(slots=True)
class Prepared:
    at: datetime  # the time the decisions hold for
    consents: list[Consent]
    consent_book: ConsentBook
    decisions: dict[int, Decision] = field(default_factory=dict)
    states: dict[int, str] = field(default_factory=dict)  # consent state per contact key
    texts: dict[int, ContactText] = field(default_factory=dict)

    @classmethod
    def at_time(cls, consents: list[Consent], at: datetime) -> Prepared:
        return cls(at, consents, ConsentBook(consents))

    def add(self, contacts: Iterable[Contact], verdicts: dict[int, Verdict],
            with_texts: bool = True) -> None:
        book, at = self.consent_book, self.at
        decisions, states, texts = self.decisions, self.states, self.texts
        for contact in contacts:
            key = contact.key
            decision = decisions[key] = decide(contact, verdicts[key], book, at)
            states[key] = consent_state(decision, book, at)
            if with_texts:
                texts[key] = contact_text(contact)


def load_gate_consents(store: Store, policy: Policy) -> list[Consent]:
    """Exactly the grants ``pipeline.export_book`` gives the gate (one definition)."""
    from contactgate.pipeline import gate_register

    return gate_register(store, policy)
