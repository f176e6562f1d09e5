"""Strings of the weekly funnel review."""

STRINGS: dict[str, tuple[str, str]] = {
    "review.title": ("销售漏斗周回顾 {period}", "Weekly funnel review {period}"),
    "review.first_contact": ("首次接触日期", "First contact"),
    "review.next_contact": ("下次联系日期", "Next contact"),
    "review.urgent_need": ("紧迫需求", "Urgent need"),
    "review.decision": ("决策流程与日期", "Decision process and date"),
    "review.competitors": ("竞争对手", "Competitors in play"),
    "review.quoted": ("是否已报价", "Quoted yet"),
    "review.next_action": ("下一步行动", "Next action"),
    "review.unknown": ("未知", "unknown"),
    "review.exported": ("周回顾已导出到 {path}", "Weekly review exported to {path}"),
    "funnel.filter_placeholder": (
        "名称或拼音（bjxd）；owner:张明 region:华北",
        "name or pinyin (bjxd); owner:张明 region:华北",
    ),
    "key.export_review": ("周回顾", "Review"),
}
