"""Every closed vocabulary of the method (METHOD.md) as an enum; labels live in labels/."""

from enum import IntEnum, StrEnum


class Stage(IntEnum):
    """The six stages (六式) of an opportunity in the default scheme; value = position 1..6."""

    CUSTOMER_ANALYSIS = 1
    BUILD_TRUST = 2
    DIG_NEEDS = 3
    PRESENT_VALUE = 4
    WIN_COMMITMENT = 5
    COLLECT_PAYMENT = 6


class TelephoneStage(IntEnum):
    """The alternative telephone/SMB milestone scheme; also six positions."""

    PREPARE = 1
    CONTACT = 2
    EXPLORE = 3
    EVALUATE = 4
    COMMIT = 5
    FOLLOW_UP = 6


class StageScheme(StrEnum):
    SIX_MOVES = "six_moves"
    TELEPHONE = "telephone"


class OpportunityStatus(StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


class PurchaseRole(StrEnum):
    """Purchase roles (采购角色). The coach (教练/内线) is a flag on the contact, not a role."""

    INITIATOR = "initiator"
    DECISION_MAKER = "decision_maker"
    USER = "user"
    DESIGNER = "designer"
    EVALUATOR = "evaluator"
    GATEKEEPER = "gatekeeper"
    BUYER = "buyer"  # 采购者: the one who deals with the rep (Hyundai practice)
    INFLUENCER = "influencer"  # 影响者: openly or behind the scenes


class Level(StrEnum):
    """Level in the customer's organisation (层级), top first."""

    DECISION = "decision"
    MANAGEMENT = "management"
    OPERATIONAL = "operational"


class Function(StrEnum):
    """Function (职能)."""

    USER_DEPARTMENT = "user_department"
    TECHNICAL = "technical"
    PURCHASING = "purchasing_finance"  # the stored value predates finance as its own function
    PURCHASING_FINANCE = "purchasing_finance"  # alias kept for older code
    FINANCE = "finance"  # 财务部门: its needs are treated apart (METHOD §3)
    OTHER = "other"


class Attitude(IntEnum):
    """Attitude to us (支持度), −4…+4."""

    SWORN_OPPONENT = -4
    STRONGLY_OPPOSES = -3
    OPPOSES = -2
    SLIGHTLY_NEGATIVE = -1
    NEUTRAL = 0
    SLIGHTLY_POSITIVE = 1
    FAVOURABLE = 2
    SUPPORTS = 3
    CHAMPIONS = 4


class RelationshipStage(StrEnum):
    """Relationship ladder (关系阶段)."""

    ACQUAINTANCE = "acquaintance"
    INTERACTION = "interaction"
    TRUST = "trust"
    ALLIANCE = "alliance"


class CommunicationStyle(StrEnum):
    """Communication styles (沟通风格)."""

    PEACOCK = "peacock"
    EAGLE = "eagle"
    OWL = "owl"
    DOVE = "dove"


class Influence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class PersonalNeed(StrEnum):
    """Personal needs (个人需求, Maslow)."""

    SAFETY = "safety"
    BELONGING = "belonging"
    ESTEEM = "esteem"
    SELF_ACTUALISATION = "self_actualisation"


class SpinCategory(StrEnum):
    """SPIN question categories, in the order they are asked."""

    SITUATION = "situation"
    PROBLEM = "problem"
    IMPLICATION = "implication"
    NEED_PAYOFF = "need_payoff"


class QuestionForm(StrEnum):
    """Open vs closed questions (开放式/封闭式)."""

    OPEN = "open"
    CLOSED = "closed"


class AnswerStatus(StrEnum):
    """What happened to a prepared SPIN question in a meeting."""

    ASKED = "asked"
    SKIPPED = "skipped"
    NEXT_TIME = "next_time"


class NeedLevel(StrEnum):
    """Needs ladder (需求层次), from deep to surface."""

    GOAL = "goal"
    PROBLEM = "problem"
    SOLUTION = "solution"
    PRODUCT_SERVICE = "product_service"
    PURCHASE_CRITERIA = "purchase_criteria"


class PurchasePhase(StrEnum):
    """The customer's purchase process (采购流程), six phases in order."""

    NEED_DISCOVERED = "need_discovered"
    INTERNAL_DELIBERATION = "internal_deliberation"
    PURCHASE_DESIGN = "purchase_design"
    EVALUATION = "evaluation"
    COMMITMENT = "commitment"
    SERVICE_EXPERIENCE = "service_experience"


class ActivityType(StrEnum):
    CALL = "call"
    VISIT = "visit"
    EMAIL = "email"
    DEMO = "demo"
    MEAL = "meal"
    PROPOSAL_SENT = "proposal_sent"
    OTHER = "other"
    SMS = "sms"  # SMS / message (METHOD §5, relationship upkeep)
    LETTER = "letter"
    GIFT = "gift"
    EVENT = "event"
    COMPANY_VISIT = "company_visit"


class AccountNature(StrEnum):
    """Nature of the organisation (企业性质)."""

    STATE_OWNED = "state_owned"
    PRIVATE = "private"
    FOREIGN = "foreign"
    GOVERNMENT = "government"
    PUBLIC_INSTITUTION = "public_institution"
    OTHER = "other"


class AccountSize(StrEnum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"
    VERY_LARGE = "very_large"


class ValueTier(StrEnum):
    A = "a"
    B = "b"
    C = "c"


class LeadSource(StrEnum):
    """Lead sources (线索来源)."""

    REFERRAL = "referral"
    MEDIA = "media"
    RADIO = "radio"
    DIRECTORY = "directory"
    ASSOCIATION = "association"
    CLUB = "club"
    COLD_VISIT = "cold_visit"
    DIRECT_MAIL = "direct_mail"
    WEB = "web"
    EXHIBITION = "exhibition"
    OTHER = "other"


class ACardCriterion(StrEnum):
    """The five A-card (A卡) criteria."""

    VOLUME = "volume"
    TIMING = "timing"
    FIT = "fit"
    RETURN = "return"
    WIN_PROBABILITY = "win_probability"


class TimingBucket(StrEnum):
    """When the customer can switch; drives the 70/20/10 effort rule."""

    THIS_QUARTER = "this_quarter"
    THIS_YEAR = "this_year"
    NEXT_YEAR = "next_year"


class ProposalSection(StrEnum):
    """Proposal structure (方案结构), in order."""

    COVER_LETTER = "cover_letter"
    CURRENT_AND_FUTURE = "current_and_future"
    PROBLEMS_AND_CHALLENGES = "problems_and_challenges"
    SOLUTION = "solution"
    PRODUCTS_AND_SERVICES = "products_and_services"
    IMPLEMENTATION_PLAN = "implementation_plan"
    QUOTE = "quote"
    RESPONSES = "responses"
    CREDENTIALS = "credentials"


class CompetitivePosition(StrEnum):
    STRENGTH = "strength"
    PARITY = "parity"
    WEAKNESS = "weakness"


class ChecklistKind(StrEnum):
    """Kinds of pre-visit checklist item (拜访前准备)."""

    OBJECTIVE = "objective"
    PEOPLE = "people"
    APPOINTMENT = "appointment"
    TOPICS = "topics"
    QUESTIONS = "questions"
    MATERIALS = "materials"
    OBJECTIONS = "objections"
    APPEARANCE = "appearance"
    OFFER_OF_HELP = "offer_of_help"
    NEXT_APPOINTMENT = "next_appointment"
    GAP = "gap"


class Language(StrEnum):
    ZH = "zh"
    EN = "en"


class BuyingSignal(StrEnum):
    """Buying signals (购买信号, METHOD §2.5 and issue 19): the customer is ready to commit."""

    PRICE = "price"
    PAYMENT_TERMS = "payment_terms"
    DELIVERY = "delivery"
    SERVICE = "service"  # service, compensation for problems
    CREDENTIALS = "credentials"
    REFERENCES = "references"
    CONTRACT_DETAILS = "contract_details"
    TRIAL = "trial"
    OTHERS_OPINION = "others_opinion"  # asks colleagues for their opinion


class ClosingMethod(StrEnum):
    """Closing methods (METHOD §2.5)."""

    CHOICE = "choice"  # 选择法: offer two options
    PROMOTION = "promotion"  # 促销法: promotion / free trial
    DIRECT_SUGGESTION = "direct_suggestion"  # 直接建议法: summarise and ask


class ClosingResult(StrEnum):
    AGREED = "agreed"
    DEFERRED = "deferred"
    REFUSED = "refused"


class UpsellDirection(StrEnum):
    """Expand the deal (METHOD §2.5): vertical = more of the same, horizontal = other
    products/departments and referrals."""

    VERTICAL = "vertical"
    HORIZONTAL = "horizontal"


class LatePaymentCause(StrEnum):
    """Causes of late payment (METHOD §2.6)."""

    FRAUD = "fraud"
    OUR_FAULT = "our_fault"
    UNWILLING_PAYER = "unwilling_payer"


class CreditRating(StrEnum):
    """Outcome of the pre-sale credit check on an account (METHOD §2.6)."""

    GOOD = "good"
    WATCH = "watch"
    RISK = "risk"


class ReceivableAction(StrEnum):
    """The receivables matrix's four actions (催款矩阵, METHOD §2.6)."""

    REMINDER = "reminder"
    VISIT = "visit"
    LETTERS = "letters"
    MANAGEMENT = "management"
