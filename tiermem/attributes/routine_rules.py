"""The attributes of a routine, read by the rules: the football team one supports, the way
one gets to work, the broadband at home, the mobile network, the gym by its name.

Each is read as people state it ("football team: Aston Villa", "I commute on my bike",
"Our broadband is with Fibrenest") and as they let it show ("Celtic lost again",
"took the ferry into work as normal", "Rebooted the Hyperoptic router", "Iron Forge
Fitness was rammed tonight"), by a closed word class (``words.FOOTBALL_CLUBS``,
``words.TRANSPORT``, ``words.MOBILE_NETWORKS``) or by what only that attribute has (a
router, a SIM, a squat rack). ``slot_rules`` splices these into its own lists in order,
and reads the football team, the commute, the broadband, the mobile network and pets only
in the speaker's own present.
"""

from __future__ import annotations

from tiermem.attributes.rule_parts import (
    ADVERBS,
    BRAND,
    CLUB,
    COLON,
    GYM_NAME,
    I_WE,
    LABEL,
    MODE,
    NETWORK,
    OWN,
    THESE_DAYS,
)

STATED: tuple[tuple[str, str], ...] = (
    # the football team: "football team: Aston Villa", "my team's Hibs these days", "I
    # support Wrexham now", "Spurs are my team", "switched allegiance to Arsenal", "got a
    # season ticket at Brighton", "a proper Leeds United fan", "I'm Tottenham through
    # and through"; a club by name where the words could be a charity's or a workmate's
    ("football team", rf"{LABEL}(?:football|footy|soccer)\s+(?:team|club){COLON}{BRAND}"),
    (
        "football team",
        rf"{OWN}(?:football\s+|footy\s+)?team(?:'s|’s|\s+is){THESE_DAYS}\s+(?:now\s+)?{CLUB}",
    ),
    ("football team", rf"{OWN}(?:football|footy)\s+team(?:'s|’s|\s+is){THESE_DAYS}\s+{BRAND}"),
    ("football team", rf"\b{I_WE}\s+{ADVERBS}support\s+{CLUB}"),
    (
        "football team",
        rf"(?:^|[.!,;]\s+){CLUB}\s+(?:are|is)\s+(?:now\s+)?my\s+(?:football\s+)?team\b",
    ),
    ("football team", rf"\ballegiance\s+(?:over\s+)?to\s+{BRAND}"),
    ("football team", rf"\bseason\s+ticket\s+(?:at|for|with)\s+{CLUB}"),  # not a train's
    (
        "football team",
        r"\b(?:a|an)\s+(?:(?:proper|massive|huge|die-?hard|big|lifelong|true|loyal|"
        rf"long-suffering)\s+)?{CLUB}\s+(?:fan|supporter)\b",
    ),
    ("football team", rf"\b(?:i'm|i’m|i\s+am)\s+{ADVERBS}{CLUB}\s+through\s+and\s+through\b"),
    ("football team", rf"\bfollowing\s+{CLUB}"),
    # the broadband: "Our broadband is with Fibrenest now", "home broadband's YouFibre these
    # days", "i'm with EE for internet", "moved the house over to BT for the fibre"
    (
        "broadband",
        rf"{OWN}(?:home\s+)?(?:broadband|internet|wifi|wi-fi|fibre)(?:\s+provider)?(?:'s|’s|\s+is)"
        rf"{THESE_DAYS}\s+(?:now\s+)?(?:with\s+|from\s+|through\s+)?{BRAND}",
    ),
    (
        "broadband",
        rf"{LABEL}(?:home\s+)?(?:broadband|internet|wifi|fibre)(?:\s+provider)?{COLON}{BRAND}",
    ),
    (
        "broadband",
        r"\b(?:i'm|i’m|we're|we’re|i\s+am|we\s+are)\s+(?:now\s+)?(?:with|on)\s+"
        rf"{BRAND}\s+(?:now\s+)?for\s+(?:(?:our|my|the|home)\s+)?(?:internet|broadband|wifi|wi-fi|"
        r"fibre)\b",
    ),
    (
        "broadband",
        r"\b(?:moved|switched|changed|swapped|moving|switching)\s+(?:the\s+house|(?:our|my|the)\s+"
        r"(?:home\s+)?(?:broadband|internet|wifi|wi-fi))\s+(?:over\s+)?to\s+"
        rf"{BRAND}",
    ),
    (
        "broadband",
        rf"\b(?:we|i)(?:'ve|\s+have)?\s+got\s+{BRAND}\s+(?:broadband|fibre|internet|wifi)\b",
    ),
    # the mobile network: "My phone network is Smarty now", "im with VOXI for my phone",
    # "Ported my number over to O2", "Got a SIM-only deal with giffgaff", "switched
    # networks, it's Tesco Mobile from now on", and by what only a network has: "iD Mobile
    # coverage round here is a joke", "new Smarty SIM arrived", "a text from Sky Mobile
    # saying I've used 80% of my data"
    (
        "mobile network",
        rf"{OWN}(?:(?:phone|mobile)\s+)?(?:network|carrier|operator)(?:'s|’s|\s+is){THESE_DAYS}\s+"
        rf"(?:now\s+)?(?:with\s+|on\s+)?{NETWORK}",
    ),
    (
        "mobile network",
        rf"{OWN}(?:phone|mobile)\s+(?:provider|company|contract)(?:'s|’s|\s+is){THESE_DAYS}\s+"
        rf"(?:now\s+)?(?:with\s+|on\s+)?{NETWORK}",
    ),
    ("mobile network", rf"{LABEL}(?:(?:mobile|phone)\s+)?(?:network|carrier){COLON}{NETWORK}"),
    (
        "mobile network",
        r"\b(?:i'm|i’m|we're|we’re|i\s+am|we\s+are|i've\s+been)\s+(?:now\s+)?(?:with|on)\s+"
        rf"{NETWORK}\s+(?:now\s+)?for\s+(?:my\s+|the\s+|our\s+)?(?:phones?|mobiles?|calls|data|sim)\b",
    ),
    (
        "mobile network",
        r"\bported\s+(?:my\s+|our\s+)?(?:phone\s+|mobile\s+)?(?:number|no\.?)\s+(?:over\s+|across\s+)?"
        rf"to\s+{NETWORK}",
    ),
    (
        "mobile network",
        r"\bsim(?:[-\s]only)?(?:\s+(?:deal|plan|contract|card))?\s+(?:with|from|on)\s+"
        rf"{NETWORK}",
    ),
    (
        "mobile network",
        rf"\b(?:switched|changed|swapped)\s+(?:mobile\s+|phone\s+)?networks?\b[^.!?]*?{NETWORK}",
    ),
    (
        "mobile network",
        r"\b(?:moved|switched|changed|swapped)\s+(?:my\s+)?(?:phone|mobile|number|sim|phone\s+plan)\s+"
        rf"(?:over\s+)?to\s+{NETWORK}",
    ),
    (
        "mobile network",
        rf"{NETWORK}\s+(?:coverage|signal|reception|5g|4g|roaming|sims?|top-?ups?|tariff|"
        r"data\s+(?:plan|allowance))\b",
    ),
    (
        "mobile network",
        rf"\bno\s+(?:signal|bars|reception|service|data)\b[^.!?]{{0,40}}?{NETWORK}",
    ),
    # "My phone's with Vodafone", "Lebara's the network I use", "I'm on EE, contract ends
    # in March" (not "we're on Zen Internet for internet": the broadband)
    (
        "mobile network",
        rf"{OWN}(?:phone|mobile)(?:'s|’s|\s+is)\s+(?:now\s+)?(?:with|on)\s+{NETWORK}",
    ),
    (
        "mobile network",
        rf"{NETWORK}(?:'s|’s|\s+is)\s+(?:the|my)\s+(?:(?:mobile|phone)\s+)?(?:network|carrier)\b",
    ),
    (
        "mobile network",
        rf"\b(?:i'm|i’m|i\s+am|we're|we’re|we\s+are)\s+(?:now\s+)?on\s+{NETWORK}"
        r"(?![^.!?]*\b(?:broadband|internet|wifi|wi-fi|fibre|router)\b)",
    ),
    (
        "mobile network",
        rf"{NETWORK}\s+is\s+(?:who|what)\s+i\s+(?:pay|use)\s+for\s+(?:my\s+)?(?:phone|mobile)",
    ),
    (
        "mobile network",
        rf"{NETWORK}\s+(?:have\s+|has\s+)?(?:just\s+)?(?:texted|messaged|emailed)\s+(?:me\s+)?"
        r"(?:to\s+say|saying|about)\b"
        r"[^.!?]*\b(?:data|allowance|minutes|roaming|bill|top-?up|upgrade)\b",
    ),
    (
        "mobile network",
        rf"\b(?:text|message|email)\s+from\s+{NETWORK}\s+(?:saying|about|that|to\s+say)\b"
        r"[^.!?]*\b(?:data|allowance|minutes|roaming|bill|top-?up|upgrade)\b",
    ),
    # the commute: "I commute on my bike now", "my daily journey in is the tube", "commute
    # these days = the tram", "getting to the office on the coach", "took the ferry into
    # work as normal", "the ride in on the park and ride", "going in by motorbike"
    ("commute", rf"\b{I_WE}\s+{ADVERBS}commute\s+(?:on|by|via|in)\s+{MODE}"),
    (  # "I cycle to work now", "walking into the office these days", "drove in as usual"
        "commute",
        r"(?:\b(?:i|we)\s+(?:now\s+|usually\s+|always\s+|mostly\s+)?|^\W*)"
        r"(?P<v>cycle|cycling|cycled|bike|biking|biked|walk|walking|walked|drive|driving|drove)"
        r"\s+(?:in(?=\s+(?:every|each|most|now|these|as|today|this))|into\s+work|to\s+work|"
        r"in\s+to\s+work|to\s+the\s+office|into\s+the\s+office)\b",
    ),
    (
        "commute",
        r"\b(?:my|our)\s+(?:daily\s+|morning\s+|usual\s+)?(?:commute|journey\s+(?:in|to\s+work)|"
        r"way\s+(?:in|to\s+work))(?:\s+these\s+days|\s+now)?\s+(?:is|=|:)\s+(?:now\s+)?"
        rf"(?:by\s+|on\s+)?{MODE}",
    ),
    ("commute", rf"{LABEL}commute{COLON}(?:by\s+|on\s+)?{MODE}"),
    (
        "commute",
        r"\b(?:get|gets|getting|got|go|goes|going|went|travel|travels|travelling|head|heading|"
        r"come|coming|commuting)\s+(?:in|into\s+work|to\s+work|in\s+to\s+work|to\s+the\s+office|"
        rf"into\s+the\s+office|to\s+my\s+(?:job|office))\s+(?:on|by|via)\s+{MODE}",
    ),
    (
        "commute",
        r"\b(?:take|takes|taking|took|catch|catches|catching|caught|ride|rides|riding|rode|"
        rf"hop\s+on|hopped\s+on|jump\s+on|jumped\s+on)\s+{MODE}\s+(?:in|into\s+work|to\s+work|"
        r"in\s+to\s+work|to\s+the\s+office|into\s+the\s+office)\b",
    ),
    (
        "commute",
        r"\b(?:ride|journey|trip|commute|drive)\s+(?:in|to\s+work|into\s+work|to\s+the\s+office)\s+"
        rf"(?:on|by|in)\s+{MODE}",
    ),
    (
        "commute",
        rf"\bhow\s+i\s+get\s+(?:in)?to\s+work\b[^.!?]*?\b(?:it's|it\s+is|now)\s+{MODE}",
    ),
    (
        "commute",
        r"\b(?:made\s+it|got|get|getting)\s+(?:in)?to\s+(?:work|the\s+office)\b[^.!?]*?\b(?:on|by)\s+"
        rf"{MODE}",
    ),
    (
        "commute",
        rf"(?:^|[.!,;]\s+){MODE}\s+(?:got|gets)\s+me\s+(?:in|to\s+work|to\s+the\s+office)\b",
    ),
    (
        "commute",
        rf"(?:^|[.!,;]\s+){MODE}\s+[^.!?]*?\blate\s+for\s+(?:my\s+)?(?:work|the\s+office|\d|"
        r"a\s+meeting|standup|stand-up)",
    ),
)

