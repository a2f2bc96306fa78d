"""The people one goes to for looking after, read by the rules: the family doctor ("My
GP is Dr Patel now", "Since the move I'm on Dr Mensah's patient list", "Dr Sharma signed me
off work for a week") and the hairdresser ("I get my hair done at Toni & Guy now", "switched
salons, i go to Rush now", "Just walked out of Headmasters with the best haircut").

A doctor is named by a title ("Dr Okonkwo") or a practice ("Parkside Medical Centre"),
and a dentist, a vet or a therapist is named the same way. So a sentence counts as the GP's
only where it says so ("my GP", "my family doctor") or where it holds what only a GP does
(a prescription, bloods, a referral, a sick note, the patient list at the surgery) and
nothing a dentist, a vet or a therapist does (a filling, the dog, a session). A salon is
any name, so it counts only beside the hair: a cut, a trim, a fringe, the highlights.
``slot_rules`` splices these into its rules and reads them only in the speaker's own
present: "My old GP, Dr Mensah, actually listened", "my flatmate sees Dr Kaur at the
surgery" and "my mate got his hair cut at Fade Street" set nothing.
"""

from __future__ import annotations

import re

from tiermem.attributes.rule_parts import COLON, LABEL, OWN, THESE_DAYS

DOCTOR = (  # "Dr Patel", "Dr. Amara Osei", "Parkside Medical Centre"
    r"(?P<v>(?-i:Dr\.?\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?|(?:[A-Z][\w'&-]*\s+){1,3}"
    r"(?:Surgery|Medical\s+Centre|Medical\s+Practice|Medical\s+Group|Health\s+Centre|"
    r"Family\s+Practice)))"
    r"(?![\w-])(?![^.!?]*\?)"
)  # not asked: "Can I ask to be moved to Dr Kaur? I've heard they're thorough."
NAMES_A_DOCTOR = re.compile(
    r"(?-i:\bDr\.?\s+[A-Z]|\b(?:Surgery|Medical|Health\s+Centre|Family\s+Practice)\b)"
)  # one search every doctor rule needs to pass: a doctor's or a practice's name
HAIR_WORDS = frozenset(
    {"hair", "barber", "salon", "stylist", "colourist", "cut", "trim", "fringe", "highlight",
     "balayage", "blow", "fade", "colour", "massage", "too much off", "\u2702", "\U0001f487",
     "\U0001f488"}
)  # fmt: skip
# and every hairdresser rule one of these, looked for in the lower-cased sentence: the hair,
# or the words for who does it
_NOT_A_GP = (  # a dentist's, a vet's or a therapist's words anywhere in the sentence
    r"(?![^.!?]*\b(?:dentist|dental|teeth|tooth|filling|floss\w*|hygienist|scale\s+and\s+polish|"
    r"gums?|braces?|crown|root\s+canal|whitening|six-month\w*|molar|check-?ups?|orthodont\w*|"
    r"vets?|veterinary|dog|dogs|cat|cats|pup|puppy|kitten|pets?|worming|flea|therap\w+|"
    r"counsell\w+|sessions?|psych\w+)\b)"
)
_ONLY_A_GP_DOES = (  # what a family doctor does and a dentist, vet or therapist does not
    r"\b(?:prescri\w+|referr\w+|blood\s+tests?|bloods|sick\s+note|fit\s+note|signed\s+me\s+off|"
    r"physio\w*|dose|meds|medication|scan|x-ray|jabs?|vaccin\w+|blood\s+pressure|surgery|"
    r"patient\s+list|antibiotics|appointment|appt)\b"
)  # written out, not looked ahead for, so the rule's gate (``pattern_gate``) can skip a
# sentence holding none of them

_GP_SENTENCE = rf"^{_NOT_A_GP}[^.!?]*?"  # from the start of a sentence with no other carer in it

