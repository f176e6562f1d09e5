"""Strings of the A-card on screen: the opportunity it scores, the effort rules, and the account
list's prospect order (METHOD §2.1, §5)."""

STRINGS: dict[str, tuple[str, str]] = {
    "acard.opportunity": ("评分的销售机会", "Opportunity"),
    "acard.no_opportunity": (
        "A卡为每个销售机会评分：先按 ctrl+o 新建一个销售机会",
        "The A-card scores each opportunity: press ctrl+o to add one first",
    ),
    "acard.effort_rule": (
        "投入精力：本季度成交的机会70%，今年20%，明年10%；本季度目标完不成时，全部精力放在本季度",
        "Effort: 70% on deals closing this quarter, 20% this year, 10% next year; "
        "when this quarter's target can't be made, all effort on this quarter",
    ),
    "key.sort_prospects": ("优先排序", "A-card order"),  # the prospect priority list
    "home.sorted_prospects": ("按A卡排序（得分、时间）", "by A-card (score, timing)"),
}
