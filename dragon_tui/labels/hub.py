"""Strings of the team hub: the Sync screen's "sync with hub", the dossier's ownership and its
ownership dialog (screens/ownership.py)."""

STRINGS: dict[str, tuple[str, str]] = {
    "hub.title": ("与团队中心同步（有网络时）", "Sync with the team hub (when online)"),
    "hub.placeholder": (
        "中心地址，不含密码（或 $DRAGON_TUI_SERVER）",
        "Hub URL without password (or $DRAGON_TUI_SERVER)",
    ),
    "hub.go": ("与中心同步", "Sync with hub"),
    "hub.progress": ("正在同步：{phase} {done}/{total}", "Syncing: {phase} {done}/{total}"),
    "hub.phase.pull": ("拉取", "pulling"),
    "hub.phase.merge": ("合并", "merging"),
    "hub.phase.push": ("推送", "pushing"),
    "hub.phase.done": ("完成", "done"),
    "hub.done": (
        "已以 {rep} 身份同步：推送 {pushed}，拉取 {pulled}；新增 {added}  更新 {updated}  删除 {deleted}  冲突 {conflicts}",
        "Synced as {rep}: pushed {pushed}, pulled {pulled}; {added} added  {updated} updated  {deleted} deleted  {conflicts} conflicts",
    ),
    "hub.refused": (
        "{count} 个客户由他人独占，其改动保留在本机",
        "{count} accounts are owned exclusively by someone else; their changes stay here",
    ),
    "hub.owner": ("负责人 {owner}", "owner {owner}"),
    "hub.pool": ("公海", "in the pool"),
    "hub.shared": ("共享给 {reps}", "shared with {reps}"),
    "hub.protected": ("保护中", "protected"),
    "hub.hidden": ("由 {owner} 独占", "owned exclusively by {owner}"),
    "key.ownership": ("归属", "Ownership"),
    "ownership.title": ("客户归属：{name}", "Ownership: {name}"),
    "ownership.no_hub": (
        "尚未与团队中心同步；填写中心地址即可操作",
        "Not synced with a team hub yet; give the hub URL to change it",
    ),
    "ownership.url": ("中心地址（不含密码）", "Hub URL (without password)"),
    "ownership.rep": ("销售登录名（分配、共享时填写）", "Rep's login name (for assign and share)"),
    "ownership.claim": ("认领", "Claim"),
    "ownership.release": ("退回公海", "Release"),
    "ownership.assign": ("分配", "Assign"),
    "ownership.share": ("共享", "Share"),
    "ownership.protect": ("保护", "Protect"),
    "ownership.unprotect": ("取消保护", "Unprotect"),
    "ownership.close": ("关闭", "Close"),
    "ownership.working": ("正在联系团队中心：{action}…", "Contacting the hub: {action}…"),
    "ownership.done": ("{action}：已完成", "{action}: done"),
    "ownership.need_rep": (
        "{action}：请填写销售的登录名，然后按回车",
        "{action}: type the rep's login name, then press enter",
    ),
    "ownership.failed": ("未更改（{action}）：{error}", "Not changed ({action}): {error}"),
}
