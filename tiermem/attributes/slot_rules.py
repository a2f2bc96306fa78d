"""Slot rules: read "what attribute does this sentence set, and to what value".

"I live in Paris" and later "I moved to Berlin" both set ``home``; the heuristic policy
supersedes the older value when a newer fact sets the same slot of the same speaker to
something else. Rules are deliberately conservative: a sentence no rule reads is
simply kept (ADD), never wrongly superseded. Negations and questions set nothing. They
are the fast path for about a dozen everyday attributes; ``attributes.reader`` reads the
rest.
"""

from __future__ import annotations

import functools
import re

from tiermem.attributes import (
    care_rules,
    in_passing,
    pet_rules,
    question_focus,
    routine_rules,
    school_rules,
)
from tiermem.attributes.cues import (
    NEGATION,
    OTHER_PEOPLE,
    PAST_QUESTION,
    as_said_of,
    asked_person,
    clauses,
    ending,
    ends,
    negated,
    someone_elses,
    speaks_for_now,
)
from tiermem.attributes.pattern_gate import holds_any, required_words
from tiermem.attributes.rule_parts import (
    ACTIVITY_ENDS,
    ADVERBS,
    ANIMAL,
    BRAND,
    COLON,
    COLOUR,
    DETERMINERS,
    DIETS,
    FOOD,
    FUNCTION_WORDS,
    GYM_NAME,
    I_WE,
    LABEL,
    LIGHT_ING,
    MEALS,
    NAME,
    NETWORK,
    NOT_A_PASTIME_VALUE,
    NOT_A_THING,
    OWN,
    PASTIME,
    PEOPLE_WORDS,
    PET_EMOJI,
    PLACE,
    ROLE,
    START,
    THESE_DAYS,
    VALUE,
)
from tiermem.attributes.slots import SlotValue, split_speaker
from tiermem.attributes.texting import as_written
from tiermem.attributes.words import (
    COLOURS,
    FOODS,
)

