"""Strings of the shared forms: refusals explained, unsaved-edit questions, form footers."""

STRINGS: dict[str, tuple[str, str]] = {
    "invalid.too_long": (
        "太长：最多 {max_length} 个字符",
        "too long: at most {max_length} characters",
    ),
    "invalid.too_many": ("太多：最多 {max_length} 项", "too many: at most {max_length} items"),
    "invalid.empty": ("不能为空", "must not be empty"),
    "invalid.greater_than": ("必须大于 {gt}", "must be more than {gt}"),
    "invalid.at_least": ("不能小于 {ge}", "must be at least {ge}"),
    "invalid.at_most": ("不能大于 {le}", "must be at most {le}"),
    "invalid.less_than": ("必须小于 {lt}", "must be less than {lt}"),
    "invalid.number": ("不是数字", "not a number"),
    "invalid.whole_number": ("不是整数", "not a whole number"),
    "invalid.max_digits": (
        "数字太大：最多 {max_digits} 位",
        "too large: at most {max_digits} digits",
    ),
    "invalid.max_places": (
        "小数太多：最多 {decimal_places} 位",
        "too many decimals: at most {decimal_places}",
    ),
    "invalid.date": ("不是有效日期（YYYY-MM-DD）", "not a valid date (YYYY-MM-DD)"),
    "invalid.pick": ("请选择一项", "pick one"),
    "unsaved.question": ("有未保存的修改。", "There are unsaved changes."),
    "unsaved.save": ("保存", "Save"),
    "unsaved.discard": ("放弃修改", "Discard"),
    "unsaved.stay": ("继续编辑", "Stay"),
    "key.choose('save')": ("保存", "Save"),
    "key.choose('discard')": ("放弃", "Discard"),
    "key.choose('stay')": ("继续编辑", "Stay"),
    "key.submit": ("保存", "Save"),
    "form.none": ("（无）", "(none)"),
}
