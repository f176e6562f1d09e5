"""Strings of the SPIN prompt screen."""

STRINGS: dict[str, tuple[str, str]] = {
    "spin.present": ("在场的关键人（空格选择）", "Stakeholders present (space)"),
    "spin.ladder": ("需求层次", "Needs ladder"),
    "spin.answers": ("本类已记录", "Recorded in this step"),
    "spin.answer_placeholder": (
        "输入客户的回答，回车保存为“已问”",
        "Type the customer's answer; enter saves it as asked",
    ),
    "spin.no_phase": ("采购流程阶段未设定（按 f 设定）", "Purchase phase not set (press f)"),
    "spin.phase": ("采购流程", "Purchase phase"),
    "spin.key_role": ("关键角色", "Key role"),
    "spin.exit_event": ("出口事件", "Exit event"),
    "spin.action": ("对应销售动作", "Sales action"),
    "spin.written_yes": ("✓ 需求已书面确认", "✓ Needs confirmed in writing"),
    "spin.written_no": ("需求未书面确认（按 w）", "Needs not confirmed in writing (press w)"),
    "spin.no_answers": ("还没有记录", "Nothing recorded yet"),
    "spin.recorded": ("已记录：{status}", "Recorded: {status}"),
    "key.step(1)": ("下一类", "Next S/P/I/N"),
    "key.mark('skipped')": ("跳过", "Skip"),
    "key.mark('next_time')": ("下次再问", "Next time"),
    "key.next_phase": ("采购流程", "Purchase phase"),
    "key.toggle_written": ("书面确认", "In writing"),
    "key.back": ("返回", "Back"),
}
