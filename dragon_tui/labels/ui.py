"""UI strings of the app shell, the account list and the CLI (key → (zh, en))."""

STRINGS: dict[str, tuple[str, str]] = {
    "list.separator": ("、", ", "),
    "app.title": ("摧龙六式", "Six Dragon Moves"),
    "app.readonly": ("只读", "read-only"),
    "app.first_run": ("已载入演示数据，欢迎试用", "Demo data loaded — have a look around"),
    "app.language_switched": ("已切换为中文", "Switched to English"),
    "app.coming_soon": ("此功能尚未提供", "Not available yet"),
    "screen.home": ("客户列表", "Accounts"),
    "screen.dossier": ("客户档案", "Account dossier"),
    "screen.orgchart": ("组织结构", "Org chart"),
    "screen.spin": ("SPIN提问", "SPIN questions"),
    "screen.proposal": ("方案", "Proposal"),
    "screen.funnel": ("销售漏斗", "Funnel"),
    "screen.agenda": ("今日日程", "Today"),
    "screen.checklist": ("拜访准备清单", "Pre-visit checklist"),
    "screen.activities": ("销售活动", "Activity log"),
    "screen.sync": ("同步", "Sync"),
    "screen.conflicts": ("冲突", "Conflicts"),
    "screen.settings": ("设置", "Settings"),
    "screen.trash": ("回收站", "Trash"),
    "action.search": ("搜索", "Search"),
    "action.add": ("新增", "Add"),
    "action.edit": ("编辑", "Edit"),
    "action.delete": ("删除", "Delete"),
    "action.undo": ("撤销", "Undo"),
    "action.save": ("保存", "Save"),
    "action.cancel": ("取消", "Cancel"),
    "action.confirm": ("确认", "Confirm"),
    "action.quit": ("退出", "Quit"),
    "action.language": ("中文/English", "中文/English"),
    "action.help": ("帮助", "Help"),
    "action.back": ("返回", "Back"),
    "action.open": ("打开", "Open"),
    "action.clear": ("清除", "Clear"),
    "action.export": ("导出", "Export"),
    "action.yes": ("是", "Yes"),
    "action.no": ("否", "No"),
    "confirm.delete_account": (
        "删除客户“{name}”？可在回收站恢复。",
        "Delete account “{name}”? You can restore it from the trash.",
    ),
    "notify.deleted": ("已删除“{name}”，按 u 撤销", "Deleted “{name}” — press u to undo"),
    "notify.restored": ("已恢复“{name}”", "Restored “{name}”"),
    "notify.saved": ("已保存", "Saved"),
    "empty.accounts": (
        "还没有客户——按 a 新增，或用 dragon-tui import-csv 导入",
        "No accounts yet — press a to add one, or import with dragon-tui import-csv",
    ),
    "empty.search": (
        "没有匹配“{query}”的客户——按 Esc 清除搜索",
        "No account matches “{query}” — press Esc to clear the search",
    ),
    "home.search_placeholder": (
        "搜索：名称、拼音（bjxd）、联系人；条件如 行业:制造 区域:华北 阶段:3",
        "Search: name, pinyin (bjxd), contact; filters like industry:制造 region:华北 stage:3",
    ),
    "home.count": ("共 {shown} / {total} 个客户", "{shown} of {total} accounts"),
    "col.name": ("客户名称", "Account"),
    "col.industry": ("行业", "Industry"),
    "col.region": ("区域", "Region"),
    "col.tier": ("等级", "Tier"),
    "col.owner": ("负责人", "Owner"),
    "col.open_opps": ("商机", "Deals"),
    "col.best_stage": ("最佳阶段", "Best stage"),
    "table.accounts": ("客户", "accounts"),
    "table.contacts": ("联系人", "contacts"),
    "table.competitors": ("竞争对手", "competitors"),
    "table.opportunities": ("销售机会", "opportunities"),
    "table.activities": ("销售活动", "activities"),
    "table.checklists": ("拜访准备清单", "checklists"),
    "table.proposals": ("方案", "proposals"),
    "table.products": ("产品库", "products"),
    "table.competitive_cells": ("竞争分析", "competitive chart cells"),
    "table.spin_questions": ("SPIN题库", "SPIN questions"),
    "table.spin_answers": ("SPIN回答", "SPIN answers"),
    "table.need_items": ("需求层次", "needs ladder items"),
    "table.objections": ("异议库", "objections"),
    "table.invoices": ("发票", "invoices"),
    "table.conflicts": ("冲突", "conflicts"),
    "table.settings": ("设置", "settings"),
}

STRINGS.update(
    {
        "palette.open_screen": ("打开此页面", "Open this screen"),
        "palette.placeholder": ("搜索命令…", "Search for commands…"),
        "system.Theme": ("主题", "Theme"),
        "system.Theme.help": ("更换界面主题", "Change the current theme"),
        "system.Quit": ("退出", "Quit"),
        "system.Quit.help": ("立即退出程序", "Quit the application as soon as possible"),
        "system.Keys": ("按键", "Keys"),
        "system.Keys.help": ("显示或隐藏按键说明", "Show or hide the keys and widget help"),
        "system.Maximize": ("最大化", "Maximize"),
        "system.Maximize.help": ("放大当前区域", "Maximize the focused widget"),
        "system.Minimize": ("还原", "Minimize"),
        "system.Minimize.help": ("还原为正常大小", "Restore the widget to normal size"),
        "system.Screenshot": ("截图", "Screenshot"),
        "system.Screenshot.help": (
            "把当前页面存为 SVG 截图",
            "Save an SVG screenshot of the screen",
        ),
        "palette.language": ("切换界面语言", "Switch the interface language"),
        "app.needs_account": (
            "请先在客户列表中选择一个客户",
            "Select an account in the list first",
        ),
        "app.needs_opportunity": (
            "请先在客户档案中选择一个销售机会",
            "Select an opportunity in a dossier first",
        ),
    }
)

