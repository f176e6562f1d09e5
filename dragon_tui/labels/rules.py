"""Strings the method's rules return as `Phrase` keys: the A-card's recommendation, coverage
warnings, dossier gaps, deal health and risks, exit markers, the purchase process, needs hints,
occasions and negotiation warnings (METHOD §2–§5)."""

STRINGS: dict[str, tuple[str, str]] = {
    # the A-card's recommendation (METHOD §2.1)
    "acard.rec.score_first": ("先完成五项评分", "Score all five criteria first"),
    "acard.rec.invest": ("立即投入：进入建立信任阶段", "Invest now: move to Build trust"),
    "acard.rec.nurture": (
        "保持联系，等待时机（电话、信息、小礼物）",
        "Nurture: keep in touch (calls, messages, small gifts) and wait",
    ),
    # coverage warnings of the role grid (METHOD §3) and what to do about each
    "coverage.no_coach": ("没有内线/教练", "No coach"),
    "coverage.no_coach.todo": (
        "从支持者中发展一位教练：谁希望我们赢？",
        "Develop a coach among the supporters: who wants us to win?",
    ),
    "coverage.role_unmapped": ("没有人对应“{role_name}”角色", "Nobody is mapped as {role_name}"),
    "coverage.role_unmapped.todo": (
        "找出并接触这个角色，发展为中立或支持",
        "Find and meet this role; develop them to neutral or support",
    ),
    "coverage.decision_maker_unknown": (
        "决策者{name}的态度未知",
        "Decision-maker {name}'s attitude is unknown",
    ),
    "coverage.decision_maker_unknown.todo": (
        "通过教练了解决策者的真实态度",
        "Learn the decision-maker's real attitude through the coach",
    ),
    "coverage.decision_maker_not_supportive": (
        "决策者{name}的支持度为{attitude}",
        "Decision-maker {name}'s attitude is {attitude}",
    ),
    "coverage.decision_maker_not_supportive.todo": (
        "发展中立者：找到他的个人需求，安排高层拜访",
        "Develop the neutral: find his personal need, arrange an executive visit",
    ),
    "coverage.coach_negative": (
        "教练{name}的支持度为负（{attitude}）",
        "Coach {name} has a negative attitude ({attitude})",
    ),
    "coverage.coach_negative.todo": (
        "核实他传递的信息，另外发展一位教练",
        "Check what he tells us and develop another coach",
    ),
    "coverage.single_threaded": (
        "这单只依靠{name}一个人",
        "The deal rests on one person: {name}",
    ),
    "coverage.single_threaded.todo": (
        "发展第二位支持者，接触更多角色",
        "Develop a second supporter; meet more roles",
    ),
    "coverage.no_decision_level": ("决策层没有联系人", "Nobody at the decision level"),
    "coverage.no_decision_level.todo": (
        "请教练或支持者引荐决策层",
        "Ask the coach or a supporter to introduce the decision level",
    ),
    "coverage.high_influence_opponent": (
        "{name}反对我们（{attitude}）且影响力高",
        "{name} opposes us ({attitude}) with high influence",
    ),
    "coverage.high_influence_opponent.todo": (
        "孤立反对者：加强支持者，避免他主导评估",
        "Isolate the opponent: strengthen supporters, keep him from leading the evaluation",
    ),
    "coverage.key_person_never": ("关键人{name}从未联系", "Key person {name}: never contacted"),
    "coverage.key_person_quiet": (
        "关键人{name}{days}天未联系",
        "Key person {name}: not contacted for {days} days",
    ),
    "coverage.key_person_quiet.todo": (
        "加强支持者：安排一次接触",
        "Strengthen supporters: arrange a contact",
    ),
    # dossier completeness (METHOD §2.1): categories, the fields each one wants, the gaps
    "completeness.category.customer_status": ("客户现状", "Customer status"),
    "completeness.category.organisation": ("组织结构", "Organisation"),
    "completeness.category.personal": ("个人信息", "Personal information"),
    "completeness.category.competitors": ("竞争信息", "Competitor information"),
    "completeness.field.nature": ("企业性质", "nature"),
    "completeness.field.industry": ("行业", "industry"),
    "completeness.field.region": ("区域", "region"),
    "completeness.field.size": ("规模", "size"),
    "completeness.field.staff_count": ("员工数", "staff count"),
    "completeness.field.annual_revenue": ("营收", "revenue"),
    "completeness.field.business_scope": ("经营范围", "business scope"),
    "completeness.field.address": ("地址", "address"),
    "completeness.field.website": ("网站", "website"),
    "completeness.field.purchase_volume": ("采购量", "purchase volume"),
    "completeness.field.current_suppliers": ("现有供应商", "current suppliers"),
    "completeness.field.title": ("职务", "title"),
    "completeness.field.phone": ("电话", "phone"),
    "completeness.field.level": ("层级", "level"),
    "completeness.field.function": ("职能", "function"),
    "completeness.field.roles": ("采购角色", "purchase role"),
    "completeness.field.attitude": ("支持度", "attitude"),
    "completeness.field.communication_style": ("沟通风格", "communication style"),
    "completeness.field.personal_need": ("个人需求", "personal need"),
    "completeness.field.hobbies": ("爱好", "hobbies"),
    "completeness.field.history": ("合作历史", "history"),
    "completeness.field.relationships": ("关系", "relationships"),
    "completeness.field.rival_rep": ("对手销售", "rival rep"),
    "completeness.field.price": ("价格", "price"),
    "completeness.field.service": ("服务", "service"),
    "completeness.field.network": ("网络覆盖", "network"),
    "completeness.missing": ("缺少{fields}", "Missing {fields}"),
    "completeness.missing_of": ("{who}缺少{fields}", "{who}: missing {fields}"),
    "completeness.no_contacts": ("还没有联系人", "No contacts yet"),
    "completeness.no_decision_level": ("决策层没有联系人", "Nobody at the decision level"),
    "completeness.unplaced": ("未放入组织结构：{names}", "Not placed on the org chart: {names}"),
    "completeness.no_reporting_lines": ("没有汇报关系", "No reporting lines"),
    "completeness.no_departments": ("没有部门信息", "No departments"),
    "completeness.no_competitors": ("还没有竞争对手信息", "No competitor information yet"),
    # at-risk opportunities and deal health (METHOD §4)
    "risk.stale": (
        "在本阶段已{age}天（预期{expected}天）",
        "{age} days in stage (expected {expected})",
    ),
    "risk.no_next_step": ("没有下一步", "No next step"),
    "risk.no_next_contact": ("没有下次联系日期", "No next contact date"),
    "risk.no_coach": ("没有教练", "No coach"),
    "risk.decision_maker_unknown": ("决策者未知", "Decision-maker unknown"),
    "risk.decision_maker_at": (
        "决策者{name}支持度{attitude}",
        "Decision-maker {name} at {attitude}",
    ),
    "health.acard_missing": ("A卡未评估", "A-card not assessed"),
    "health.acard_weak": ("A卡得分偏低（{total}/25）", "Weak A-card ({total}/25)"),
    "health.against_us": ("相关人整体不支持", "The people involved lean against us"),
    "health.action.no_next_step": (
        "约定下一步和下次联系日期",
        "Agree the next step and the next contact date",
    ),
    "health.action.no_coach": ("发展一位教练", "Develop a coach"),
    "health.action.decision_maker": (
        "接触决策者，了解并提升他的支持度",
        "Reach the decision-maker; learn and raise his support",
    ),
    "health.action.stale": ("推动客户完成本阶段的出口事件", "Push for this stage's exit marker"),
    # exit markers: the customer event that moves an opportunity on from each stage
    "stage.exit.six_moves.1": (
        "发现了明确、近期的机会（已完成A卡评估）",
        "A clear, near-term opportunity is identified (A-card assessed)",
    ),
    "stage.exit.six_moves.2": (
        "关键人信任我们（与决策者/教练的关系达到信赖）",
        "Key stakeholders trust us (trust with the decision-maker/coach)",
    ),
    "stage.exit.six_moves.3": (
        "客户明确确认需求，最好是书面的",
        "The customer confirmed the needs explicitly, ideally in writing",
    ),
    "stage.exit.six_moves.4": (
        "客户表示要切换到我们/开始谈判",
        "The customer signals intent to switch / starts negotiating",
    ),
    "stage.exit.six_moves.5": ("合同已签订", "Contract signed"),
    "stage.exit.six_moves.6": ("已回款，合作稳定", "Payment received; stable cooperation"),
    "stage.exit.telephone.1": ("客户同意交谈", "The customer agrees to talk"),
    "stage.exit.telephone.2": (
        "客户说出需求/紧迫动机",
        "The customer states a need / urgent motive",
    ),
    "stage.exit.telephone.3": (
        "客户接受产品，决策日期已知",
        "The customer accepts the product; decision date known",
    ),
    "stage.exit.telephone.4": ("客户接受价格（−80%）", "The customer accepts the price (−80%)"),
    "stage.exit.telephone.5": (
        "已收到付款（先确认付款日期 +80%）",
        "Payment received (after the payment date, +80%)",
    ),
    "stage.exit.telephone.6": ("持续跟进", "Ongoing follow-up"),
    # the customer's purchase process (METHOD §2.3): exit event and matching sales action
    "phase.exit.need_discovered": ("提出需求", "Request raised"),
    "phase.action.need_discovered": (
        "找到发起者，了解需求来源和动机",
        "Find the initiator; learn where the need comes from and why",
    ),
    "phase.exit.internal_deliberation": ("项目立项（预算批准）", "Project approved (budget)"),
    "phase.action.internal_deliberation": (
        "接触决策者，把需求与公司战略挂钩",
        "Reach the decision-maker; tie the need to the strategy",
    ),
    "phase.exit.purchase_design": (
        "发布招标书/询价，确定指标",
        "Tender / RFQ issued with criteria",
    ),
    "phase.action.purchase_design": (
        "影响设计者，让采购指标偏向我们的优势",
        "Shape the criteria toward our strengths with the designer",
    ),
    "phase.exit.evaluation": ("入围，开始谈判", "Shortlist; negotiation begins"),
    "phase.action.evaluation": (
        "向评估者呈现价值，做竞争分析",
        "Present value to the evaluators; work the competitive chart",
    ),
    "phase.exit.commitment": ("签订合同", "Contract signed"),
    "phase.action.commitment": (
        "识别购买信号，促成决策者承诺",
        "Read buying signals; win the decision-maker's commitment",
    ),
    "phase.exit.service_experience": ("稳定合作", "Stable cooperation"),
    "phase.action.service_experience": (
        "服务使用者，回收账款，扩展合作",
        "Serve the users, collect payment, expand the deal",
    ),
    # what a person needs (METHOD §3): by level, by function, personal (Maslow) needs and cues
    "needs.level.decision": (
        "决策层：组织利益、权力平衡（决定买不买、何时买、预算、选谁、签约）",
        "Decision level: the organisation's interest, balance of power (whether, when, budget, "
        "vendor, signing)",
    ),
    "needs.level.management": (
        "管理层：部门业绩和管理效率，实施风险可控",
        "Management: the department's results and efficiency, a controlled rollout",
    ),
    "needs.level.operational": (
        "执行层：好用、省事、不打乱现有工作方式",
        "Execution level: easy, less work, no upheaval of how the job is done",
    ),
    "needs.function.purchasing_finance": (
        "采购：性能价格比、交付灵活、低风险",
        "Purchasing: performance for cost, delivery flexibility, low risk",
    ),
    "needs.function.finance": ("财务：成本、付款条件", "Finance: cost, payment terms"),
    "needs.function.technical": (
        "先进、稳定、兼容、有认证",
        "Advanced, stable, compatible, certified",
    ),
    "needs.function.user_department": (
        "易用、不改变习惯、减轻工作量",
        "Easy to use, no change of habits, lower workload",
    ),
    "needs.function.other": ("了解其部门目标", "Learn their department's goals"),
    "needs.personal.safety": (
        "安全：避免被追责——给他降低风险的证据",
        "Safety: avoid blame — give evidence that lowers the risk",
    ),
    "needs.personal.belonging": (
        "归属：被团体接纳——让方案成为团队的共识",
        "Belonging: be accepted — make the choice the team's consensus",
    ),
    "needs.personal.esteem": (
        "尊重：获得认可——让他成为项目的功臣",
        "Esteem: recognition — make him the one credited with the success",
    ),
    "needs.personal.self_actualisation": (
        "自我实现：成就与影响——把项目和他的抱负连起来",
        "Self-actualisation: achievement, legacy — tie the project to his ambition",
    ),
    "needs.personal_unknown": (
        "个人需求未知：通过提问和教练了解",
        "Personal need unknown: learn it by asking and through the coach",
    ),
    "needs.cue.safety": (
        "常问风险、保障、成功案例 → 安全",
        "Asks about risk, guarantees, references → safety",
    ),
    "needs.cue.belonging": (
        "看重同事和上级怎么看 → 归属",
        "Cares what colleagues and the boss think → belonging",
    ),
    "needs.cue.esteem": (
        "在意头衔、功劳、被重视 → 尊重",
        "Minds titles, credit, being consulted → esteem",
    ),
    "needs.cue.self_actualisation": (
        "谈理想、创新、长远影响 → 自我实现",
        "Talks of vision, innovation, legacy → self-actualisation",
    ),
    # occasions of relationship upkeep (METHOD §5)
    "occasion.birthday": ("{name}生日", "{name}'s birthday"),
    "holiday.new_year": ("元旦", "New Year's Day"),
    "holiday.labour_day": ("劳动节", "Labour Day"),
    "holiday.teachers_day": ("教师节", "Teachers' Day"),
    "holiday.national_day": ("国庆节", "National Day"),
    "holiday.spring_festival": ("春节", "Spring Festival"),
    "holiday.dragon_boat": ("端午节", "Dragon Boat Festival"),
    "holiday.mid_autumn": ("中秋节", "Mid-Autumn Festival"),
    # the negotiation plan's check (METHOD §2.5)
    "negotiation.concession_not_smaller": (
        "第{n}次让步没有比上一次小：让步应逐步缩小",
        "Concession {n} is not smaller than the one before: concede in shrinking steps",
    ),
}
