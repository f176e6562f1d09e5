"""Strings of what the method drafts for the rep: pre-visit checklist items, proposal sections,
length guidance and outline, FAB warnings, competitive advice and suggested SPIN questions."""

STRINGS: dict[str, tuple[str, str]] = {
    # pre-visit checklist (METHOD §5): standing items
    "draft.checklist.objective": (
        "本次拜访目标与希望达成的下一步：{goal}",
        "Objective of this visit and the next step we want: {goal}",
    ),
    "draft.checklist.goal_unset": ("（待定）", "(to decide)"),
    "draft.checklist.person": (
        "{name}（{title}）：角色 {roles}，支持度 {attitude}，风格 {style}，个人需求 {need}",
        "{name} ({title}): roles {roles}, attitude {attitude}, style {style}, personal need {need}",
    ),
    "draft.checklist.not_met": (
        "这次见不到：{names}——如何争取见面？",
        "Not in this meeting: {names} — how do we reach them?",
    ),
    "draft.checklist.decide_people": ("确定这次要见的人", "Decide who we will meet"),
    "draft.checklist.date_unset": ("待定", "to be set"),
    "draft.checklist.appointment": (
        "确认拜访时间段（{when}）",
        "Confirm the appointment time window ({when})",
    ),
    "draft.checklist.topics": ("话题：{topic}", "Topics: {topic}"),
    "draft.checklist.latest_proposal": (
        "带上最新方案 v{version}",
        "Bring the latest proposal v{version}",
    ),
    "draft.checklist.references": ("带上客户案例与推荐信、样品", "Bring references and samples"),
    "draft.checklist.appearance": (
        "着装得体，与客户风格相称",
        "Dress to suit the customer's style",
    ),
    "draft.checklist.offer_of_help": (
        "准备一件能帮到对方的事（资料、引荐、建议）",
        "Prepare an offer of help (information, an introduction, advice)",
    ),
    "draft.checklist.next_appointment": (
        "离开前约定下一次见面",
        "Ask for the next appointment before leaving",
    ),
    # pre-visit checklist: one item per gap in the dossier
    "gap.coach": (
        "找到内线/教练：谁希望我们赢并愿意传递信息？",
        "Find a coach: who wants us to win and will share information?",
    ),
    "gap.decision_maker": ("确认谁是决策者", "Find out who the decision-maker is"),
    "gap.decision_maker_attitude": (
        "了解决策者{name}对我们的态度",
        "Learn decision-maker {name}'s attitude to us",
    ),
    "gap.suppliers": ("了解客户现有的供应商", "Learn who the current suppliers are"),
    "gap.competitors": (
        "了解有哪些竞争对手在接触这个客户",
        "Learn which competitors are active at the account",
    ),
    "gap.acard": (
        "完成A卡评估（量、时间、匹配、回报、赢率）",
        "Assess the A-card (volume, timing, fit, return, win probability)",
    ),
    "gap.personal_need": ("了解{name}的个人需求", "Learn {name}'s personal need"),
    "gap.style": ("观察{name}的沟通风格", "Observe {name}'s communication style"),
    "gap.attitude": ("判断{name}对我们的支持度", "Judge {name}'s attitude to us"),
    "gap.urgent_need": ("确认客户的紧迫需求", "Confirm the customer's urgent need"),
    "gap.decision_process": (
        "了解决策流程和决策时间",
        "Learn the decision process and decision date",
    ),
    "gap.needs_in_writing": ("争取客户书面确认需求", "Get the needs confirmed in writing"),
    # proposal drafts (METHOD §2.4)
    "draft.proposal.title": (
        "{account} {opportunity} 建议书",
        "{opportunity} proposal for {account}",
    ),
    "draft.proposal.cover_letter": (
        "尊敬的{greeting}：\n\n感谢贵公司对我们的信任。针对“{opportunity}”，我们提出以下方案，期待与您共同实现目标。",
        "Dear {greeting},\n\nThank you for your trust. For “{opportunity}” we propose the following, and look forward to reaching your goals together.",
    ),
    "draft.proposal.current": (
        "{account}正处于业务发展的关键阶段。",
        "{account} is at a key stage of its growth.",
    ),
    "draft.proposal.implementation": (
        "1. 调研与设计\n2. 实施与上线\n3. 培训与验收",
        "1. Discovery and design\n2. Implementation and go-live\n3. Training and acceptance",
    ),
    "draft.proposal.credentials": (
        "公司资质与同行业客户案例",
        "Company credentials and references in your industry",
    ),
    "guidance.items": ("{n} 项（应为 3–5 项）", "{n} items (3–5 expected)"),
    "guidance.paragraphs": ("{n} 段（应为一段）", "{n} paragraphs (one expected)"),
    "guidance.page": ("{lines}/{page} 行（一页以内）", "{lines}/{page} lines (one page)"),
    "guidance.none": ("", ""),
    # the presentation outline (METHOD §2.4)
    "outline.open": ("开场", "Open"),
    "outline.attention": ("引起注意", "Grab attention"),
    "outline.thank": ("致谢", "Thank"),
    "outline.value": ("价值陈述", "Value statement"),
    "outline.agenda": ("议程", "Agenda"),
    "outline.body": ("正文要点", "Body"),
    "outline.summary": ("总结", "Summary"),
    "outline.ask": ("请求决定", "Ask for the decision"),
    "outline.with_value": ("{head}：{value}", "{head}: {value}"),
    # FAB warnings
    "fab.no_benefit": ("FAB「{feature}」没有写利益", "FAB “{feature}” has no benefit"),
    "fab.no_need": (
        "FAB「{feature}」的利益没有对应客户需求",
        "FAB “{feature}”: the benefit is tied to no need",
    ),
    "fab.decision_maker_unaddressed": (
        "没有面向决策者{name}的FAB",
        "No FAB statement is addressed to decision-maker {name}",
    ),
    # competitive chart advice
    "competitive.strengthen": ("强化优势：{need}", "Strengthen where we lead: {need}"),
    "competitive.neutralise": (
        "弱化劣势或把采购指标引向我们的强项：{need}",
        "Neutralise or shift the criteria toward our strengths: {need}",
    ),
    # suggested SPIN questions (METHOD §2.3) and why
    "suggest.implication": (
        "“{said}”这个问题如果不解决，会带来什么影响（成本、风险、延误）？",
        "If “{said}” stays unsolved, what does it cost you (money, risk, delay)?",
    ),
    "suggest.implication.why": (
        "难点问题还没有追问暗示问题",
        "A Problem answer has no Implication yet",
    ),
    "suggest.personal_need": (
        "{name}，这个项目做成了，对您个人最重要的是什么？",
        "{name}, if this project succeeds, what matters most to you personally?",
    ),
    "suggest.personal_need.why": ("不了解{name}的个人需求", "{name}'s personal need is unknown"),
    "suggest.role": ("在“{step}”这一步，由谁负责？", "Who is responsible at the step “{step}”?"),
    "suggest.role.why": (
        "“{phase}”阶段的关键角色（{role_name}）无人对应",
        "No one mapped as {role} for the {phase_words} phase",
    ),
    "suggest.bank.why": ("题库", "Question bank"),
}