# Footer labels, keyed by the binding's action ("key.<action>").
STRINGS.update(
    {
        "key.focus_search": ("搜索", "Search"),
        "key.clear_search": ("清除", "Clear"),
        "key.open_account": ("打开", "Open"),
        "key.delete_account": ("删除", "Delete"),
        "key.undo_delete": ("撤销", "Undo"),
        "key.app.quit": ("退出", "Quit"),
        "key.toggle_language": ("EN", "中文"),
        "key.command_palette": ("命令", "Menu"),
        "key.app.pop_screen": ("返回", "Back"),
        "key.back": ("返回", "Back"),
        "key.tab(1)": ("下一页签", "Next tab"),
        "key.tab(-1)": ("上一页签", "Previous tab"),
        "key.answer(True)": ("是", "Yes"),
        "key.answer(False)": ("否", "No"),
    }
)

STRINGS.update(
    {
        "export.folder": ("导出到哪个文件夹？", "Export to which folder?"),
        "person.needs": ("需求", "Needs"),
        "person.history": ("支持度历史", "Attitude history"),
        "key.cursor(-1, 0)": ("上", "Up"),
        "key.attitude(1)": ("支持度", "Attitude"),
        "key.attitude(-1)": ("支持度−", "Attitude −"),
        "key.coach": ("教练", "Coach"),
        "key.move": ("移动", "Move"),
        "key.toggle_view": ("视图", "View"),
        "key.export": ("导出", "Export"),
        "key.dismiss": ("关闭", "Close"),
        "key.cancel": ("取消", "Cancel"),
    }
)

STRINGS.update({"key.log_activity": ("记录", "Log")})

STRINGS.update(
    {
        "home.first_rows": (
            "（列出前 {rows} 个，输入可缩小范围）",
            "(listing the first {rows}; type to narrow)",
        )
    }
)

STRINGS.update(
    {
        "home.bad_filter": (
            "看不懂这些条件：{tokens}（例：industry:制造 region:华北 tier:a stage:3 owner:张明 tag:重点）",
            "Unknown filter values: {tokens} (e.g. industry:制造 region:华北 tier:a stage:3 owner:张明 tag:重点)",
        ),
        "home.new_account": ("新客户名称：", "Name of the new account:"),
        "key.add_account": ("新增", "Add"),
        "key.cycle_sort": ("排序", "Sort"),
    }
)

STRINGS.update(
    {
        "settings.scheme": ("阶段方案", "Stage scheme"),
        "settings.rate": ("{stage} 赢率", "{stage} win rate"),
        "settings.win_rates": ("阶段赢率", "Win rates"),
        "settings.stale_contact_days": ("关键人未联系天数", "Key person quiet after (days)"),
        "settings.overdue_long_days": ("长期逾期天数", "Long overdue after (days)"),
        "settings.large_amount": ("大额欠款金额", "Large amount from"),
        "settings.sales_target": ("本期销售目标", "Sales target"),
        "trash.deleted_at": ("删除时间", "Deleted"),
        "trash.empty": ("回收站是空的", "The trash is empty"),
        "key.restore": ("恢复", "Restore"),
    }
)

# What each palette entry does (one line each), and the offer when an account has no deal yet.
STRINGS.update(
    {
        "palette.home": ("回到客户列表，按名称或拼音搜索", "Back to the account list; search by name or pinyin"),
        "palette.dossier": ("当前客户的档案：现状、组织、个人信息、竞争、A卡", "This account's dossier: status, organisation, people, rivals, A-card"),
        "palette.orgchart": ("当前客户的角色网格与覆盖提醒", "This account's role grid and coverage warnings"),
        "palette.spin": ("为当前销售机会逐步提问 S→P→I→N", "Walk the S→P→I→N questions for this opportunity"),
        "palette.proposal": ("编写当前销售机会的方案（FAB、报价、版本）", "Build this opportunity's proposal (FAB, quote, versions)"),
        "palette.agenda": ("今天到期和逾期的跟进、计划拜访", "Follow-ups due and overdue today, planned visits"),
        "palette.checklist": ("为当前客户生成拜访准备清单", "Prepare the pre-visit checklist for this account"),
        "palette.activities": ("当前客户的全部销售活动", "Every activity logged for this account"),
        "palette.log_activity": ("为当前客户记录一次拜访或电话", "Log a visit or call for this account"),
        "palette.sync": ("导出或导入同步包，先预览再合并", "Export or import a sync bundle; preview before merging"),
        "palette.conflicts": ("查看同步中两边都改过的字段", "Review fields both laptops changed while syncing"),
        "palette.settings": ("阶段方案、赢率、提醒阈值、销售目标", "Stage scheme, win rates, thresholds, sales target"),
        "palette.trash": ("已删除的记录，可以恢复", "Deleted records, ready to restore"),
        "palette.csv_import": ("从表格导入客户、联系人、销售机会", "Import accounts, contacts, opportunities from a spreadsheet"),
        "palette.funnel": ("销售漏斗：预测、进度、风险商机", "The funnel: forecast, progress, deals at risk"),
        "deal.none_yet": (
            "{account} 还没有销售机会。现在新建一个吗？",
            "{account} has no opportunity yet. Create one now?",
        ),
    }
)  # fmt: skip
