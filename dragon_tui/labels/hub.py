"""Strings of the team hub: the Sync screen's "sync with hub" and the dossier's ownership."""

STRINGS: dict[str, tuple[str, str]] = {
    "hub.title": ("与团队中心同步（有网络时）", "Sync with the team hub (when online)"),
    "hub.placeholder": (
        "中心地址，不含密码（或 $DRAGON_TUI_SERVER）",
        "Hub URL without password (or $DRAGON_TUI_SERVER)",
    ),
    "hub.go": ("与中心同步", "Sync with hub"),
    "hub.progress": ("正在同步：{phase} {done}/{total}", "Syncing: {phase} {done}/{total}"),
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
}