SHOWN: tuple[tuple[str, str], ...] = (  # what only the attribute has; not somebody else's
    # the broadband by its router, its outages and its helpline: "Rebooted the Hyperoptic
    # router", "wifi dropped out mid-call, cheers Plusnet", "on hold to Hyperoptic because
    # the router light's flashing", "ran a speed test on YouFibre"
    ("broadband", rf"\bthe\s+{BRAND}\s+(?:router|modem|broadband|fibre)\b"),
    (
        "broadband",
        r"\b(?:wifi|wi-fi|internet|broadband|router)\b[^.!?]*?\b(?:cheers|thanks|thank\s+you)\s+"
        rf"{BRAND}",
    ),
    ("broadband", rf"\bspeed\s+test\s+on\s+{BRAND}"),
    (
        "broadband",
        rf"\b(?:on\s+hold\s+(?:to|with)|ring|rang|call|called|phone|phoned)\s+{BRAND}\b"
        r"(?=[^.!?]*\b(?:router|wifi|wi-fi|broadband|internet|fibre)\b)",
    ),
    (
        "broadband",
        r"\b(?:router|wifi|wi-fi|broadband|internet)\b[^.!?]*\bon\s+hold\s+(?:to|with)\s+"
        rf"{BRAND}",
    ),
    # the gym by its name, where one trains: "Iron Forge Fitness was rammed tonight",
    # "quick session at Peak Strength Studio before work", "joined PureGym instead"
    (
        "gym",
        rf"(?:^|[.!,;]\s+){GYM_NAME}\s+(?:was|is)\s+(?:absolutely\s+|so\s+)?(?:rammed|packed|heaving|"
        r"dead|empty|quiet|busy)\b",
    ),
    (
        "gym",
        r"\b(?:session|workout|leg\s+day|arm\s+day|spin|class|swim|sauna|lifting|training)\s+at\s+"
        rf"{GYM_NAME}",
    ),
    ("gym", rf"\b(?:joined|heading\s+to|off\s+to|back\s+at|down\s+at)\s+{GYM_NAME}"),
)