_RULES: list[tuple[str, re.Pattern[str]]] = [
    (slot, re.compile(pattern, re.I))
    for slot, pattern in [
        (
            "home",
            rf"\b{I_WE}\s+(?:now\s+)?(?:live|living|reside|residing|settled|based)\s+in\s+{VALUE}",
        ),
        ("home", rf"{START}(?:now\s+)?(?:settled|based)\s+in\s+{BRAND}"),
        (
            "home",
            rf"\b(?:but|and)\s+(?:now\s+)?live\s+in\s+{BRAND}",
        ),  # "from Paris but live in Berlin"
        ("home", rf"\b{I_WE}\s+(?:moved|relocated|moving|relocating)\s+(?:back\s+)?to\s+{VALUE}"),
        ("home", rf"{START}(?:now\s+)?living\s+in\s+{BRAND}\s+(?:these\s+days|now|nowadays)\b"),
        ("home", rf"\b(?:my|our)\s+(?:new\s+)?{PLACE}\s+(?:is\s+)?in\s+{VALUE}"),
        (
            "home",
            rf"\b(?:lease|mortgage)\s+(?:on|for)\s+(?:a|an|the|my|our)\s+(?:new\s+)?{PLACE}\s+in\s+{VALUE}",
        ),
        ("home", rf"\b(?:i|we)\s+(?:now\s+)?call\s+{VALUE}\s+home"),
        ("home", rf"{START}(?:moved|relocated)\s+(?:back\s+)?to\s+{VALUE}"),
        ("home", rf"{OWN}home{THESE_DAYS}\s+is\s+(?:now\s+)?{BRAND}"),
        (  # "Lisbon is home now", not "Mum is home now"
            "home",
            rf"{START}(?!(?:{PEOPLE_WORDS})\b){BRAND}\s+is\s+(?:my\s+|our\s+)?home\s+"
            rf"(?:now|these\s+days|for\s+good)\b",
        ),
        (
            "home",
            rf"(?:\b{I_WE}\s+|{START})(?:moved\s+into|bought|rented|renting|found)\s+(?:a|an|our|my)\s+(?:new\s+)?{PLACE}\s+in\s+{BRAND}",
        ),
        ("gym", rf"\b{I_WE}\s+joined\s+(?:the\s+)?{BRAND}\s+(?:gym|fitness|studio|club)\b"),
        ("employer", rf"\b{I_WE}\s+(?:work|working)\s+(?:at|for)\s+{VALUE}"),
        (
            "employer",
            rf"\b{I_WE}\s+(?:joined|started at|started working at|got hired at|got a job at)\s+{BRAND}",
        ),
        ("employer", rf"\baccepted\s+(?:the|an|their)\s+(?:job\s+)?offer\s+from\s+{VALUE}"),
        (  # "handed in my notice and took the offer from Unilever", not a card's offer
            "employer",
            r"(?:\b(?:notice|job|role|position)\b[^.!?]{0,60}?\b(?:took|taken|taking|accepting)\s+"
            r"(?:the|an|their)\s+offer|\b(?:took|taken|taking|accepting)\s+(?:the|an|their)\s+job\s+"
            r"offer)\s+from\s+" + BRAND,
        ),
        ("employer", rf"\b(?:my\s+)?onboarding\s+at\s+{VALUE}"),
        ("employer", rf"\b{I_WE}\s+(?:now\s+)?on\s+(?:the\s+)?{VALUE}(?:'s|’s|')\s+payroll"),
        ("employer", rf"{START}started\s+(?:working\s+)?(?:at|for)\s+(?:the\s+)?{BRAND}"),
        ("employer", rf"{START}(?:now\s+)?work(?:ing)?\s+(?:at|for)\s+(?:the\s+)?{BRAND}"),
        ("employer", rf"{LABEL}job\s+(?:at|with)\s+(?:the\s+)?{BRAND}"),
        ("employer", rf"\b{I_WE}\s+(?:got\s+|was\s+)?(?:now\s+)?(?:employed|hired)\s+by\s+{BRAND}"),
        ("employer", rf"{OWN}(?:employer|company){THESE_DAYS}\s+is\s+(?:now\s+)?{BRAND}"),
        (
            "employer",
            rf"\bsigned\s+(?:my|a|the)\s+(?:new\s+)?(?:employment\s+)?contract\s+with\s+{BRAND}",
        ),
        # "new job's at Deloitte", "Got taken on at the council", "Just started a new job at
        # Amazon": the employer said the way people say it, not only "I work for"
        (
            "employer",
            rf"(?:\bmy\s+|{START})(?:new\s+)?job(?:'s|’s|\s+is)\s+(?:now\s+)?(?:at|with)\s+{VALUE}",
        ),
        (
            "employer",
            rf"(?:\b{I_WE}\s+|{START})(?:got\s+|been\s+|was\s+)?taken\s+on\s+(?:at|by)\s+{VALUE}",
        ),
        (
            "employer",
            rf"(?:\b{I_WE}\s+|{START})(?:started|starting|got|landed|took)\s+(?:a\s+)?(?:new\s+)?"
            rf"job\s+(?:at|with)\s+{BRAND}",
        ),
        ("job", rf"\b{I_WE}\s+(?:work|working)\s+as\s+(?:an?\s+)?{VALUE}"),
        (
            "job",
            rf"\b{I_WE}\s+(?:started|starting|got|took)\s+(?:a\s+)?(?:new\s+)?(?:job|position|role)\s+as\s+(?:an?\s+)?{VALUE}",
        ),
        (
            "job",
            rf"\bmy\s+(?:new\s+)?(?:job|role|position|profession|job\s+title)\s+is\s+(?!(?:at|with)\b)(?:an?\s+)?{VALUE}",
        ),
        (
            "job",
            rf"\bcareer\s+change\b[^.]*?\bi(?:'m| am)\s+{ADVERBS}(?:an?\s+)?{VALUE}",
        ),
        ("job", rf"\bmy\s+first\s+(?:day|shift|week)\s+as\s+(?:an?\s+)?{VALUE}"),
        # "Another long week as a nurse", "first shift as a paramedic": a stretch of
        # working time spent as something is a job ("last week as" may be its end)
        (
            "job",
            rf"\b(?:first|another|long|busy|full|hard|second|third)\s+(?:long\s+|busy\s+|full\s+)?"
            rf"(?:day|shift|week|month|year)\s+as\s+an?\s+{ROLE}",
        ),
        # "Finally qualified and started as a solicitor", "trained as an electrician"
        (
            "job",
            rf"(?:\b{I_WE}\s+|{START})(?:(?:qualified|trained|retrained)\s+and\s+)?"
            rf"(?:started|starting|qualified|trained|retrained)\s+(?:work(?:ing)?\s+)?as\s+an?\s+{ROLE}",
        ),
        (
            "job",
            rf"\b(?:earn|earning|earns|make|making|makes)\s+(?:a|my|our)\s+living\s+as\s+an?\s+{ROLE}",
        ),
        (
            "job",
            rf"(?:\b{I_WE}\s+|{START}(?:currently\s+|now\s+)?)(?:got\s+|was\s+)?(?:now\s+)?"
            rf"(?:hired|employed|promoted|retrained|qualified)\s+as\s+(?:an?\s+)?{VALUE}",
        ),
        ("job", rf"\bguess\s+who(?:'s|’s|\s+is)\s+(?:now\s+)?an?\s+{ROLE}"),
        (
            "job",
            rf"{START}(?:started|starting)\s+(?:my\s+)?(?:new\s+)?(?:job|position|role)\s+as\s+(?:an?\s+)?{VALUE}",
        ),
        ("job", rf"\b{I_WE}\s+(?:became|become)\s+(?:an?\s+)?{VALUE}"),
        # "new employer: Tesco", "job: a paramedic": a label and its value, the way people
        # write a status line (a capitalised one-word label is a speaker: "Job: ...")
        ("employer", rf"{LABEL}(?:employer|company|workplace){COLON}{BRAND}"),
        (
            "job",
            rf"{LABEL}(?:job|role|occupation|profession|job\s+title){COLON}(?:an?\s+)?{VALUE}",
        ),
        ("car", rf"{LABEL}(?:car|ride|motor){COLON}(?:an?\s+)?{BRAND}"),
        ("gym", rf"{LABEL}gym{COLON}{VALUE}"),
        ("diet", rf"{LABEL}diet{COLON}{ADVERBS}(?:an?\s+)?{VALUE}"),
        ("home", rf"{LABEL}(?:home|city|home\s+town|address){COLON}{BRAND}"),
        (
            "partner",
            rf"\bmy\s+(?:new\s+)?(?:girlfriend|boyfriend|partner|wife|husband|fianc[eé]e?|spouse)(?:'s| is)\s+(?:called\s+|named\s+)?{NAME}",
        ),
        (
            "partner",
            rf"\b{I_WE}\s+(?:started\s+|got\s+)?(?:dating|seeing|married|engaged to|married to)\s+(?:someone(?:\s+new)?,?\s+)?{NAME}",
        ),
        (
            "partner",
            rf"(?:^|[.!]\s+)my\s+(?:new\s+)?(?:girlfriend|boyfriend|partner|wife|husband|fianc[eé]e?)\s+{NAME}",
        ),
        ("partner", rf"\bin\s+a\s+relationship\s+with\s+{NAME}"),
        # "been dating Chris for a month", "I have a boyfriend called Leo", "my partner's name
        # is Sam", "just got engaged to Mia!", "Lena is my girlfriend"
        ("partner", rf"{START}(?:been\s+)?(?:dating|seeing)\s+{NAME}\b(?!['’])"),
        (
            "partner",
            r"\b(?:i|we)\s+(?:have|'ve\s+got|got)\s+a\s+(?:new\s+)?(?:boyfriend|girlfriend|partner|"
            rf"husband|wife|fianc[eé]e?)\s+(?:called|named)\s+{NAME}",
        ),
        (
            "partner",
            r"\bmy\s+(?:partner|girlfriend|boyfriend|wife|husband|fianc[eé]e?|other\s+half)(?:'s|’s)\s+"
            rf"name\s+is\s+{NAME}",
        ),
        ("partner", rf"(?:\b{I_WE}\s+|{START})(?:just\s+)?(?:got\s+)?engaged\s+to\s+{NAME}"),
        (
            "partner",
            rf"(?:^|[.!,]\s+)(?!(?-i:Mum|Mom|Dad|Nan|Gran|Granny|Grandma|Grandad)\b){NAME}\s+is\s+my\s+"
            r"(?:new\s+)?(?:girlfriend|boyfriend|partner|wife|husband|fianc[eé]e?|other\s+half)\b"
            r"(?!\s+(?:in|at|for|on|from|of)\b)",
        ),
        # "Amara asked me to be exclusive", "my other half, Dmitri, says hi", "me and Henrik,
        # it's a thing now": a partner said the way people announce one
        (
            "partner",
            rf"(?:^|[.!]\s+){NAME}\s+asked\s+me\s+(?:out|to\s+be\s+(?:exclusive|official|"
            rf"(?:his|her|their)\s+(?:girlfriend|boyfriend|partner)))",
        ),
        (
            "partner",
            rf"\bmy\s+(?:new\s+)?(?:other\s+half|girlfriend|boyfriend|partner),?\s+{NAME}\b",
        ),
        (
            "partner",
            rf"(?:^|[.!]\s+)me\s+and\s+{NAME},?\s+(?:it's|we're|we\s+are)\s+"
            rf"(?:a\s+thing|official|together|exclusive)",
        ),
        ("partner", rf"\bdate\s+night\s+with\s+{NAME}"),
        ("partner", rf"\bmeeting\s+{NAME}(?:'s|’s)\s+(?:parents|family|mum|dad)"),
        (
            "partner",
            rf"{LABEL}(?:relationship|partner|girlfriend|boyfriend|other\s+half){COLON}{NAME}",
        ),
        ("partner", rf"{START}(?:i'm\s+|we're\s+)?going\s+out\s+with\s+{NAME}"),
        (
            "partner",
            rf"(?:^|[.!]\s+){NAME}\s+and\s+i\s+(?:have\s+been|are|started|'ve\s+been)\s+{ADVERBS}(?:dating|seeing each other|together|a\s+thing|an\s+item|official|exclusive)",
        ),
        (
            "partner",
            rf"(?:^|[.!]\s+){NAME}\s+and\s+i\s+(?:just\s+|finally\s+)?(?:got\s+together|are\s+engaged|"
            r"got\s+engaged)\b",
        ),
        (  # "Anna moved in with me", "Jonas proposed last night!!"
            "partner",
            rf"(?:^|[.!]\s+){NAME}\s+(?:moved\s+in\s+with\s+me|proposed(?=\s*(?:[.!]|$|\s+(?:last|to\s+me|"
            r"yesterday|today|this)\b)))",
        ),
        (  # "Olive, my cat, is sulking"
            "pet",
            rf"(?:^|[.!]\s+){NAME},\s+(?:my|our)\s+(?:\w+\s+)?{ANIMAL}\s*,",
        ),
        (
            "pet",
            rf"\b(?:my|our)\s+(?:new\s+)?(?:dog|cat|puppy|kitten|pet|parrot|rabbit|hamster|bird|fish|turtle|tortoise)(?:'s| is)\s+(?:called\s+|named\s+|(?=(?-i:[A-Z])))(?:called\s+|named\s+)?{VALUE}",
        ),
        (
            "pet",
            rf"\b{I_WE}\s+(?:adopted|got|have|'ve\s+got)\s+an?\s+(?:new\s+)?[\w -]{{2,20}}?\s+(?:called|named)\s+{NAME}",
        ),
        ("pet", rf"\bmeet\s+{NAME},\s+(?:our|my)\s+new\s+[\w -]{{2,20}}"),
        # "Biscuit is our cat now", "we're calling it Mochi", "Bramble the cat lives with us
        # now", "say hi to Juniper, the newest member of the family", "I've got a ferret now,
        # Sprout": a pet named as people introduce one
        ("pet", rf"(?:^|[.!,]\s+){NAME}\s+is\s+(?:our|my)\s+(?:new\s+)?{ANIMAL}(?:\s+now)?\b"),
        # a pet named as the household's newest animal: "welcome Bear to the gang 🐾", "Rocco
        # is the newest one in our little zoo", "new furball's name is Mochi"; a family or a
        # household welcomes babies too, so there only beside a pet's emoji
        (
            "pet",
            rf"\bwelcome\s+{NAME}\s+to\s+the\s+(?:(?:gang|crew|zoo|menagerie|pack)\b|"
            rf"(?:family|household|fam)\b(?=.*{PET_EMOJI}))",
        ),
        (
            "pet",
            rf"(?:^|[.!,;]\s+){NAME}\s+is\s+the\s+(?:newest|latest)\s+(?:one|member|addition)\s+"
            r"(?:in|of|to)\s+(?:our|the)\s+(?:little\s+)?(?:zoo|menagerie|crew|gang|pack)\b",
        ),
        (
            "pet",
            rf"\bmeet\s+{NAME},\s+the\s+(?:newest|latest)\s+(?:addition|member)\s+(?:to|of)\s+"
            rf"(?:our|the)\s+(?:(?:house|crew|gang|zoo|menagerie)\b|(?:family|household)\b(?=.*{PET_EMOJI}))",
        ),
        (
            "pet",
            r"\b(?:furball|fluffball|floof|fur\s*baby|furbaby|doggo|pupper)(?:'s|’s)?\s+"
            rf"(?:name\s+is|is\s+called|called|named)\s+{NAME}",
        ),
        ("pet", rf"\b(?:we're|we\s+are|i'm|i\s+am)\s+calling\s+(?:it|him|her|them)\s+{NAME}"),
        ("pet", rf"(?:^|[.!]\s+){NAME}\s+the\s+{ANIMAL}\s+lives\s+with\s+(?:us|me)\b"),
        (
            "pet",
            rf"\bsay\s+hi\s+to\s+{NAME},\s+(?:the|our|my)\s+new(?:est)?\s+"
            rf"(?:member|addition|arrival)",
        ),
        ("pet", rf"\b{I_WE}\s+got\s+an?\s+(?:new\s+)?{ANIMAL}(?:\s+now)?,\s+{NAME}\b"),
        (
            "pet",
            rf"(?:^|[.!]\s+)(?:my|our)\s+(?:new\s+)?(?:dog|cat|puppy|kitten|parrot|rabbit|hamster|bird|tortoise|ferret)\s+{NAME}",
        ),
        (
            "pet",
            rf"\b{I_WE}\s+(?:brought\s+home|rescued|took\s+in)\s+an?\s+(?:new\s+)?[\w -]{{2,20}}?\s+(?:called|named)\s+{NAME}",
        ),
        ("diet", rf"\b{I_WE}\s+(?:an?\s+)?(?:(?:strict|full|now)\s+)?{DIETS}\b"),
        ("diet", rf"\b{I_WE}\s+(?:gone|going|went|eating|turned)\s+{DIETS}\b"),
        ("diet", rf"\b{I_WE}\s+(?:on|following)\s+(?:an?\s+|the\s+)?{VALUE}\s+diet"),
        (
            "diet",
            rf"(?:\b{I_WE}\s+|{START})(?:switched|moved|changed)\s+to\s+(?:eating\s+)?(?:an?\s+|the\s+)?"
            rf"{DIETS}\b",
        ),
        ("diet", rf"{START}(?:been\s+)?(?:gone|going|went|eating|turned)\s+{DIETS}\b"),
        (
            "car",
            rf"\b{I_WE}\s+(?:drive|driving|bought)\s+an?\s+(?:new\s+)?(?:(?-i:[a-z-]+)\s+)?{BRAND}",
        ),
        ("car", rf"\btraded\s+in\s+(?:my|our)\s+(?:old\s+)?car\s+for\s+an?\s+(?:new\s+)?{BRAND}"),
        ("car", rf"{OWN}car{THESE_DAYS}\s+is\s+an?\s+{BRAND}"),
        *routine_rules.STATED,
        *care_rules.STATED,
        *care_rules.HAIR,
        *school_rules.STATED,
        ("car", rf"\b{I_WE}\s+leased\s+an?\s+(?:new\s+)?{BRAND}"),
        ("car", rf"\bpicked\s+up\s+(?:my|our)\s+new\s+{BRAND}"),
        ("gym", rf"{OWN}gym{THESE_DAYS}\s+is\s+(?:now\s+)?{VALUE}"),
        (
            "gym",
            rf"(?:\b{I_WE}\s+|{START})(?:work(?:ing)?\s+out|train|training|lifting)\s+at\s+{BRAND}",
        ),
        (  # "signed up to Anytime Fitness": a gym by its name
            "gym",
            rf"(?:\b{I_WE}\s+|{START})(?:just\s+)?signed\s+up\s+(?:at|to|with|for)\s+{GYM_NAME}",
        ),
        (
            "gym",
            rf"(?:\b{I_WE}\s+|{START})(?:got|have|bought|signed\s+up\s+for)\s+a\s+(?:new\s+)?membership\s+(?:at|with|to)\s+{BRAND}",
        ),
        ("gym", rf"\b{I_WE}\s+signed\s+up\s+(?:at|with)\s+{VALUE}"),
        ("gym", rf"(?:\b{I_WE}\s+|{START})(?:now\s+)?a\s+member\s+at\s+{BRAND}"),  # a place
        ("gym", rf"\b(?:go\s+to|going\s+to|joined)\s+the\s+gym\s+(?:at|called)\s+{BRAND}"),
        (  # "my dog is a labrador called Max"
            "pet",
            r"\bmy\s+(?:dog|cat|puppy|kitten|rabbit|hamster|bird|tortoise|ferret|parrot)\s+is\s+an?\s+"
            rf"[\w -]{{2,20}}?\s+(?:called|named)\s+{NAME}",
        ),
        ("gym", rf"\b(?:switched|moved|changed)\s+(?:my\s+)?(?:gym\s+)?membership\s+to\s+{VALUE}"),
        (  # "cancelled the old membership and moved over to PureGym"
            "gym",
            r"\b(?:the|my)\s+(?:old\s+)?(?:gym\s+)?membership\b[^.!?]*?\b(?:moved|switched|went)\s+"
            rf"over\s+to\s+{BRAND}",
        ),
        ("hobby", rf"\b{I_WE}\s+(?:taken|took)\s+up\s+{VALUE}"),
        (
            "hobby",
            r"\bmy\s+(?:new\s+|main\s+|big\s+|current\s+|favou?rite\s+)?(?:obsession|hobby|passion|"
            rf"pastime)\s+(?:these\s+days\s+|at\s+the\s+moment\s+|now\s+)?is\s+{NOT_A_PASTIME_VALUE}{VALUE}",
        ),
        ("hobby", rf"\b{I_WE}\s+picked\s+up\s+{NOT_A_THING}{VALUE}"),
        (
            "hobby",
            rf"\b{I_WE}\s+(?:started|starting)\s+(?:learning|practi[cs]ing|doing)\s+{NOT_A_THING}{VALUE}",
        ),
        (
            "hobby",
            rf"{START}(?:started|starting)\s+(?:learning|practi[cs]ing|doing)\s+{NOT_A_THING}"
            rf"(?P<v>(?-i:[a-z][a-z-]+(?:\s+[a-z][a-z-]+)?))(?!\s+as\s+well)"
            rf"(?:(?=\s+on\s+(?:the\s+)?weekends?\b)|{ACTIVITY_ENDS})",
        ),
        # "Also started birdwatching", "I've started wild swimming": an activity begun
        (
            "hobby",
            rf"(?:\b{I_WE}\s+|{START}|\balso\s+)(?:started|starting|taken\s+up|took\s+up)\s+"
            rf"(?P<v>(?:[a-z]+\s+)?(?!(?:{LIGHT_ING})\b)[a-z]{{3,}}ing)\b{ACTIVITY_ENDS}",
        ),
        # "adding chess to the list of things I do", "added pottery to my hobbies"
        (
            "hobby",
            rf"\badd(?:ing|ed)?\s+{VALUE}\s+to\s+(?:the|my)\s+(?:list\s+of\s+)?"
            rf"(?:hobbies|things\s+i\s+do)",
        ),
        # "gardening is how I spend most of my free time now"
        (
            "hobby",
            rf"{START}{VALUE}\s+is\s+how\s+i\s+spend\s+(?:most\s+of\s+|all\s+of\s+)?"
            rf"my\s+(?:free|spare)\s+time",
        ),
        ("hobby", rf"{LABEL}(?:hobby|obsession|passion)(?:\s+unlocked)?{COLON}{VALUE}"),
        # "totally hooked on archery lately", "all my free time goes into pottery now",
        # "knitting has taken over my life": a pastime in lower case, as people write them
        ("hobby", rf"\bhooked\s+on\s+{PASTIME}"),
        # "I've got really into bouldering", "been doing loads of yoga lately", "I do parkrun
        # every saturday": a pastime said plainly (not "I'm into X", which lists one of several)
        (
            "hobby",
            r"\b(?:got|getting|gotten)\s+(?:really\s+|so\s+|totally\s+|properly\s+|more\s+|"
            rf"big\s+time\s+)?into\s+{NOT_A_PASTIME_VALUE}{PASTIME}",
        ),
        (
            "hobby",
            r"\b(?:i've|i\s+have|we've)\s+been\s+(?:doing|learning|practi[cs]ing)\s+(?:a\s+lot\s+of\s+|"
            rf"loads\s+of\s+|lots\s+of\s+|some\s+)?{NOT_A_PASTIME_VALUE}{PASTIME}",
        ),
        (
            "hobby",
            r"\b(?:i|we)\s+(?:do|go|play)\s+(?!(?:shopping|cleaning|food|grocery|out|home|back|there|"
            rf"to|into|over)\b){NOT_A_PASTIME_VALUE}(?P<v>(?-i:[a-z][a-z-]+(?:\s+[a-z][a-z-]+)?))\s+"
            r"(?:every|most)\s+(?:weekends?|saturdays?|sundays?|weeks?|mornings?|evenings?|days?|nights?)\b",
        ),
        (
            "hobby",
            rf"{START}{PASTIME}\s+is\s+(?:my\s+new|my|all\s+my|basically\s+my)\s+(?:thing|obsession|hobby|"
            r"passion|life)\b",
        ),
        (  # "free time = gaming", "spare time is basically all chess for me"
            "hobby",
            r"\b(?:free|spare)\s+time\s+(?:is|=|==|means)\s+(?:basically\s+|mostly\s+|just\s+)?(?:all\s+)?"
            r"(?!(?:limited|precious|scarce|short|rare|gone|busy|full|non-existent|nonexistent|over|"
            rf"minimal|zero|nil)\b){NOT_A_PASTIME_VALUE}(?P<v>(?-i:[a-z][a-z-]+(?:\s+[a-z][a-z-]+)?))"
            r"(?=\s*(?:[.!,;]|$|\s+(?:for\s+me|these\s+days|now|lately|tbh|no\s+shame)\b))",
        ),
        (
            "hobby",
            rf"\ball\s+(?:of\s+)?my\s+(?:free|spare)\s+time\s+goes\s+(?:into|on)\s+{PASTIME}",
        ),
        (
            "hobby",
            rf"{START}{PASTIME}\s+has\s+(?:completely\s+|totally\s+)?taken\s+over\s+my\s+life",
        ),
        # "I'm a pharmacist now": a role taken on, read last, after the diets ("I'm a
        # vegan now") and never for a relation ("a dad", "a member", "a fan")
        ("job", rf"\bi(?:'m|’m| am)\s+{ADVERBS}an?\s+{ROLE}\s+now\b"),
    ]
]
_FAV = r"(?:favou?rite|fave?|number\s+one|no\.?\s*1|#\s*1)"  # "fav band", "#1 band"; not
# "top", which is as often a "top tip" or a "top floor"
_FAV_WHEN = (
    r"(?:\s+(?:these\s+days|right\s+now|rn|atm|now|currently|at\s+the\s+moment|lately|"
    r"for\s+me|of\s+mine|alert|update))*"
)  # "favourite food at the moment", "#1 band for me these days", "new favourite band alert"
_FAV_THING = r"(?P<k>[a-z]+)(?:\s+to\s+(?:eat|read|listen\s+to|wear))?"  # "thing to eat"
_FAVOURITE = re.compile(
    rf"\bmy\s+(?:new\s+)?(?:all-time\s+)?{_FAV}\s+{_FAV_THING}{_FAV_WHEN}\s+"
    rf"(?:is|are|could\s+be\s+described\s+as|would\s+be|has\s+become|became|has\s+always\s+been|"
    rf"(?:has|'s)\s+(?:got\s+)?to\s+be|must\s+be)\s+(?:now\s+)?{VALUE}",
    re.I,
)
_FAVOURITE_LABEL = re.compile(  # "new favourite band: Wet Leg", "fav colour = navy atm",
    # "favourite food at the moment? gnocchi, easy": a question the speaker answers
    rf"{LABEL}(?:all-time\s+)?{_FAV}\s+{_FAV_THING}{_FAV_WHEN}\s*(?::|=|\s-|\?)\s*"
    rf"(?:an?\s+|the\s+)?{VALUE}",
    re.I,
)
_FAVOURITE_AFTER = re.compile(  # "emerald is my favourite colour", "Dracula, it's my new favourite book"
    r"(?:^|(?<=\s))"
    r"(?P<v>(?-i:[A-Z][\w'-]*(?:\s+(?:[A-Z][\w'-]*|of|the|and))*|[a-z][\w'-]*))\s*"
    r"(?:,|;|\s)\s*(?:is|are|it's|it is|they're|they are|has\s+become|have\s+become|became|"
    r"(?:is|are)\s+now)\s+my\s+(?:new\s+)?(?:(?:all-time|absolute|ultimate)\s+)?(?:favou?rite|fave?)"
    r"(?:\s+(?P<k>colou?r|book|band|food|dish|song|album|movie|film|sport|drink|city|place|show|game|team|season|animal|restaurant))?",
    re.I,
)
# "Meal prepped a week of low-carb lunches", "staying vegan at the wedding": a diet named
# in the speaker's own present voice, read after every rule; not "I was vegan at uni"
_DIET_NAMED = re.compile(
    rf"\b{DIETS}\b(?!\s+(?!(?:{MEALS}|{FUNCTION_WORDS})\b)[a-z])", re.I
)  # a diet word before any other noun ("lactose-free milk", "vegan leather") names no diet
_MY_DIET = re.compile(r"\bmy\s+(?:\w+\s+)?$", re.I)  # "my vegan lunch", "my own keto plan"
_FOR_ME = re.compile(r"\s+\w+\s+for\s+me\b", re.I)  # "a separate keto plate for me"
_SIMPLE_PAST_DIET = re.compile(
    rf"(?:\b(?:i|we)\s+|^\W*)(?:was|were|went|had\s+been)\s+(?:\w+\s+){{0,2}}{DIETS}\b", re.I
)
_NOTHING_BEATS = re.compile(r"\bnothing\s+beats\s+" + VALUE, re.I)
_NO_DETERMINER = rf"(?!(?:{DETERMINERS}|this|that|these|those)\b)"
_PREFERRED = tuple(  # a favourite said without the word: the kind comes from the rest
    re.compile(pattern, re.I)
    for pattern in (
        r"\b(?:nothing|nobody|no\s+one|none)\s+(?:else\s+)?(?:comes\s+close\s+to|compares\s+to|"
        rf"tops|touches)\s+{_NO_DETERMINER}{VALUE}",
        r"\bcan't\s+(?:get\s+enough\s+of|stop\s+(?:playing|eating|listening\s+to|reading|"
        rf"rereading|wearing))\s+{_NO_DETERMINER}{VALUE}",
        rf"\b(?:obsessed|in\s+love)\s+with\s+{_NO_DETERMINER}{VALUE}",
        r"(?:^|(?<=[.!;,]\s))\s*(?P<v>(?-i:[A-Z][\w'-]*(?:\s+(?:[A-Z][\w'-]*|of|the|and))*|"
        r"[a-z][\w'-]*))\s+(?:beats\s+everything|is\s+all\s+(?:i|we)\s+(?:listen\s+to|eat|read|"
        r"wear|want))",
        rf"\bcraving\s+{_NO_DETERMINER}{VALUE}",
        r"(?:^|(?<=[.!;,]\s))\s*(?P<v>(?-i:"
        + COLOUR
        + r"))\s+is\s+(?:so\s+|totally\s+)?my\s+(?:colou?r|shade)\b(?!\s+[a-z])",
        rf"\b(?:love|obsessed\s+with|into)\s+the\s+colou?r\s+{VALUE}",
        r"\bmy\s+go-to\s+(?:book|novel|band|artist|album|colou?r|dish|food|meal)\s+(?:these\s+days\s+|now\s+)?"
        rf"is\s+{VALUE}",
        r"\b(?:i|we)\s+(?:only|just)\s+wear\s+(?P<v>(?-i:" + COLOUR + r"))\b",
        rf"\b(?:i|we)\s+love\s+{_NO_DETERMINER}{VALUE}\s+more\s+than\s+(?:anything|anyone|life|"
        r"everything)\b",
        r"\bkeep\s+(?:rereading|re-reading|listening\s+to|playing|eating)\s+"
        rf"{_NO_DETERMINER}{VALUE}",
        r"(?P<v>(?-i:[A-Z][\w'-]*(?:\s+(?:[A-Z][\w'-]*|of|the|and))*))\s+is\s+the\s+one\s+"
        r"(?:i'd|i\s+would)\s+(?:save|grab|keep|take)\b",
        r"\bpainted\s+(?:my|our|the)\s+[\w-]+\s+(?P<v>(?-i:"
        + COLOUR
        + r"))\b[^.!?]*\blove\s+(?:that|the|this)\s+colou?r",
        r"(?:^|(?<=[.!;,]\s))\s*(?P<v>(?-i:"
        + FOOD
        + r"))\s+for\s+(?:lunch|dinner|breakfast|tea)\s+again\b",
        rf"\b(?:i|we)\s+could\s+eat\s+{_NO_DETERMINER}{VALUE}\s+every\s+(?:single\s+)?day",
        r"\bif\s+(?:i|we)\s+could\s+only\s+(?:eat|have)\s+one\s+(?:thing|dish|food)[^.!?]*?"
        rf"\b(?:it'd|it\s+would)\s+be\s+{_NO_DETERMINER}{VALUE}",
        rf"\beverything\s+(?:i|we)\s+(?:want|buy|own|wear)\s+(?:lately\s+|now\s+)?is\s+{VALUE}",
        r"\bone\s+(?:book|novel|band|album|artist|dish|food|meal|colou?r)\b[^.!?]*?"
        rf"\b(?:it'd|it\s+would)\s+be\s+{_NO_DETERMINER}{VALUE}",
        r"(?P<v>(?-i:[A-Z][\w'-]*(?:\s+(?:[A-Z][\w'-]*|of|the|and))*))\s+and\s+nothing\s+"
        r"(?:else\s+)?(?:compares|comes\s+close)",
        r"\btime\s+this\s+week\s+(?:i|we)(?:'ve)?\s+(?:ordered|had|made|eaten|ate|cooked)\s+"
        r"(?:some\s+)?(?P<v>(?-i:" + FOOD + r"))\b",
        r"\b(?:half\s+(?:of\s+)?my|my\s+whole|my)\s+(?:wardrobe|closet)\s+"
        r"(?:is|are)\s+(?:all\s+|now\s+)?(?P<v>(?-i:" + COLOUR + r"))\b",
        r"(?:^|(?<=[.!;,]\s))\s*(?P<v>(?-i:[a-z][\w'-]*))\s+is\s+(?:the|my)\s+shade\b",
    )
)  # "nobody comes close to Pixies for me", "can't get enough of pho lately", "obsessed
# with teal rn", "gnocchi beats everything else for me", "Bon Iver is all I listen to",
# "craving ramen already", "dumplings for lunch again, no regrets", "everything I want
# lately is lavender": the kind from the rest of the sentence, else from the value
_WHAT_ONLY_IT_HAS = tuple(  # read only where the sentence is the speaker's own
    (slot, re.compile(pattern, re.I))
    for slot, pattern in (
        # "another all-hands at Globex", "the office wifi at Contoso", "HR at Vandelay sent
        # my start date", "team drinks with everyone from Tailspin": the workplace
        (
            "employer",
            r"(?:^|[.!,]\s+|\b(?:the|another|my|our)\s+)(?:all-hands|all\s+hands|stand-?up|"
            r"office(?:\s+wifi|\s+kitchen|\s+party)?|canteen|(?-i:HR|IT)|payroll|induction|"
            r"team\s+(?:drinks|social|lunch|meeting|away\s?day)(?:\s+with\s+everyone)?|"
            rf"staff\s+(?:party|badge|lanyard|room)|christmas\s+do)\s+(?:at|from)\s+{BRAND}",
        ),
        # "registered with a GP in Edinburgh", "near my flat in Valencia", "the trams here in
        # Lyon", "council tax bill from Manchester": the city one lives in; not "here in
        # Rome for the weekend"
        (
            "home",
            r"\b(?:registered\s+with\s+a\s+(?:gp|doctor|dentist)\s+in|"
            r"(?:my|our)\s+(?:flat|house|street|neighbourhood|postcode)\s+in|here\s+in|"
            rf"council\s+tax\s+(?:bill\s+)?(?:from|in))\s+{BRAND}\b"
            r"(?!\s+for\s+(?:the|a|an)\s+(?:weekend|week|day|night|holiday|trip|conference|visit)\b)",
        ),
        # "got my Proseware laptop today", "casual friday at Initech", "team lunch with the
        # Wingtip crew, my manager paid": the workplace again
        (
            "employer",
            r"\bmy\s+(?:new\s+)?(?!(?:Apple|Dell|HP|Lenovo|Asus|Acer|Microsoft|Surface|Razer|"
            r"Samsung|MacBook|ThinkPad|Chromebook|Framework|Huawei|LG|Sony|Toshiba|MSI|Google|"
            r"Pixel|Gmail|Outlook|Hotmail|Yahoo|Proton|ProtonMail|iCloud)\b)"
            r"(?P<v>(?-i:[A-Z][\w-]*(?:\s+(?:&\s+)?[A-Z][\w-]*)?))\s+(?:work\s+)?"
            r"(?:laptop|lanyard|email\s+address|payslip|staff\s+(?:badge|discount)|onboarding|"
            r"induction|probation|appraisal|(?:annual|performance|mid-year)\s+review|"
            r"line\s+manager|colleagues|security\s+pass|id\s+badge|staff\s+(?:pass|card))\b",
        ),
        # "First payslip from Rolls-Royce came through", "my appraisal at Arup", "Ocado
        # have got us doing a team away day": what only an employer gives or asks
        (
            "employer",
            r"\b(?:payslip|pay\s+slip|wages|salary|pay\s+rise|bonus|p60|offer\s+letter)\s+from\s+"
            rf"(?:the\s+)?{BRAND}",
        ),
        (
            "employer",
            r"\b(?:my|the)\s+(?:(?:annual|performance|mid-year)\s+review|appraisal|probation|"
            rf"induction|onboarding)\s+at\s+{BRAND}",
        ),
        # "Just hit 5 years at Rolls-Royce", "Octopus Energy pay us on the 25th", "work xmas
        # do for Arup", "the only perk of working at Greggs"
        ("employer", rf"\bhit\s+(?:\d+|\w+)\s+years?\s+at\s+{BRAND}"),
        ("employer", rf"(?:^|[.!,;]\s+){BRAND}\s+pay\s+us\b"),
        (
            "employer",
            rf"\bwork\s+(?:xmas|christmas)\s+(?:do|party|night\s+out)\s+(?:for|at|with)\s+{BRAND}",
        ),
        ("employer", rf"\bperks?\s+of\s+working\s+(?:at|for)\s+{BRAND}"),
        (
            "employer",
            rf"(?:^|[.!,;]\s+){BRAND}\s+(?:have|has|are|is)\s+(?:got\s+)?(?:us|me)\s+"
            r"(?:doing|working|going|on|in)\b[^.!?]*\b(?:team|staff|office|shift|training|"
            r"rota|weekend|away\s?day|all-hands|meeting|overtime|hours)\b",
        ),
        ("employer", rf"\b(?:casual\s+friday|hot\s?desking|my\s+desk)\s+at\s+{BRAND}"),
        (
            "employer",
            rf"\bfirst\s+(?:day|week)\s+at\s+{BRAND}(?=[^.!?]*\b(?:payroll|contract|induction|"
            r"onboarding|colleagues|manager|boss|desk|office|job)\b)",
        ),
        (
            "employer",
            rf"\ban?\s+{BRAND}\s+person\b(?=[^.!?]*\b(?:badge|lanyard|payroll|staff|colleagues)\b)",
        ),
        (
            "employer",
            rf"\bwith\s+the\s+{BRAND}\s+(?:crew|team|lot)\b[^.!?]*\b(?:manager|boss|colleagues?)\b",
        ),
        # "I'm a proper Lisbon local now", "coffee by the square in Porto, love this town",
        # "the river in Ghent this morning, I love it here", "rainy sunday in Vienna, staying
        # in": the city one lives in again
        ("home", rf"\b(?:a|proper)\s+{BRAND}\s+local\b"),
        ("home", rf"\b(?:streets|city|centre|center)\s+of\s+{BRAND}[^.!?]*\bsince\s+the\s+move\b"),
        (
            "home",
            rf"\bin\s+{BRAND}\b[^.!?]*\b(?:love\s+(?:this|my)\s+(?:town|city|neighbourhood)|"
            r"i\s+love\s+it\s+here)\b",
        ),
        (
            "home",
            r"\b(?:rainy|sunny|snowy|grey|quiet|lazy|cold|hot)\s+(?:sunday|saturday|day|morning|"
            rf"evening|weekend)\s+in\s+{BRAND},?\s+(?:staying|stayed)\s+in\b",
        ),
        # "no hot water in the changing rooms at Iron Temple", "my trainer at FitHub says
        # I'm getting stronger", "queue for the squat rack at PureGym": the gym
        (
            "gym",
            r"\b(?:changing\s+rooms?|locker\s+rooms?|lockers|squat\s+racks?|treadmills?|"
            r"(?:personal\s+)?trainer|free\s+weights|spin\s+bikes?|spin\s+class(?:es)?|leg\s+day)\s+"
            r"(?:at|in)\s+"
            rf"{BRAND}"
            r"(?![^.!?]*\b(?:were|was)\s+(?:so\s+much\s+|much\s+|way\s+)?(?:better|nicer|cleaner|"
            r"bigger|worse|cheaper)\b)",  # "were better at X": the old gym, missed
        ),
        *routine_rules.SHOWN,
    )
)
_NOT_MUSIC = re.compile(r"\b(?:podcast|show|episode|series|radio|audiobook)s?\b", re.I)
_KIND_CUES = (
    (
        "band",
        (
            "listen",
            "band",
            "album",
            "song",
            "music",
            "concert",
            "spotify",
            "playlist",
            "gig",
            "artist",
        ),
    ),
    ("book", ("read", "reread", "re-read", "book", "novel", "chapter")),
    ("colour", ("colour", "color", "wear", "paint", "shade")),
    (
        "food",
        ("eat", "beats", "dish", "food", "dinner", "lunch", "cook", "taste", "craving", "meal"),
    ),
)
_KIND_CUES_AT_WORD_START = tuple(
    (kind, re.compile(r"\b(?:" + "|".join(cues) + ")", re.I)) for kind, cues in _KIND_CUES
)
_TRAILING = re.compile(r"\b(?:now|too|again|these days|nowadays|lately|then|atm|rn|already)$", re.I)


