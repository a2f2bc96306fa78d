"""The pieces the slot rules are written in: a value, a name, a brand, "I" or "we", the
start of a sentence, and the word classes the rules share (diets, animals, roles,
pastimes). Kept apart so that ``slot_rules`` (what a sentence states) and ``in_passing``
(who one is, said in passing) read values the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tiermem.attributes.words import (
    COLOURS,
    FOODS,
    FOOTBALL_CLUBS,
    MOBILE_NETWORKS,
    PEOPLE,
    RELATIONS,
    TRANSPORT,
)


def alternation(words: Iterable[str]) -> str:
    """A word list as a regex alternation, longest first, so "fish and chips" is tried
    before "fish"."""
    return "|".join(sorted(words, key=len, reverse=True))


FOOD = alternation(FOODS)  # "can't get enough of pho": the dishes a favourite may name
COLOUR = alternation(COLOURS)
MODE = (  # a way to get about, its article or owner dropped: "my bike", "the Elizabeth line"
    r"(?:(?:the|my|our|a|an|his|her)\s+)?(?:(?:new|own|old|trusty|usual)\s+)?"
    r"(?P<v>" + alternation(re.escape(way) for way in TRANSPORT) + r"|(?-i:[A-Z][a-z]+)\s+line)"
    r"(?![\w-])"
)
GYM_NAME = (  # a gym by its name: "Iron Forge Fitness", "The Gym Group", "PureGym"
    r"(?P<v>(?-i:(?:The\s+)?(?:[A-Z0-9][\w'&-]*\s+){0,3}(?:Gym|Gyms|Fitness|CrossFit|Crossfit|"
    r"Leisure\s+Centre|Sports\s+Centre|Health\s+Club|Strength(?:\s+Studio)?|Athletics|"
    r"Boxing\s+Club)(?:\s+(?:First|Group|Plus|Club))?|PureGym|Gymbox|David\s+Lloyd|Virgin\s+Active|"
    r"Nuffield\s+Health|Third\s+Space|1Rebel|Equinox|F45|Orangetheory|Bannatyne's|Bannatynes))"
    r"(?![\w-])"
)
PET_EMOJI = (  # cat, dog, hamster, rabbit, turtle, parrot, paw prints, poodle, guide dog, bird
    "[\U0001f408\U0001f415\U0001f436\U0001f431\U0001f439\U0001f430\U0001f422\U0001f99c"
    "\U0001f43e\U0001f429\U0001f9ae\U0001f426]"
)
NETWORK = (  # a mobile network by name, as written: "Three", "giffgaff", "iD Mobile"
    r"(?P<v>(?-i:" + alternation(re.escape(name) for name in MOBILE_NETWORKS) + r"))(?![\w&-])"
)
CLUB = (  # a football club by name, in capitals as written: "Leeds United", "Spurs"
    r"(?P<v>(?-i:" + alternation(re.escape(club) for club in FOOTBALL_CLUBS) + r"))(?![\w-])"
)

VALUE = r"(?P<v>[A-Za-z0-9][\w'&.-]*(?:\s+(?!(?:and|but|because|since|with|for|last|this|next|yesterday|today|tomorrow|tonight|ago|in|on|at|to|a|the|so|after|before|when|while|now|too|again|as|from|who|which|that|is|was|were|are|has|had|have|will|would|can|could|it|its|it's|i|we|my|our|starting|still|really|every|just|even|these|right|mostly)\b)[A-Za-z0-9][\w'&.-]*){0,3})"
I_WE = r"(?:i|we)(?:'m|'ve| am| have| are| just| now| recently| finally|'ve just| have just| been)*"
START = r"(?:^|(?<=[.!;]\s)|(?<=[.!;]\s\s))\s*(?:just\s+|finally\s+|recently\s+)?"  # subjectless

BRAND = r"(?P<v>(?-i:[A-Z][\w-]*(?:\s+(?:&\s+)?[A-Z0-9][\w-]*){0,2}))"  # "Volkswagen Golf", "Mazda MX-5"
NAME = r"(?P<v>(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))"  # a person's or pet's name
DIETS = (
    r"(?P<v>vegan|vegetarian|pescatarian|keto|paleo|carnivore|flexitarian|plant-based|"
    r"(?:gluten|dairy|sugar|meat|lactose|wheat|nut)-free|low-(?:carb|fat|sugar|salt|fodmap)|"
    r"high-protein|halal|kosher)"
)  # the diets are a closed class: naming one in the speaker's own present says which they keep
PLACE = r"(?:place|flat|apartment|house|home|condo|address)"
DETERMINERS = r"the|a|an|my|our|his|her|their|it|them|him"  # a thing's start, no name
NOT_A_THING = rf"(?!(?:{DETERMINERS}|some|up)\b)"  # "picked up my kids"
OWN = r"(?:\b(?:my|our)\s+|(?:^|(?<=[.!;]\s))\s*)(?:new\s+)?"  # "my gym", or "Gym" opening a
# sentence, the possessive dropped as people drop it: "Gym these days is the leisure centre"
ADVERBS = r"(?:(?:now|officially|finally|properly|fully|actually|technically|strictly)\s+)*"
AFTER_ROLE = "now|this|today|tomorrow|tonight|yesterday|again|too|and|at|in|for|with|is|since|from"
# a role in lower case, one or two words, that is no relation to others or to a thing:
# "a pharmacist", "a data analyst", not "a dad", "a member", "a Chelsea fan"
ROLE = (
    r"(?!(?:[a-z-]+\s+)?(?:" + "|".join(sorted(PEOPLE | RELATIONS)) + r")\b)"
    r"(?P<v>(?-i:[a-z][a-z-]+(?:\s+(?!" + AFTER_ROLE + r"\b)[a-z][a-z-]+)?))"
    r"(?=\s+(?:" + AFTER_ROLE + r")\b|\s*[.!,;]|\s*$)"
)
ANIMAL = (
    r"(?:dog|cat|puppy|kitten|parrot|rabbit|bunny|hamster|bird|budgie|fish|turtle|tortoise|"
    r"ferret|guinea\s+pig|gecko|lizard|snake|chinchilla|gerbil|rat|mouse)"
)
PASTIME = r"(?P<v>(?-i:[a-z][a-z-]+(?:\s+[a-z][a-z-]+)?))(?=\s*(?:[.!,;]|$|\s+(?:lately|now|these|again|too|a\s+bit|at|on|every|and)\b|\s+has\b))"
NOT_A_PASTIME_VALUE = (  # "got into trouble", "got into uni", "into the idea", "into you";
    # not one of several ("into golf now as well": the reader keeps those many-valued) nor a
    # sport watched
    r"(?![^.!?]*\b(?:too|as\s+well|also|another|other)\b)"
    r"(?!(?:trouble|uni|university|college|school|bed|work|town|shape|debt|character|it|that|"
    r"this|them|him|her|you|u|the|a|an|my|our|his|their|some|any|something|anything|everything|"
    r"nothing|detail|details|gear|position|watching|following)\b)"
)
PEOPLE_WORDS = "|".join(sorted(PEOPLE | RELATIONS | {"nan", "gran"}))
LABEL = r"(?:^|(?<=[.!;]\s))\s*(?:(?:my|our)\s+)?(?:(?:new|current)\s+)?"  # opens a sentence
MEALS = (
    r"lunch(?:es)?|dinners?|breakfasts?|meals?|recipes?|food|options?|diet|plans?|snacks?|"
    r"menus?|cooking|baking|challenge|weeks?|months?|thing|life|lifestyle|journey|"
    r"versions?|alternatives?|dish(?:es)?|stuff|eating|plates?|cookbooks?|bakery|bakeries|"
    r"curry|curries|brunch(?:es)?|restaurants?|caf[eé]s?|places?|spots?|burgers?|pizzas?|"
    r"bowls?|sandwich(?:es)?|pasta|feast|picnic|takeaways?|kitchen|people|cafeteria"
)
FUNCTION_WORDS = (
    r"now|these|this|that|at|for|from|to|and|or|but|so|since|again|all|too|is|are|was|"
    r"lately|mostly|as|on|in|with|every|i|it|me|after|before|until|if|when|atm|rn"
)
LIGHT_ING = "going|doing|getting|having|taking|making|using|working|seeing|dating|being|thinking|feeling|trying|looking|wearing|eating|drinking|saying"
# the activity ends the clause: "started running too", not "started watching Glasshouse"
ACTIVITY_ENDS = (
    r"(?=\s*(?:[.!,;)]|$)|\s+(?:on\s+top|too|as\s+well|again|now|this|last|lately|"
    r"recently|and|every|at\s+(?:the\s+)?weekends?|on\s+\w+days|in\s+the\s+(?:evenings?|mornings?)|"
    r"lol|haha)\b)"
)
COLON = r"(?:\s+(?:update|alert|news|these\s+days|now|atm|rn))?\s*[:=]\s*"  # "diet update: keto"
THESE_DAYS = r"(?:\s+(?:these\s+days|nowadays|now|at\s+the\s+moment|currently))?"
