"""Strings of the org chart screen and export."""

STRINGS: dict[str, tuple[str, str]] = {
    "orgchart.coach": ("教练", "coach"),
    "orgchart.influence": ("影响力", "influence "),
    "orgchart.export_title": ("组织结构分析（{date}）", "Org chart analysis ({date})"),
    "orgchart.unplaced": ("未放入组织结构的人", "People not placed on the grid"),
    "orgchart.warnings": ("覆盖预警", "Coverage warnings"),
    "orgchart.no_warnings": ("没有预警", "No warnings"),
    "orgchart.level": ("层级", "Level"),
    "orgchart.tab_grid": ("角色网格", "Role grid"),
    "orgchart.tab_tree": ("汇报关系", "Reports-to tree"),
    "orgchart.support": ("支持度得分 {score}", "Support score {score}"),
    "orgchart.empty_cell": ("（空）", "(empty)"),
    "orgchart.move_to": (
        "移到哪一格？输入 层级,职能 的序号，例如 1,2",
        "Move to which cell? Type level,function numbers, e.g. 1,2",
    ),
    "orgchart.exported": ("已导出到 {path}", "Exported to {path}"),
    "orgchart.no_people": ("这个客户还没有联系人", "No contacts at this account yet"),
    "orgchart.trend_up": ("↑ 升温", "↑ warming"),
    "orgchart.trend_down": ("↓ 降温", "↓ cooling"),
    "orgchart.moving": (
        "移动 {name}：方向键换格，m 或 Enter 结束",
        "Moving {name}: arrows change cell, m or Enter ends",
    ),
    "key.attitude_up": ("支持度+", "Attitude +"),
    "key.attitude_down": ("支持度−", "Attitude −"),
    "key.toggle_coach": ("教练", "Coach"),
    "key.move": ("移动", "Move"),
    "key.export": ("导出", "Export"),
    "key.toggle_view": ("视图", "View"),
}