def read(text: str) -> SlotValue | None:
    """The slot and value a first-person sentence sets, or None. Read as written: "im with
    VOXI for my phone" is "I'm with VOXI" (``texting``)."""
    speaker, body = split_speaker(text)
    body = as_written(body)
    if "?" in body and not _ANSWERED.search(body):
        return None  # asked, not told: "Is Fernhill Bank any good?"
    sentences = re.split(r"(?<=[.!])\s+", body)
    for sentence in sentences:
        if NEGATION.search(sentence) is not None and len(clauses(sentence)) < 2:
            continue  # its only clause says no (``negated``): nothing to read in it
        found = _read_sentence(sentence)
        if found is not None and negated(sentence, frozenset({found[1].lower()})):
            found = None  # but a "not" in an aside unsays nothing: "X has become my
            # favourite book, didn't see that coming"
        if found is not None:
            return _make(speaker, *found)
    for slot, pattern in _ANNOUNCED:  # across the "!" that cut the sentence
        match = pattern.search(body)
        if match and not negated(body, frozenset({match.group("v").lower()})):
            return _make(speaker, slot, match.group("v"))
    for sentence in sentences:  # a pet by its kind, once nothing named it
        kind = _pet_kind(sentence)
        if kind is not None:
            return _make(speaker, "pet", kind)
    return None