STATED: tuple[tuple[str, str], ...] = (
    # said: "My GP is Dr Patel now", "my family doctor's Dr Novak these days", "Dr Rao is
    # my doctor now", "Got a new doctor, it's Dr Chen", "GP: Dr Osei"
    (
        "doctor",
        rf"{OWN}(?:family\s+)?(?:gp|doctor|physician)(?:'s|’s|\s+is){THESE_DAYS}\s+(?:now\s+)?"
        rf"{DOCTOR}",
    ),
    (
        "doctor",
        rf"{DOCTOR}(?:\s+is|(?:'s|’s)\s+been)\s+(?:now\s+)?my\s+(?:family\s+)?(?:gp|doctor)\b",
    ),
    (
        "doctor",
        rf"\bmy\s+(?:family\s+)?(?:gp|doctor),\s+{DOCTOR}",
    ),  # "a letter from my GP, Dr Nowak"
    ("doctor", rf"\bnew\s+(?:gp|doctor)\W+(?:it's\s+|it\s+is\s+)?{DOCTOR}"),
    ("doctor", rf"{LABEL}(?:gp|doctor|family\s+doctor){COLON}{DOCTOR}"),
    (
        "doctor",
        rf"\b(?:changed|switched|swapped)\s+(?:gps|doctors|surgeries|practices)\W+{_NOT_A_GP}"
        rf"[^.!?]*?{DOCTOR}",
    ),
    # the list one is on: "registered under Dr Tanaka", "on Dr Mensah's patient list",
    # "the surgery transferred me to Dr Brandt", "Dr Sharma is looking after me from now on"
    ("doctor", rf"{_GP_SENTENCE}\bregistered\s+(?:with|under|to)\s+{DOCTOR}"),
    ("doctor", rf"{_GP_SENTENCE}\bon\s+{DOCTOR}(?:'s|’s)\s+(?:patient\s+)?list\b"),
    (
        "doctor",
        rf"{_GP_SENTENCE}\b(?:moved|transferred|reassigned)\s+(?:me\s+)?(?:over\s+)?to\s+"
        rf"(?:a\s+new\s+gp\W+)?{DOCTOR}",
    ),
    (
        "doctor",
        rf"{_GP_SENTENCE}{DOCTOR}\s+is\s+(?:who\s+i\s+see|looking\s+after\s+me)\b",
    ),
    # done: "Dr Sharma signed me off work", "Dr Rao prescribed me something", "Blood test
    # results came back, Dr Osei says all fine", "phone appointment with Dr Ahmed"
    ("doctor", rf"{_GP_SENTENCE}{_ONLY_A_GP_DOES}[^.!?]*?{DOCTOR}"),
    ("doctor", rf"{_GP_SENTENCE}{DOCTOR}[^.!?]*?{_ONLY_A_GP_DOES}"),
)
SALON = (  # "Toni & Guy", "Franco's Barbers", "Hair by Kerry", "Jade at Snip & Style"
    r"(?!(?-i:He|She|They|It|We|You|I|This|That|Mine)\b)(?P<v>(?-i:[A-Z][\w'’&-]*(?:\s+(?:&\s+|by\s+|at\s+|the\s+)?[A-Z][\w'’&-]*){0,3}))(?![\w-])"
)
_HAIR = (  # the hair, somewhere in the sentence: no salon is named otherwise
    r"(?=[^.!?]*\b(?:hair\w*|haircuts?|(?<!power\s)cuts?|trims?|fringe|highlights|balayage|"
    r"blow-?dry|barbers?|salons?|stylist|fade|colour\s+appointment|head\s+massage)\b|"
    r"[^.!?]*[\u2702\U0001f487\U0001f488])"
)
_HAIR_SENTENCE = rf"^{_HAIR}[^.!?]*?"  # from the start of a sentence that speaks of the hair

