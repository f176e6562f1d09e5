"""The columns a spreadsheet of each kind may have: header aliases (zh and en), and how each
field's cells are read (enum, amount, whole number, date, list, literal text).

Another kind joins by adding its aliases to ALIASES and its model to MODELS.
"""

from __future__ import annotations

import re
from enum import Enum

from dragon_tui.models import Account, Contact, Invoice, Opportunity, Record
from dragon_tui.models import enums as e

LIST_SEPARATORS = (";", "；", "、", "|", "，")
ID_ALIASES = ("id", "编号", "记录编号")

ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "accounts": {
        "id": ID_ALIASES,
        "name": ("name", "account", "客户名称", "名称", "客户"),
        "industry": ("industry", "行业"),
        "region": ("region", "区域", "地区"),
        "nature": ("nature", "企业性质", "性质"),
        "size": ("size", "规模"),
        "value_tier": ("value_tier", "tier", "价值等级", "等级"),
        "lead_source": ("lead_source", "source", "线索来源", "来源"),
        "owner": ("owner", "负责人"),
        "tags": ("tags", "标签"),
        "address": ("address", "地址"),
        "website": ("website", "网站"),
        "staff_count": ("staff_count", "staff", "员工数", "人数"),
        "annual_revenue": ("annual_revenue", "revenue", "年营收", "营收"),
        "notes": ("notes", "备注"),
    },
    "contacts": {
        "id": ID_ALIASES,
        "account": ("account", "account_id", "客户", "客户名称"),
        "name": ("name", "姓名", "联系人"),
        "title": ("title", "职务", "职位"),
        "department": ("department", "部门"),
        "phone": ("phone", "电话", "手机"),
        "email": ("email", "邮箱"),
        "level": ("level", "层级"),
        "function": ("function", "职能"),
        "roles": ("roles", "role", "采购角色", "角色"),
        "is_coach": ("is_coach", "coach", "教练", "内线"),
        "attitude": ("attitude", "支持度", "态度"),
        "influence": ("influence", "影响力"),
        "communication_style": ("communication_style", "style", "沟通风格"),
        "relationship_stage": ("relationship_stage", "relationship", "关系阶段"),
        "personal_need": ("personal_need", "个人需求"),
    },
    "opportunities": {
        "id": ID_ALIASES,
        "account": ("account", "account_id", "客户", "客户名称"),
        "name": ("name", "商机", "机会名称", "项目"),
        "stage": ("stage", "阶段"),
        "amount": ("amount", "金额"),
        "status": ("status", "状态"),
        "owner": ("owner", "负责人"),
        "expected_close": ("expected_close", "预计成交日期", "预计成交"),
        "closed_on": ("closed_on", "关闭日期", "成交日期"),
        "stage_entered_on": ("stage_entered_on", "进入阶段日期"),
        "previous_stage": ("previous_stage", "上一阶段"),
        "lost_reason": ("lost_reason", "流失原因"),
        "next_step": ("next_step", "下一步"),
        "notes": ("notes", "备注"),
    },
    "invoices": {
        "id": ID_ALIASES,
        "account": ("account", "account_id", "客户", "客户名称"),
        "opportunity": ("opportunity", "opportunity_id", "商机", "销售机会"),
        "number": ("number", "发票号", "发票号码"),
        "amount": ("amount", "金额"),
        "issued_on": ("issued_on", "开票日期"),
        "due_on": ("due_on", "到期日"),
        "paid": ("paid", "已收金额"),
        "notes": ("notes", "备注"),
    },
}
MODELS: dict[str, type[Record]] = {
    "accounts": Account,
    "contacts": Contact,
    "opportunities": Opportunity,
    "invoices": Invoice,
}
# The column every row of a kind must have (default: name), and how to name it in an error.
KEY_COLUMN = {"invoices": ("number", "number / 发票号")}
ENUMS: dict[str, type[Enum]] = {
    "nature": e.AccountNature,
    "size": e.AccountSize,
    "value_tier": e.ValueTier,
    "lead_source": e.LeadSource,
    "level": e.Level,
    "function": e.Function,
    "roles": e.PurchaseRole,
    "attitude": e.Attitude,
    "influence": e.Influence,
    "communication_style": e.CommunicationStyle,
    "relationship_stage": e.RelationshipStage,
    "personal_need": e.PersonalNeed,
    "stage": e.Stage,
    "previous_stage": e.Stage,
    "status": e.OpportunityStatus,
}
AMOUNTS = ("amount", "annual_revenue", "paid")
WHOLE = ("staff_count",)
DATES = ("closed_on", "stage_entered_on", "expected_close", "issued_on", "due_on")
LISTS = ("roles", "tags")
LITERAL = ("notes",)  # kept exactly as written, spaces and all
# Columns that are not fields of the record: they steer how the row is built.
STEERING = ("id", "account", "stage_entered_on", "previous_stage", "opportunity", "paid")
TRUE = {"1", "true", "yes", "y", "是", "✓", "x", "√", "对"}
FALSE = {"", "0", "false", "no", "n", "否", "×"}
FORMULA_ESCAPED = re.compile(r"^'+[=+\-@]")