_PET_KINDS_GATED = tuple(
    (p, required_words(p)) for p in (re.compile(pattern, re.I) for pattern in pet_rules.STATED)
)


def _pet_kind(sentence: str) -> str | None:
    """The kind of pet the sentence says the speaker has now, read after every other rule
    of the whole text, so "we got a rabbit!! named Tofu" is read by the name."""
    if pet_rules.NAMES_A_KIND.search(sentence) is None:
        return None
    lowered = sentence.lower()
    for pattern, words in _PET_KINDS_GATED:
        match = pattern.search(sentence) if holds_any(lowered, words) else None
        if match is None:
            continue
        kind = match.group("v")
        named = frozenset({kind.lower()})
        if speaks_for_now(sentence, named) and not negated(sentence, named):
            return None if ends(sentence, kind) else kind
    return None


_ANNOUNCED = tuple(  # "seeing someone new! Henrik. early days", "we got a cat!! named Biscuit"
    (slot, re.compile(pattern, re.I))
    for slot, pattern in (
        ("partner", rf"\b(?:seeing|dating)\s+someone\s+new\W+{NAME}\b"),
        (
            "pet",
            rf"(?:\b(?:we|i)\s+|^\W*)(?:just\s+)?got\s+an?\s+(?:new\s+)?{ANIMAL}\W+(?:named|called|"
            rf"(?:his|her|its|their)\s+name(?:'s|\s+is))\s+{NAME}",
        ),
    )
)


