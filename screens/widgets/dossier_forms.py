"""The fields of the dossier's add/edit forms: contacts, competitors and opportunities."""

from __future__ import annotations

from dragon_tui.models import enums as e
from screens.widgets.form import Field

CONTACT_FIELDS = [
    Field("name", "dossier.person"),
    Field("title", "dossier.title"),
    Field("department", "contact.department"),
    Field("level", "dossier.level", e.Level),
    Field("function", "dossier.function", e.Function),
    Field("influence", "contact.influence", e.Influence),
    Field("relationship_stage", "contact.relationship", e.RelationshipStage),
    Field("communication_style", "dossier.style", e.CommunicationStyle),
    Field("personal_need", "dossier.personal_need", e.PersonalNeed),
    Field("phone", "dossier.phone"),
    Field("email", "dossier.email"),
    Field("age", "contact.age"),
    Field("hobbies", "dossier.hobbies"),
    Field("family", "dossier.family"),
    Field("background", "contact.background"),
    Field("personal_notes", "contact.personal_notes"),
    Field("organisational_needs", "contact.organisational_needs"),
]
COMPETITOR_FIELDS = [
    Field("name", "dossier.competitor"),
    Field("history", "dossier.history"),
    Field("relationships", "contact.relationships"),
    Field("rival_rep", "dossier.rival_rep"),
    Field("rival_rep_style", "contact.rival_rep_style"),
    Field("price", "dossier.price"),
    Field("service", "dossier.service"),
    Field("network", "dossier.network"),
    Field("strengths", "dossier.strengths"),
    Field("weaknesses", "dossier.weaknesses"),
]
OPPORTUNITY_FIELDS = [
    Field("name", "funnel.col_opportunity"),
    Field("amount", "funnel.col_amount"),
    Field("owner", "col.owner"),
    Field("next_step", "review.next_action"),
    Field("urgent_need", "review.urgent_need"),
    Field("decision_process", "review.decision"),
]
