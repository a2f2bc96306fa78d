"""The family doctor, read by the rules: "My GP is Dr Patel now", "Since the move I'm on Dr
Mensah's patient list", "Dr Sharma signed me off work for a week".

A doctor is named by a title ("Dr Okonkwo") or a practice ("Parkside Medical Centre"),
and a dentist, a vet or a therapist is named the same way. So a sentence counts as the GP's
only where it says so ("my GP", "my family doctor") or where it holds what only a GP does
(a prescription, bloods, a referral, a sick note, the patient list at the surgery) and
nothing a dentist, a vet or a therapist does (a filling, the dog, a session).
``slot_rules`` splices these into its rules and reads them only in the speaker's own
present: "My old GP, Dr Mensah, actually listened" and "my flatmate sees Dr Kaur at the
surgery" set nothing.
"""

from __future__ import annotations

from tiermem.attributes.rule_parts import COLON, LABEL, OWN, THESE_DAYS

DOCTOR = (  # "Dr Patel", "Dr. Amara Osei", "Parkside Medical Centre"
    r"(?P<v>(?-i:Dr\.?\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?|(?:[A-Z][\w'&-]*\s+){1,3}"
    r"(?:Surgery|Medical\s+Centre|Medical\s+Practice|Health\s+Centre|Family\s+Practice)))"
    r"(?![\w-])(?![^.!?]*\?)"
)  # not asked: "Can I ask to be moved to Dr Kaur? I've heard they're thorough."
_NOT_A_GP = (  # a dentist's, a vet's or a therapist's words anywhere in the sentence
    r"(?![^.!?]*\b(?:dentist|dental|teeth|tooth|filling|floss\w*|hygienist|scale\s+and\s+polish|"
    r"gums?|braces?|crown|root\s+canal|whitening|six-month\w*|molar|check-?ups?|orthodont\w*|"
    r"vets?|veterinary|dog|dogs|cat|cats|pup|puppy|kitten|pets?|worming|flea|therap\w+|"
    r"counsell\w+|sessions?|psych\w+)\b)"
)
_ONLY_A_GP_DOES = (  # what a family doctor does and a dentist, vet or therapist does not
    r"(?=[^.!?]*\b(?:gp|prescri\w+|referr\w+|blood\s+tests?|bloods|sick\s+note|fit\s+note|"
    r"signed\s+me\s+off|physio\w*|dose|meds|medication|scan|x-ray|jabs?|vaccin\w+|"
    r"blood\s+pressure|surgery|patient\s+list|antibiotics|appointment)\b)"
)

STATED: tuple[tuple[str, str], ...] = (
    # said: "My GP is Dr Patel now", "my family doctor's Dr Novak these days", "Dr Rao is
    # my doctor now", "Got a new doctor, it's Dr Chen", "GP: Dr Osei"
    (
        "doctor",
        rf"{OWN}(?:family\s+)?(?:gp|doctor|physician)(?:'s|’s|\s+is){THESE_DAYS}\s+(?:now\s+)?"
        rf"{DOCTOR}",
    ),
    ("doctor", rf"{DOCTOR}\s+is\s+(?:now\s+)?my\s+(?:family\s+)?(?:gp|doctor)\b"),
    ("doctor", rf"\bnew\s+(?:gp|doctor)\W+(?:it's\s+|it\s+is\s+)?{DOCTOR}"),
    ("doctor", rf"{LABEL}(?:gp|doctor|family\s+doctor){COLON}{DOCTOR}"),
    (
        "doctor",
        rf"\b(?:changed|switched|swapped)\s+(?:gps|doctors|surgeries|practices)\W+{_NOT_A_GP}"
        rf"[^.!?]*?{DOCTOR}",
    ),
    # the list one is on: "registered under Dr Tanaka", "on Dr Mensah's patient list",
    # "the surgery transferred me to Dr Brandt", "Dr Sharma is looking after me from now on"
    ("doctor", rf"^{_NOT_A_GP}[^.!?]*?\bregistered\s+(?:with|under|to)\s+{DOCTOR}"),
    ("doctor", rf"^{_NOT_A_GP}[^.!?]*?\bon\s+{DOCTOR}(?:'s|’s)\s+(?:patient\s+)?list\b"),
    (
        "doctor",
        rf"^{_NOT_A_GP}[^.!?]*?\b(?:moved|transferred|reassigned)\s+(?:me\s+)?(?:over\s+)?to\s+"
        rf"(?:a\s+new\s+gp\W+)?{DOCTOR}",
    ),
    (
        "doctor",
        rf"^{_NOT_A_GP}[^.!?]*?{DOCTOR}\s+is\s+(?:who\s+i\s+see|looking\s+after\s+me)\b",
    ),
    # done: "Dr Sharma signed me off work", "Dr Rao prescribed me something", "Blood test
    # results came back, Dr Osei says all fine", "phone appointment with Dr Ahmed"
    ("doctor", rf"^{_NOT_A_GP}{_ONLY_A_GP_DOES}[^.!?]*?{DOCTOR}"),
)
ASKED: tuple[tuple[str, str], ...] = (("doctor", r"\b(?:gp|doctor|physician)\b"),)