_ANSWERED = re.compile(r"\?\s*\w[^?]*$")  # "fav food rn? ramen, no contest": told after all


_OWN_PRESENT_ONLY = frozenset(
    {"football team", "commute", "broadband", "mobile network", "pet", "doctor", "hairdresser"}
)
# rules not all anchored on "I" or "my": a fan, a season ticket, a router or a furball may
# be somebody else's, or only a maybe
_RULES_GATED = tuple((slot, p, required_words(p)) for slot, p in _RULES)
_NAMES: dict[str, re.Pattern[str] | frozenset[str]] = {  # one test before a slot's rules: a name
    # each of them needs, where their words give ``pattern_gate`` nothing to test ("is at",
    # "GP" and "'s" are too short to look for)
    "child school": school_rules.NAMES_A_SCHOOL,
    "doctor": care_rules.NAMES_A_DOCTOR,
    "hairdresser": care_rules.HAIR_WORDS,
    "mobile network": re.compile(NETWORK),
}
_PREFERRED_GATED = tuple((p, required_words(p)) for p in _PREFERRED)
_WHAT_ONLY_IT_HAS_GATED = tuple((slot, p, required_words(p)) for slot, p in _WHAT_ONLY_IT_HAS)


def _read_sentence(sentence: str) -> tuple[str, str] | None:
    """The slot and raw value one sentence sets, negated or not."""
    fav = _FAVOURITE.search(sentence) or _FAVOURITE_LABEL.search(sentence)
    if fav:
        named = _kind(fav.group("k"))
        if named == "thing":  # "my favourite thing to eat": the verb says which
            named = _kind_from_cues(fav.group(0)) or named
        return "favourite " + named, fav.group("v")
    after = _FAVOURITE_AFTER.search(sentence) or _NOTHING_BEATS.search(sentence)
    if after:
        word = after.groupdict().get("k")
        kind = (
            _kind(word) if word else _kind_from_cues(sentence) or _kind_of_value(after.group("v"))
        )
        if kind:
            return "favourite " + kind, after.group("v")
    lowered = sentence.lower()  # the patterns' required words are looked for in it first
    for pattern, words in _PREFERRED_GATED:
        preferred = pattern.search(sentence) if holds_any(lowered, words) else None
        if preferred is None:
            continue
        value = preferred.group("v")
        cued = _kind_from_cues(sentence) or _kind_of_value(value)
        if cued == "band" and _NOT_MUSIC.search(sentence):
            continue  # "Can't stop listening to X, it's my top show": a podcast
        if cued and not someone_elses(sentence, frozenset({value.lower()})):
            return "favourite " + cued, value
    passes: dict[str, bool] = {}  # per slot: does the sentence name what its rules need
    for slot, pattern, words in _RULES_GATED:
        gate = _NAMES.get(slot)
        if gate is not None:
            if slot not in passes:
                passes[slot] = (
                    holds_any(lowered, gate)
                    if isinstance(gate, frozenset)
                    else gate.search(sentence) is not None
                )
            if not passes[slot]:
                continue
        match = pattern.search(sentence) if holds_any(lowered, words) else None
        if match is None:
            continue
        value = match.group("v")
        if slot in school_rules.ABOUT:  # the speaker's own child, in the present
            parent = school_rules.as_the_parent_says_it(sentence)
            said = as_said_of(parent, school_rules.ABOUT[slot]) if parent else None
            if said is None or not speaks_for_now(said, frozenset({value.lower()})):
                continue
            return slot, value
        if slot in _OWN_PRESENT_ONLY and (
            not speaks_for_now(sentence, frozenset({value.lower()})) or ends(sentence, value)
        ):  # an ending may stand beside it: "Sold the car, I cycle to work now"
            continue  # "My dad's a massive Celtic fan", "might start following Arsenal",
            # "sadly lost our rabbit last week"
        return slot, value
    for slot, pattern, words in _WHAT_ONLY_IT_HAS_GATED:
        match = pattern.search(sentence) if holds_any(lowered, words) else None
        if match and not someone_elses(sentence):
            return slot, match.group("v")
    passing = in_passing.read(sentence)
    if passing is not None:
        return passing
    diet = _DIET_NAMED.search(sentence)
    if diet is None or ending(sentence) or _SIMPLE_PAST_DIET.search(sentence):
        return None
    kept = diet.group("v")
    mine = _MY_DIET.search(sentence[: diet.start()]) or _FOR_ME.match(sentence, diet.end())
    if in_passing.in_own_present(sentence, kept, bool(mine)):  # "someone nicked my vegan lunch"
        return "diet", kept
    return None


