"""The source's attitude scale (支持度 −4…+4, METHOD §3): for each level the behaviour cues,
what it means for him and what he typically says; and the trust activities of each rung of the
relationship ladder (METHOD §2.2, §5)."""

STRINGS: dict[str, tuple[str, str]] = {
    "attitude.cue.4": (
        "行为：排斥对手和反对者，只接受我们 · 对他：我们给他带来巨大利益",
        "Behaviour: rejects rivals and opponents, accepts only us · For him: we bring him great gain",
    ),
    "attitude.says.4": (
        "“就用你们的，别人的不用看了。”",
        "“We'll go with you; no need to look at others.”",
    ),
    "attitude.cue.3": (
        "行为：只认可我们，在内部替我们推销，告诉我们内部关系和对手动向，重大举措前会征求我们意见",
        "Behaviour: recognises only us, sells for us inside, tells us internal relations and rivals' moves, is consulted before big moves",
    ),
    "attitude.says.3": ("“我帮你在领导那里说说。”", "“Let me put in a word with the boss.”"),
    "attitude.cue.2": (
        "行为：支持我们，但在压力下或销售显得软弱时可能改变 · 对他：我们能帮到他",
        "Behaviour: supports us, but may change under pressure or if the rep proves weak · For him: we can help him",
    ),
    "attitude.says.2": ("“你们的方案不错。”", "“Your proposal looks good.”"),
    "attitude.cue.1": (
        "行为：想多了解（不要过早展示核心信息，可能泄露） · 对他：有一点好处",
        "Behaviour: wants to learn more (don't show core information too early, it may leak) · For him: a little gain",
    ),
    "attitude.says.1": ("“再给我详细介绍一下。”", "“Tell me more about it.”"),
    "attitude.cue.0": (
        "行为：对所有供应商一视同仁，项目对他关系不大",
        "Behaviour: treats all vendors alike; the project matters little to him",
    ),
    "attitude.says.0": (
        "“现在还早，以后再说。”“到时候会招标的。”",
        "“Too early, come back later.” “It will go to tender.”",
    ),
    "attitude.cue.-1": (
        "行为：看不出改变的必要，认为供应商都一样，害怕风险",
        "Behaviour: sees no need to change, all vendors alike, fears risk",
    ),
    "attitude.says.-1": (
        "“你们来晚了。”“资料放这儿吧。”“今年没有预算。”",
        "“You're too late.” “Leave the brochure.” “No budget this year.”",
    ),
    "attitude.cue.-2": (
        "行为：公开表示不认可我们 · 对他：我们增加了他的工作",
        "Behaviour: openly disapproves of us · For him: we add to his work",
    ),
    "attitude.says.-2": ("“你们的产品不适合我们。”", "“Your product doesn't suit us.”"),
    "attitude.cue.-3": (
        "行为：封锁我们的信息，泄露给对手 · 对他：我们损害了他的利益",
        "Behaviour: blocks our information, leaks it to rivals · For him: we hurt his interests",
    ),
    "attitude.says.-3": (
        "“这家公司不行，我们不考虑。”",
        "“That company won't do; we won't consider them.”",
    ),
    "attitude.cue.-4": (
        "行为：在利益和情感上公开敌对",
        "Behaviour: open hostility of interest and emotion",
    ),
    "attitude.says.-4": (
        "“只要我在，你们就别想进来。”",
        "“As long as I'm here, you won't get in.”",
    ),
    "attitude.strategy": (
        "策略：巩固支持者，发展中立者，孤立反对者。态度可能是伪装的，会随时间变化；高层很少公开表态。",
        "Strategy: strengthen supporters, develop neutrals, isolate opponents. Attitudes can be feigned and change over time; senior people rarely show theirs.",
    ),
    "relationship.trust.acquaintance": (
        "建议：首次见面后一两天内打电话，巩固第一印象",
        "Suggested: call within a day or two after the first meeting to hold the first impression",
    ),
    "relationship.trust.interaction": (
        "建议：约饭、参加活动、节日和周末发署名短信、节日和生日送当地特产",
        "Suggested: meals and activities, signed messages on holidays and weekends, local gifts on holidays and birthdays",
    ),
    "relationship.trust.trust": (
        "建议：邀请参观公司、参加客户活动，请他介绍其他关键人",
        "Suggested: company visits and customer events; ask him to introduce other key people",
    ),
    "relationship.trust.alliance": (
        "建议：请他担任教练，传递内部信息，坚定支持我们",
        "Suggested: ask him to act as coach, pass on inside information and support us firmly",
    ),
}
