"""Strings of the sync and conflict screens."""

STRINGS: dict[str, tuple[str, str]] = {
    "sync.export_title": (
        "导出同步包（给同事或另一台电脑）",
        "Export a bundle (for a colleague or another laptop)",
    ),
    "sync.import_title": ("导入同步包", "Import a bundle"),
    "sync.redact": ("去除个人信息", "Leave out personal information"),
    "sync.encrypt": ("加密", "Encrypt"),
    "sync.export": ("导出", "Export"),
    "sync.preview": ("预览", "Preview"),
    "sync.apply": ("导入", "Import"),
    "sync.import_placeholder": ("同步包文件路径", "Path of the bundle file"),
    "sync.passphrase": ("口令（加密包需要）", "Passphrase (for encrypted bundles)"),
    "sync.need_passphrase": ("需要口令", "A passphrase is needed"),
    "sync.exported": (
        "已导出 {count} 条记录到 {path}（{size} 字节）",
        "Exported {count} records to {path} ({size} bytes)",
    ),
    "sync.no_plan": (
        "选择一个同步包并预览：会显示新增、更新、未变、删除和冲突",
        "Pick a bundle and preview it: added, updated, unchanged, deleted and conflicts are listed",
    ),
    "sync.summary": (
        "新增 {added}  更新 {updated}  未变 {unchanged}  删除 {deleted}  冲突 {conflicts}",
        "{added} added  {updated} updated  {unchanged} unchanged  {deleted} deleted  {conflicts} conflicts",
    ),
    "sync.change": ("变化", "Change"),
    "sync.record": ("记录", "Record"),
    "sync.added": ("新增", "added"),
    "sync.updated": ("更新", "updated"),
    "sync.deleted": ("删除", "deleted"),
    "sync.conflict": ("冲突", "conflict"),
    "sync.preview_first": ("请先预览", "Preview first"),
    "sync.confirm": ("导入 {path}？{summary}", "Import {path}? {summary}"),
    "sync.applied": ("已导入：{summary}", "Imported: {summary}"),
    "conflict.record": ("记录", "Record"),
    "conflict.field": ("字段", "Field"),
    "conflict.kept": ("当前值（设备）", "Current value (device)"),
    "conflict.lost": ("另一个值（设备）", "Other value (device)"),
    "conflict.when": ("时间", "When"),
    "conflict.none": ("没有待处理的冲突", "No conflicts to review"),
    "conflict.resolved": ("冲突已处理", "Conflict resolved"),
    "conflict.edit": ("{field} 的新值：", "New value for {field}:"),
    "key.keep": ("保留当前值", "Keep current"),
    "key.take_other": ("改用另一值", "Take other"),
    "key.edit": ("编辑", "Edit"),
}

STRINGS.update(
    {
        "screen.csv_import": ("导入CSV", "Import CSV"),
        "csv.path": (
            "CSV 或 .xlsx 文件路径（UTF-8、GBK 或 UTF-16；表头中文或英文）",
            "CSV or .xlsx file (UTF-8, GBK or UTF-16; Chinese or English headers)",
        ),
        "csv.hint": (
            "选择类型和文件，先预览：会列出每一行的错误",
            "Pick the kind and the file, then preview: every invalid row is listed",
        ),
        "csv.status": ("状态", "Status"),
        "csv.error": ("错误", "error"),
        "csv.warning": ("提示", "warning"),
        "csv.confirm": ("导入 {count} 条记录？", "Import {count} records?"),
        "csv.confirm_valid_only": (
            "有 {invalid} 行无效。只导入有效的 {valid} 条？",
            "{invalid} rows are invalid. Import only the {valid} valid records?",
        ),
        "csv.imported": ("已导入 {count} 条记录", "Imported {count} records"),
    }
)