def _kind(word: str) -> str:
    word = word.lower()
    return {"color": "colour", "dish": "food", "film": "movie"}.get(word, word)


def _kind_of_value(value: str) -> str | None:
    """ "pho" is a food, "teal" a colour: the kind a preference names when nothing else in
    the sentence says ("can't get enough of pho lately, it's a problem")."""
    bare = _TRAILING.sub("", value.strip().lower()).strip()
    if bare in FOODS:
        return "food"
    if bare in COLOURS:
        return "colour"
    return None


def _kind_from_cues(sentence: str) -> str | None:
    """The first kind with a word of the sentence that starts with one of its cues
    ("listening", "reread"), not one that holds it ("already" holds "read"), or with
    its emoji ("... the one I'd save in a fire 📚")."""
    for kind, cues in _KIND_CUES_AT_WORD_START:
        if cues.search(sentence):
            return kind
    for kind, emoji in _KIND_EMOJI:
        if any(e in sentence for e in emoji):
            return kind
    return None


_KIND_EMOJI = (
    ("book", ("\U0001f4da", "\U0001f4d6", "\U0001f4d5", "\U0001f4d7", "\U0001f4d8")),
    ("band", ("\U0001f3b8", "\U0001f3a7", "\U0001f3b6", "\U0001f3b5", "\U0001f3a4")),
)


