"""Refusals raised in the core, in the rep's language (`DragonError.text`)."""

STRINGS: dict[str, tuple[str, str]] = {
    "error.period": (
        "期间“{text}”不是年份（2026）、季度（2026Q4）或月份（2026-11）",
        "Period “{text}” is not a year (2026), quarter (2026Q4) or month (2026-11)",
    ),
    "error.period_month": (
        "期间“{text}”：月份须在 1–12 之间",
        "Period “{text}”: the month must be 1–12",
    ),
    "error.target": (
        "销售目标“{text}”不是金额",
        "Sales target “{text}” is not an amount",
    ),
    "error.target_range": (
        "销售目标“{text}”超出范围（0 至 {most}）",
        "Sales target “{text}” is out of range (0 to {most})",
    ),
    "error.unknown_people": (
        "见到的人：没有叫{names}的联系人",
        "People met: no contact named {names}",
    ),
    "error.payment_not_positive": (
        "发票 {number}：回款金额必须大于 0",
        "Invoice {number}: a payment must be more than 0",
    ),
}
