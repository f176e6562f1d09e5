"""The add/edit account modal: the customer-status fields, validated by the Account model."""

from __future__ import annotations

from dragon_tui.labels import t
from dragon_tui.models import Account
from dragon_tui.models import enums as e
from dragon_tui.store import Store
from screens.widgets.form import Field
from screens.widgets.record_form import RecordFormScreen

# Customer status (客户现状, METHOD §2.1) and the list classification (客户管理, §6).
ACCOUNT_FIELDS = [
    Field("name", "dossier.name"),
    Field("nature", "dossier.nature", e.AccountNature),
    Field("industry", "col.industry"),
    Field("region", "col.region"),
    Field("size", "dossier.size", e.AccountSize),
    Field("staff_count", "dossier.staff_count"),
    Field("annual_revenue", "dossier.annual_revenue"),
    Field("business_scope", "dossier.business_scope"),
    Field("address", "dossier.address"),
    Field("website", "dossier.website"),
    Field("purchase_volume", "dossier.purchase_volume"),
    Field("current_suppliers", "dossier.current_suppliers", is_list=True),
    Field("value_tier", "col.tier", e.ValueTier),
    Field("lead_source", "dossier.lead_source", e.LeadSource),
    Field("owner", "col.owner"),
    Field("tags", "dossier.tags", is_list=True),
]


class AccountFormScreen(RecordFormScreen):
    """Add (no account given) or edit an account; dismisses with the saved Account or None.

    ctrl+s saves; an invalid value (an empty name, "many" staff) is named inline and everything
    typed stays in the form.
    """

    def __init__(
        self, store: Store, account: Account | None = None, lang: str = "zh", owner: str = ""
    ) -> None:
        if account is None:
            # Not validated yet on purpose: the name starts empty and the model checks it on save.
            account = Account.model_construct(name="", owner=owner)
            title = t("account.new", lang)
        else:
            title = t("account.edit", lang)
        super().__init__(store, account, ACCOUNT_FIELDS, title, lang)