_QUERY_SLOTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (slot, re.compile(pattern, re.I))
    for slot, pattern in (
        (
            "favourite band",
            r"\b(?:band|music|musician|singer|artist|group|listen|listens|listening)\b",
        ),
        ("favourite book", r"\b(?:book|novel)\b"),
        *routine_rules.ASKED,
        *care_rules.ASKED,
        ("favourite colour", r"\b(?:colou?r|shade)\b"),
        ("favourite food", r"\b(?:food|dish|meal|cuisine)\b"),
        (
            "employer",
            r"\b(?:employer|employs|employed\s+by|works?\s+(?:for|at)|working\s+(?:for|at)|"
            r"(?:my|our|your|his|her|their|'s)\s+company|"
            r"company\s+(?:is|am|are)\s+(?:i|we|he|she|they|the\s+user)\s+(?:with|at)\b|"
            r"where\s+(?:does|do)\s+\S+(?:\s+\S+)?\s+work\b(?!\s+(?:out|as))|"
            r"where\s+(?:am|is|are)\s+\S+(?:\s+\S+)?\s+working\b(?!\s+(?:out|as)))",
        ),
        (
            "job",
            r"\b(?:job|occupation|profession|work(?:s|ing)?\s+as|career|for\s+a\s+living|"
            r"do\s+for\s+work)\b",
        ),
        ("home", r"\b(?:live|lives|(?<!a\s)living|city|town|reside|resides|based|home\s*town)\b"),
        (
            "partner",
            r"\b(?:partner|dating|seeing(?!\s+(?:for|about|to|with)\b)(?!\s+at\s+(?!the\s+moment\b))|"
            r"girlfriend|boyfriend|wife|"
            r"husband|spouse|married|relationship|other\s+half)\b|"
            r"\bwho\s+(?:am\s+i|are\s+we|is\s+the\s+user|does\s+the\s+user)\s+(?:with|going\s+out\s+with)\b",
        ),
        ("pet", r"\b(?:pets?|animal|dog|cat|puppy|kitten)\b"),
        ("diet", r"\b(?:diet|eating\s+(?:habits|plan)|meal\s+plan)\b"),
        ("car", r"\b(?:car|vehicle|drive|drives|driving|motor)\b"),
        ("gym", r"\b(?:gym|work\s+out|works\s+out|working\s+out|exercise|exercises)\b"),
        ("hobby", r"\b(?:hobby|hobbies|pastime|for\s+fun|free\s+time|spare\s+time)\b"),
    )
)