HAIR: tuple[tuple[str, str], ...] = (
    # said: "My hairdresser is Rush now", "new barber: Fade Street", "I get my hair done
    # at Headmasters", "Studio Roza does my hair now", "My hair's done by Marco now"
    (
        "hairdresser",
        rf"{OWN}(?:hairdresser|barber|stylist|hair\s+salon|salon)(?:(?:'s|’s|\s+is|\s*:){THESE_DAYS}|"
        rf"{THESE_DAYS}\s+is)\s+(?:now\s+)?{SALON}",
    ),
    (
        "hairdresser",
        r"\bget(?:s|ting)?\s+my\s+hair\s+(?:done|cut|coloured|colored|styled)\s+(?:at|by|with)\s+"
        rf"{SALON}",
    ),
    ("hairdresser", rf"{SALON}\s+(?:does|do|cuts|did)\s+my\s+(?:hair|highlights|colour|fringe)\b"),
    ("hairdresser", rf"\bmy\s+hair(?:'s|’s|\s+is)\s+(?:done|cut)\s+by\s+{SALON}"),
    (
        "hairdresser",
        rf"\b(?:go|going|went|switched|moved)\s+(?:over\s+)?to\s+{SALON}\s+for\s+(?:my\s+)?"
        r"(?:hair|haircuts?|cuts?|trims?|colour)\b",
    ),
    (
        "hairdresser",
        r"\b(?:switched|changed|swapped)\s+(?:salons|hairdressers|barbers|stylists)\W+"
        rf"(?:i\s+go\s+to\s+|it's\s+|it\s+is\s+|now\s+)?{SALON}",
    ),
    (
        "hairdresser",
        r"\b(?:somewhere|someone|place)\b[^.!?]{0,30}(?:for\s+my\s+(?:cuts|hair|haircuts|trims)|"
        rf"to\s+get\s+a\s+(?:trim|haircut|cut))\W+(?:it's\s+)?{SALON}",
    ),
    ("hairdresser", rf"{SALON}\s+is\s+where\s+i\s+get\s+my\s+hair\b"),
    # "The Cutting Room does mine, about £35 for a wash and cut", "my stylist at
    # Headmasters says my ends are fried", "Rosie's done my highlights for five years"
    ("hairdresser", rf"{_HAIR_SENTENCE}{SALON}\s+(?:does|do)\s+mine\b"),
    ("hairdresser", rf"\bmy\s+(?:stylist|barber|hairdresser|colourist)\s+at\s+{SALON}"),
    (
        "hairdresser",
        rf"{SALON}(?:'s|’s|\s+has)\s+(?:done|cut|coloured)\s+my\s+(?:hair|highlights|colour)\b",
    ),
    (
        "hairdresser",
        rf"{_HAIR_SENTENCE}{SALON}\s+(?:have\s+|has\s+)?(?:just\s+)?(?:texted|rang|called|emailed)\b",
    ),
    ("hairdresser", rf"\bit's\s+{SALON}\s+for\s+my\s+(?:hair|cuts|haircuts|trims)\b"),
    # shown: "Just walked out of Headmasters with a fringe", "Trim at Shear Genius on
    # Saturday", "Rush have squeezed me in for my usual trim", "Getting my trims with Priya"
    (
        "hairdresser",
        rf"{_HAIR_SENTENCE}\b(?:walked\s+out\s+of|back\s+from|trim\s+at|haircut\s+at|cut\s+at|"
        r"trims?\s+with|cut\s+with|appointment\s+(?:at|with)|squeezed\s+in\s+(?:last\s+minute\s+)?"
        r"at|booked\s+in\s+(?:for\s+good\s+)?(?:at|with)(?:\s+(?-i:[A-Z][a-z]+)\s+at)?|"
        rf"head\s+massage\s+at)\s+{SALON}",
    ),
    (
        "hairdresser",
        rf"{_HAIR_SENTENCE}{SALON}\s+(?:have\s+|has\s+)?(?:squeezed|fitted)\s+me\s+in\b",
    ),
    ("hairdresser", rf"{SALON}\s+took\s+too\s+much\s+off\b"),
)
ASKED: tuple[tuple[str, str], ...] = (
    ("doctor", r"\b(?:gp|doctor|physician)\b"),
    ("hairdresser", r"\b(?:hairdressers?|barbers?|salons?|stylists?|haircuts?)\b"),
)
