"""Messages that ask the app to open a screen: each carries the ids the screen will show.

A screen never reads another screen's state, and the app keeps no "current account": whoever
asks for a screen says which account or opportunity it is for.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class ShowDossier(Message):
    account_id: str


@dataclass
class ShowOrgChart(Message):
    account_id: str


@dataclass
class ShowSpin(Message):
    """SPIN questions for an opportunity (which belongs to `account_id`)."""

    account_id: str
    opportunity_id: str


@dataclass
class ShowProposal(Message):
    account_id: str
    opportunity_id: str


@dataclass
class ShowChecklist(Message):
    """The pre-visit checklist of an account, for one of its opportunities or none."""

    account_id: str
    opportunity_id: str | None = None


@dataclass
class ShowActivities(Message):
    account_id: str


@dataclass
class LogActivity(Message):
    """Quick activity entry for an account (and one of its opportunities, if any)."""

    account_id: str
    opportunity_id: str | None = None