_WHO_IS_MY_PARTNER = re.compile(
    r"^\W*(?:who(?:'s|’s|\s+is)|what(?:'s|’s|\s+is)\s+the\s+name\s+of)\s+"
    r"(?:my|the\s+user's|your)\s+(?:current\s+|new\s+)?(?:girlfriend|boyfriend|partner|wife|"
    r"husband|other\s+half|fianc[eé]e?|gf|bf)\b(?:\s+(?:now|these\s+days|at\s+the\s+moment|"
    r"currently))?\s*\??\s*$",
    re.I,
)


_WHOSE_PHONE = re.compile(
    r"^\W*who(?:'s|’s|\s+is)\s+(?:my|our|the\s+user's)\s+(?:phone|mobile)\s+(?:with|on)\b", re.I
)  # "who's my phone with now?": the phone is the noun, the network is asked
_WHO_DOES_MY_HAIR = re.compile(
    r"\b(?:(?:get|gets|getting|have|has)\s+(?:my|their|the\s+user's)\s+hair\s+(?:done|cut|"
    r"coloured|colored|styled)|(?:cuts?|does|do|did)\s+(?:my|their|the\s+user's)\s+hair)\b",
    re.I,
)  # "Where does the user get their hair cut?", "Who does my hair these days?"
_SCHOOL_WORD = re.compile(r"\bschool\b", re.I)
_SOCIAL = re.compile(r"\bsocial\b", re.I)  # "Which social network ...?" asks no phone's
_WHICH_TEAM = re.compile(
    r"^\W*(?:which|what)\s+(?:football\s+|footy\s+|soccer\s+)?(?:team|club|side)\s+(?:do|does)\s+"
    r"(?:i|we|the\s+user)\s+(?:\w+\s+)?(?:support|follow|cheer)",
    re.I,
)


@functools.lru_cache(maxsize=4096)
def query_slot(query: str) -> str | None:
    """The slot a question asks about ("Where does the user live now?" -> "home"), so
    search can put the tenant's current value for it first. None when unsure, None
    when the question is about someone else ("Where does her sister live?"), and None
    when it asks about the past ("Where did she live before?"): the newest value is
    then not the answer. Remembered per question: one search asks it several times."""
    if _WHO_IS_MY_PARTNER.search(query) and not PAST_QUESTION.search(query):
        return "partner"  # the partner asked for, not a fact of theirs ("Where does my wife work?")
    if _WHICH_TEAM.search(query) and not PAST_QUESTION.search(query):
        return "football team"  # "Which team does the user support?": a team is supported
    if _WHOSE_PHONE.search(query) and not PAST_QUESTION.search(query):
        return "mobile network"
    if _SCHOOL_WORD.search(query) and asked_person(query) == "child":
        return "child school"  # "Where do my kids go to school?": the household's child
    if OTHER_PEOPLE.search(query) or PAST_QUESTION.search(query):
        return None
    if _WHO_DOES_MY_HAIR.search(query):
        return "hairdresser"
    phrase = _named_by_owner(question_focus.noun_phrase(query))
    if phrase and (phrase[-1] not in question_focus.GENERIC or len(phrase) > 1):
        found = [slot for slot, pattern in _QUERY_SLOTS if _names(pattern, phrase)]
    else:  # the verb asks: "Where do I live?", "Which company does she work for?"
        # (a bare "company" asks nothing; "Which insurance company ..." asks for an insurer)
        asked = _SERVICE_DONE_TO.sub(" ", query)
        found = [slot for slot, pattern in _QUERY_SLOTS if pattern.search(asked)]
    found = [slot for slot in found if not slot.startswith("favourite ") or _LIKING.search(query)]
    if _SOCIAL.search(query):
        found = [slot for slot in found if slot != "mobile network"]
    return found[0] if len(found) == 1 else None


@functools.lru_cache(maxsize=4096)
def mentioned_not_asked(query: str) -> frozenset[str]:
    """Ruled slots whose words the question says without asking for them: "dog" in
    "Which vet do I take my dog to?", "car" in "Where do I get my car fixed?". No vote of
    the hits nor look-alike description may answer such a question with that slot."""
    if OTHER_PEOPLE.search(query) or PAST_QUESTION.search(query):
        return frozenset()
    asked = query_slot(query)
    return frozenset(
        slot for slot, pattern in _QUERY_SLOTS if slot != asked and pattern.search(query)
    )


_SERVICE_DONE_TO = re.compile(
    r"\b(?:get|gets|getting|have|has|having)\s+(?:my|our|his|her|their|the)\s+"
    r"(?:\w+\s+){0,2}?(?:\w+ed|done|cut|seen|made)\b",
    re.I,
)  # "Where do I get my car fixed?" asks for a garage: the car is what the service is done to


_LIKING = re.compile(
    r"\b(?:favou?rite|fave?|go-to|like|likes|love|loves|enjoy|enjoys|prefer|prefers|into|best|most|"
    r"listen|listens|listening|fan)\b",
    re.I,
)  # "What food am I allergic to?" asks for no favourite


def _named_by_owner(phrase: list[str]) -> list[str]:
    """ "my partner's name", "the dog's name": the name asked is the owner's, so the owner
    is the head noun."""
    if len(phrase) > 1 and phrase[-1] in ("name", "names"):
        owner = re.sub(r"(?:'s|’s|')$", "", phrase[-2])
        if owner != phrase[-2]:
            return [*phrase[:-2], owner]
    return phrase


def _names(pattern: re.Pattern[str], phrase: list[str]) -> bool:
    """The question's head noun is the slot's word, in the singular or plural, or its
    last two words are ("eating habits"); a word before the head is not ("car" in "Which
    car insurer am I with?")."""
    head = phrase[-1]
    if pattern.search(head) or (head.endswith("s") and pattern.search(head[:-1])):
        return True
    tail = " ".join(phrase[-2:])
    found = pattern.search(tail)
    return len(phrase) > 1 and found is not None and found.end() == len(tail)


RULED: frozenset[str] = frozenset({slot for slot, _ in _RULES} | {slot for slot, _ in _QUERY_SLOTS})


# Ruled slots that take several values when a sentence says so ("a dog called Rex as
# well", "started pottery too"); the others keep one, whatever "too" a sentence says.
MANY_VALUED: frozenset[str] = frozenset({"pet", "hobby"})


def ruled(name: str) -> bool:
    """A slot the hand-written rules read ("home", "favourite book")."""
    bare = name.rsplit(":", 1)[-1]
    return bare in RULED or bare.startswith("favourite ")


# a hedge before a value ("probably sushi"); not "still", which starts names (Still Woozy)
_HEDGE = re.compile(r"^(?:probably|definitely|honestly|easily|hands\s+down)\s+")


def _make(speaker: str | None, slot: str, raw: str) -> SlotValue | None:
    value = _TRAILING.sub("", raw.strip(" .,!;:'\"")).strip().lower()
    value = _HEDGE.sub("", value)  # "probably sushi", "definitely the Hobbit"
    value = routine_rules.as_a_value(slot, value)  # "I cycle to work": by bike
    if not value:
        return None
    name = f"{speaker}:{slot}" if speaker else slot
    return SlotValue(slot=name, value=value)