ASKED: tuple[tuple[str, str], ...] = (  # the words a question about each uses
    (
        "mobile network",
        r"\b(?:mobile|phone|cell(?:ular)?)\s+(?:network|carrier|provider|operator|company|plan)\b|"
        r"\b(?<!social\s)network\b|\bcarrier\b|\bphone\s+(?:with|on)\b|\bsim\b",
    ),
    (
        "broadband",
        r"\b(?:broadband|home\s+internet|isp)(?:\s+(?:provider|supplier|company))?\b|\b(?:internet|wifi|wi-fi|fibre)\s+(?:provider|"
        r"supplier|company)\b|\binternet\s+(?:with|from)\b",  # not "What's my wifi password?"
    ),
    (
        "commute",
        r"\b(?:commute|commuting|get(?:ting)?\s+(?:in)?to\s+(?:work|the\s+office)|get\s+in\s+to\s+work|"
        r"travel(?:ling)?\s+(?:in)?to\s+work|journey\s+(?:in|to\s+work)|way\s+(?:in)?to\s+work|"
        r"how\s+(?:do|does|am|is)\s+\S+(?:\s+\S+)?\s+go(?:ing)?\s+(?:in)?to\s+work)\b",
    ),
    (
        "football team",
        r"\b(?:football|footy|soccer)\s+(?:team|club|side)\b|"
        r"\bwho\s+(?:do|does)\s+(?:i|we|the\s+user)\s+(?:\w+\s+)?(?:support|cheer\s+(?:for|on))\b",
    ),
)


_BY_VERB = (
    ("cycl", "bike"),
    ("bik", "bike"),
    ("walk", "walking"),
    ("driv", "car"),
    ("drov", "car"),
)
# the way a commute's verb names ("cycle", "biked", "walked", "drove")


def as_a_value(slot: str, value: str) -> str:
    """A commute said by its verb is the way it names: "I cycle to work" is by bike."""
    if slot != "commute" or " " in value:
        return value
    return next((way for verb, way in _BY_VERB if value.startswith(verb)), value)
