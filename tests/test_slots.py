"""Slot rules: which first-person sentences set which attribute, and which questions ask
for one. Conservative by design: other people's facts, the past and negations set nothing."""

from __future__ import annotations

import pytest

from tiermem.attributes.cues import (
    affirmative,
    as_said_of,
    asked_person,
    clauses,
    ending,
    ends,
    negated,
    past_state,
    someone_elses,
    speaks_for_now,
)
from tiermem.attributes.question_focus import head_noun
from tiermem.attributes.slot_rules import mentioned_not_asked, query_slot, read
from tiermem.attributes.slots import SlotValue, same_value, slot_name

SETS = [
    ("I live in Paris", "home", "paris"),
    ("I moved to Berlin last week", "home", "berlin"),
    ("We finally settled in Lisbon.", "home", "lisbon"),
    ("Just signed the lease on a flat in Porto!", "home", "porto"),
    ("Caroline: I just moved to New York City!", "Caroline:home", "new york city"),
    ("I'm working as an architect now.", "job", "architect"),
    ("Big career change: I'm a paramedic these days.", "job", "paramedic"),
    ("I just joined Initech.", "employer", "initech"),
    ("Accepted the offer from Fabrikam, starting Monday!", "employer", "fabrikam"),
    ("new job's at Deloitte, started monday", "employer", "deloitte"),
    ("My new job is at Deloitte.", "employer", "deloitte"),  # not the job "at deloitte"
    (
        "Got taken on at the local hospice, so that's where I'm working now",
        "employer",
        "the local hospice",
    ),
    ("Just started a new job at Amazon", "employer", "amazon"),
    ("I've started seeing someone new, Sofia.", "partner", "sofia"),
    ("Priya and I have been dating for a few weeks now.", "partner", "priya"),
    ("My favourite colour is blue", "favourite colour", "blue"),
    ("My favourite band right now is Radiohead.", "favourite band", "radiohead"),
    ("I can't stop listening to Nirvana; they're my favourite.", "favourite band", "nirvana"),
    ("Just finished The Hobbit, it's my new favourite book.", "favourite book", "the hobbit"),
    ("We adopted a cat named Sprout!", "pet", "sprout"),
    ("I've gone vegetarian.", "diet", "vegetarian"),
    ("I'm eating keto now and feeling great.", "diet", "keto"),
    ("I bought a Volkswagen Golf.", "car", "volkswagen golf"),
    ("Traded in my old car for a Ford Focus.", "car", "ford focus"),
    ("Switched my membership to FitHub.", "gym", "fithub"),
    ("I've taken up beekeeping.", "hobby", "beekeeping"),
]

# A second, wider development set, written after the blind set (benchmarks/datasets/
# updates_blind.py) showed that the rules above did not generalise. It was written from
# everyday English without opening the blind file, which stays unread so it stays blind.
SETS_DEV = [
    ("I just relocated to Vienna.", "home", "vienna"),
    ("Home is Prague now.", "home", "prague"),
    ("Home these days is Leeds.", "home", "leeds"),  # the possessive dropped, an adverb kept
    ("Gym these days is the council leisure centre.", "gym", "the council leisure centre"),
    ("Honestly. Gym now is Snap Fitness", "gym", "snap fitness"),
    ("Car is a Honda Civic now", "car", "honda civic"),
    ("I'm a member at Anytime Fitness now.", "gym", "anytime fitness"),  # "at": a place
    ("I've been living in Milan since spring.", "home", "milan"),
    ("We bought a house in Lyon.", "home", "lyon"),
    ("Moved into a flat in Porto last month.", "home", "porto"),
    ("Our new address is in Antwerp.", "home", "antwerp"),
    ("I got hired as a pharmacist.", "job", "pharmacist"),
    ("I've been working as a chef since May.", "job", "chef"),
    ("Started my new role as an architect today.", "job", "architect"),
    ("I'm now employed as a nurse.", "job", "nurse"),
    ("I became a librarian last year.", "job", "librarian"),
    ("Just started at Initech.", "employer", "initech"),
    ("I'm employed by Contoso.", "employer", "contoso"),
    ("My new employer is Vandelay.", "employer", "vandelay"),
    ("Signed my contract with Litware today.", "employer", "litware"),
    ("My girlfriend Elena made pancakes.", "partner", "elena"),
    ("I'm in a relationship with Omar.", "partner", "omar"),
    ("Going out with Nadia these days.", "partner", "nadia"),
    ("I got engaged to Rafael!", "partner", "rafael"),
    ("My cat Mochi knocked over a plant.", "pet", "mochi"),
    ("I brought home a kitten named Ziggy.", "pet", "ziggy"),
    ("I switched to a keto diet.", "diet", "keto"),
    ("Went gluten-free last month.", "diet", "gluten-free"),
    ("Been eating paleo for a month.", "diet", "paleo"),
    ("Just picked up my new Kia Niro.", "car", "kia niro"),
    ("We leased a Volvo XC40.", "car", "volvo xc40"),
    ("I joined Iron Temple gym.", "gym", "iron temple"),
    ("Working out at FitHub these days.", "gym", "fithub"),
    ("My gym is now PulseFit.", "gym", "pulsefit"),
    ("Got a membership at Summit Gym.", "gym", "summit gym"),
    ("I picked up knitting.", "hobby", "knitting"),
    ("I started learning fencing.", "hobby", "fencing"),
    # a job said as a role taken on, a stretch of work, a living; a status line's label
    ("I'm a pharmacist now.", "job", "pharmacist"),
    ("career change done, I'm officially a data analyst", "job", "data analyst"),
    ("Another long week as a paramedic.", "job", "paramedic"),
    ("Finally qualified and started as a solicitor this week!", "job", "solicitor"),
    ("now I'm earning a living as an accountant.", "job", "accountant"),
    ("Got my first shift as a nurse tomorrow", "job", "nurse"),
    ("new employer: Tesco. started monday", "employer", "tesco"),
    ("I'm on John Lewis's payroll as of this month.", "employer", "john lewis"),
    ("new favourite band: Wet Leg", "favourite band", "wet leg"),
    ("fav colour = dusty pink atm", "favourite colour", "dusty pink"),
    ("Meal prepped a whole week of low-carb lunches yesterday.", "diet", "low-carb"),
    ("staying plant-based at the wedding is gonna be tough", "diet", "plant-based"),
    ("diet update: strictly keto from here on", "diet", "keto"),
    ("Sophie and I are a thing now, made it official", "partner", "sophie"),
    ("date night with Liam tonight, got a table", "partner", "liam"),
    ("new relationship alert: Liam", "partner", "liam"),
    ("Also started birdwatching on top of everything else.", "hobby", "birdwatching"),
    ("I've started wild swimming.", "hobby", "wild swimming"),
    ("adding chess to the list of things I do now lol", "hobby", "chess"),
    ("gardening is how I spend most of my free time now", "hobby", "gardening"),
    ("new obsession unlocked: crochet", "hobby", "crochet"),
    ("favourite book rn: Normal People", "favourite book", "normal people"),
]

SETS_NOTHING = [
    "I don't live in Paris anymore",
    "I miss Paris sometimes",
    "Back when I lived in Zurich, rent was cheaper.",
    "My sister lives in Rome.",
    "My friend is dating someone called Omar.",
    "My neighbour has a parrot called Biscuit.",
    "I used to be really into knitting.",
    "I was keto for a while, it didn't stick.",
    "Do you live in Rome?",
    "I got a promotion today",
    "I've got a Pixel Fold now.",  # getting a branded thing is no car by itself
    "I bought a new sweater",
    "My dad went pescatarian last year.",
    "I picked up my kids from school.",
    "Working out at home is hard.",
    "My sister's boyfriend Jonas is nice.",
    "We bought a house plant.",
    "I joined a book club.",
    "My cousin got hired by Proseware.",
    "My brother got hired as a nurse.",
    "My sister bought a house in Lyon.",
    "My dad switched to a vegan diet.",
    "My coworker works out at FitHub.",
    "My sister's home is Rome now.",
    "My sister got taken on at Tesco.",
    "His new job's at Tesco.",
    "The gym is heaving tonight.",  # "the gym" is no possessive dropped
    "My dad's car is a Honda Civic.",
    "My sister is a member at PureGym.",
    "I'm a member of the National Trust now.",  # "of": a club, not a gym
    "I'm a dad now!",
    "I'm a bit tired now.",
    "It started as a joke.",
    "My last week as a barista, can't wait.",  # its end, not a new job
    "My sister is vegan, so dinner is tricky.",
    "I was vegetarian all through uni.",
    "I might go dairy-free after Christmas.",
    "Also started going to bed earlier.",  # a habit of going, no activity named
    "I started working on the garden fence.",
    "Also started watching Glasshouse.",  # a show, no activity of one's own
    "my favourite colour-coded folders are gone",  # a hyphen is no status line's dash
    # the held value's own clause says no, or somebody else likes it
    "My sister is obsessed with Coldplay, she plays the album daily",
    "obsessed with this new podcast, I listen on the bus",  # no value after a determiner
    "Can't stop listening to Margins of Error, it's my top show.",  # a podcast, no band
    "Is Fernhill Bank any good?",  # asked, not told
    "Mum is home now",  # a person, not a city
    "hooked on Succession lately",  # a show: a pastime is written in lower case
    "I don't work at Initech anymore, my old boss was awful",
    "my sister's other half, Tom, is lovely",
    "My mum asked me to be home by ten",
    "my sister got a cat!! named Biscuit",
    "my sister works at Globex, the canteen at Globex is great",  # her workplace
    "It at Halden Bank was fine",  # "it", not IT
    "My Surface Laptop 5 wants to install updates again.",  # a laptop's brand
    "My sister registered with a GP in Leeds",
    "Here in Rome for the weekend!",  # a trip
    "Top tip: always carry water",  # "top" is no favourite
    "my favourite band's new album is out",
]

SETS_ASIDES = [  # a favourite or a role said as people type it, an aside in another clause
    ("my fav band atm is Gorillaz", "favourite band", "gorillaz"),
    ("#1 band for me these days: Daft Punk, hands down", "favourite band", "daft punk"),
    ("new favourite band alert: Fleetwood Mac", "favourite band", "fleetwood mac"),
    ("fav colour these days: teal", "favourite colour", "teal"),
    ("favourite food at the moment? gnocchi, easy", "favourite food", "gnocchi"),
    ("my favourite thing to eat now has to be risotto", "favourite food", "risotto"),
    (
        "Neuromancer has become my favourite book, didn't see that coming",
        "favourite book",
        "neuromancer",
    ),
    ("beige has become my favourite colour, don't ask me why", "favourite colour", "beige"),
    ("nobody comes close to Pixies for me these days, spotify says so", "favourite band", "pixies"),
    ("gnocchi beats everything else for me, won't hear otherwise", "favourite food", "gnocchi"),
    ("Bon Iver is all I listen to lately, my flatmate could scream", "favourite band", "bon iver"),
    ("can't stop playing Metallica, my spotify is embarrassing", "favourite band", "metallica"),
    ("I've switched to eating vegan, my dad thinks it's a fad", "diet", "vegan"),
    ("got hired as a nurse, my dad couldn't believe it", "job", "nurse"),
    ("currently employed as a chef, who'd have thought", "job", "chef"),
    ("guess who's a paramedic now", "job", "paramedic"),
    ("Lisbon is home now", "home", "lisbon"),
    ("totally hooked on rock climbing lately, don't judge me", "hobby", "rock climbing"),
    ("all my free time goes into pottery now", "hobby", "pottery"),
    ("knitting has taken over my life a bit tbh, in a good way", "hobby", "knitting"),
    ("started at Initech this week, my old boss wasn't thrilled", "employer", "initech"),
    # a partner or a pet announced the way people announce them
    ("Amara asked me to be exclusive and I said yes", "partner", "amara"),
    ("my other half, Dmitri, says hi lol", "partner", "dmitri"),
    ("me and Henrik, it's a thing now, don't make it weird", "partner", "henrik"),
    ("seeing someone new! Henrik. early days but it's good", "partner", "henrik"),
    ("it's official, Biscuit is our cat now", "pet", "biscuit"),
    ("brought home a guinea pig from the shelter, we're calling it Mochi", "pet", "mochi"),
    ("Bramble the cat lives with us now, the landlord doesn't know lol", "pet", "bramble"),
    ("say hi to Juniper, the newest member of the family, a little cat", "pet", "juniper"),
    ("I've got a ferret now, Sprout, and I'd never give them back", "pet", "sprout"),
    ("we got a cat!! named Biscuit", "pet", "biscuit"),
    # the workplace, by what only a workplace has
    ("another all-hands at Globex, could've been an email", "employer", "globex"),
    ("HR at Vandelay sent my start date, couldn't be happier tbh", "employer", "vandelay"),
    ("Team drinks with everyone from Tailspin tonight", "employer", "tailspin"),
    ("the canteen at Northwind does a decent curry, can't complain", "employer", "northwind"),
    ("registered with a GP in Edinburgh today, the paperwork never ends", "home", "edinburgh"),
    ("the trams here in Lyon are always late, don't tell me they aren't", "home", "lyon"),
]

SETS_IN_PASSING = [  # who one is, said in passing: a role, a partner, a pet, a pastime
    ("people always want free advice once they hear I'm a pharmacist", "job", "pharmacist"),
    (
        "I was the only one at the wedding who's a data analyst, so I got the seating plan",
        "job",
        "data analyst",
    ),
    ("my nephew told his teacher I'm a paramedic, so proud", "job", "paramedic"),
    ("exhausted after ten hours of being a nurse", "job", "nurse"),
    ("rough week, such is life as an electrician", "job", "electrician"),
    ("my first payslip as a librarian came in today", "job", "librarian"),
    ("Leon stole all the covers again last night", "partner", "leon"),
    ("bought Priya some flowers just because", "partner", "priya"),
    ("Tomasz met my parents on sunday, went fine", "partner", "tomasz"),
    ("lazy sunday in bed with Ana, bliss", "partner", "ana"),
    ("Sam says I snore, the cheek", "partner", "sam"),
    ("woke up next to Ines again, could get used to this", "partner", "ines"),
    ("Pickle chewed my slippers again, typical puppy", "pet", "pickle"),
    ("booked the vet for Olive, poor rabbit hates the car", "pet", "olive"),
    ("curled up with Miso all evening, best cat ever", "pet", "miso"),
    ("signed up for another pottery class next week", "hobby", "pottery"),
    ("arms dead after a long rock climbing session", "hobby", "rock climbing"),
    ("found a great vegan cookbook at the market", "diet", "vegan"),
    ("made a keto curry tonight, so good", "diet", "keto"),
    ("passed the final exam on monday, a solicitor at last", "job", "solicitor"),
    ("new chapter, a plumber from here on", "job", "plumber"),
    ("queued all morning for Wet Leg merch", "favourite band", "wet leg"),
    ("Fontaines DC still slaps", "favourite band", "fontaines dc"),
    ("the changing rooms at PureGym flooded again", "gym", "puregym"),
    ("my trainer at Third Space says my form is better", "gym", "third space"),
    ("can't get enough of laksa lately, send help", "favourite food", "laksa"),
    ("craving bibimbap already and it's only ten", "favourite food", "bibimbap"),
    ("empanadas for dinner again, zero regrets", "favourite food", "empanadas"),
    ("everything I buy lately is sage, it's a problem", "favourite colour", "sage"),
    ("topped up the oil in the Skoda Octavia, fingers crossed", "car", "skoda octavia"),
    ("my Kia Niro did 500 miles on one charge", "car", "kia niro"),
    ("got my Contoso laptop today, still no email", "employer", "contoso"),
    ("casual friday at Fabrikam, jeans all round", "employer", "fabrikam"),
    ("I'm a proper Bristol local now", "home", "bristol"),
    ("pastries by the harbour in Gdansk this morning, love this city", "home", "gdansk"),
    ("if I could keep one novel it would be Rebecca", "favourite book", "rebecca"),
    ("just finished reading Beloved and nothing else comes close", "favourite book", "beloved"),
    ("fourth time this week I've had ramen, no shame", "favourite food", "ramen"),
    ("half my wardrobe is mustard now, send help", "favourite colour", "mustard"),
    ("marking essays till midnight, teacher life", "job", "teacher"),
    ("as a plumber I can tell you that drain is doomed", "job", "plumber"),
    ("date night w my gf Priya tonight", "partner", "priya"),
    ("hubby Dave is snoring like a chainsaw", "partner", "dave"),
    ("Mochi knocked my mug over again, cats are menaces", "pet", "mochi"),
    ("got Winston a new collar, he looks so handsome 🐶", "pet", "winston"),
    ("MOT on my ford fiesta tomorrow, fingers crossed", "car", "ford fiesta"),
    ("drove my tesla model 3 to work", "car", "tesla model 3"),
    ("living in Porto these days, still feels odd", "home", "porto"),
    ("started doing woodworking on weekends", "hobby", "woodworking"),
    ("new car day!! it's a Honda Jazz", "car", "honda jazz"),
    ("treated myself to a second-hand Volvo V40", "car", "volvo v40"),
    ("first day at Tailspin done, officially on the payroll", "employer", "tailspin"),
    ("Persuasion is the one I'd save in a fire 📚", "favourite book", "persuasion"),
    ("I keep rereading Rebecca, it never gets old", "favourite book", "rebecca"),
    ("Kemi cooked dinner for me last night, so sweet", "partner", "kemi"),
    ("Pip the hamster chewed my slippers again", "pet", "pip"),
    ("someone nicked my vegan lunch from the fridge again", "diet", "vegan"),
    ("my mum made a separate keto plate for me, bless her", "diet", "keto"),
    ("cancelled the old membership and moved over to Gymbox", "gym", "gymbox"),
    ("I've got really into bouldering lately", "hobby", "bouldering"),
    ("I've been doing loads of yoga lately", "hobby", "yoga"),
    ("I do parkrun every saturday", "hobby", "parkrun"),
    ("My main hobby is rock climbing.", "hobby", "rock climbing"),
    ("I play squash most evenings", "hobby", "squash"),
    ("free time = gaming, no shame", "hobby", "gaming"),
    ("been dating Chris for a month now", "partner", "chris"),
    ("I have a boyfriend called Leo", "partner", "leo"),
    ("my partner's name is Sam", "partner", "sam"),
    ("just got engaged to Mia!", "partner", "mia"),
    ("Lena is my girlfriend", "partner", "lena"),
    ("my dog is a labrador called Max", "pet", "max"),
    ("I have a cat named Luna", "pet", "luna"),
    ("I love lasagne more than anything", "favourite food", "lasagne"),
    ("I go to the gym at PureGym", "gym", "puregym"),
    ("I've been a nurse for 5 years", "job", "nurse"),
    ("Radiohead are my favourite band", "favourite band", "radiohead"),
    ("my favourite colour has always been green", "favourite colour", "green"),
    ("green is my colour", "favourite colour", "green"),
    ("my favourite food is probably sushi", "favourite food", "sushi"),
    ("sushi is my absolute favourite", "favourite food", "sushi"),
    ("I love the colour purple", "favourite colour", "purple"),
    ("I drive a red Ford Fiesta", "car", "ford fiesta"),
    ("work at Tesco now", "employer", "tesco"),
    ("new job at Microsoft!", "employer", "microsoft"),
    ("just started working for the NHS", "employer", "nhs"),
    ("just settled in Porto", "home", "porto"),
    ("I'm from Paris but live in Berlin", "home", "berlin"),
    ("I train at PureGym", "gym", "puregym"),
    ("signed up to Anytime Fitness", "gym", "anytime fitness"),
    ("Ben and I got together last month", "partner", "ben"),
    ("Anna moved in with me last week", "partner", "anna"),
    ("Jonas proposed last night!!", "partner", "jonas"),
    ("our new kitten is called Mochi", "pet", "mochi"),
    ("got a puppy! his name is Bruno", "pet", "bruno"),
    ("Olive, my cat, is sulking", "pet", "olive"),
    ("my go-to book is Dune", "favourite book", "dune"),
    ("I only wear navy these days", "favourite colour", "navy"),
    ("currently obsessed with the colour sage", "favourite colour", "sage"),
    ("my job title is product manager", "job", "product manager"),
]
NOTHING_IN_PASSING = [  # the same shapes about someone else, a studio, a list or a breed
    "My brother just got a job as an electrician.",
    "my sister thinks I'm a terrible cook",
    "I might retrain as a teacher one day",
    "my sister's cat Luna knocked my plant over",
    "I used to have a hamster called Ziggy",
    "Nadia is walking the dog these days",
    "Ravi is picking the dog up at 12.",
    "Misted the snake plant before work.",
    "Hoovering up after a hamster is basically my second job now",
    "switched my yoga classes to Namaste Lane",
    "Taking my piano lessons with Margot Delacroix from now on.",
    "Added a salsa class on top of the others",
    "a guy from my running club does IT for Globex",
    "my brother got a Metallica tattoo",
    "leftovers for lunch again",
    "Jonas proposed a new plan at work",
    "my sister got a puppy! his name is Bruno",
    "Dad's just signed up at Snap Fitness, bless him",
    "my brother works at Tesco",
    "signed up to Netflix",
    "this is my colour palette",
    "been seeing Lisa's brother",
    "Mum is my partner in crime",
    "Tom is my partner at work",
    "my free time is limited",
    "I go shopping every saturday",
    "got into trouble at work again",
    "Got into cricket too, my weekends are gone.",
    "my sister cancelled her membership and moved to Leeds",
    "my sister made keto brownies for everyone",
    "a BMW cut me up on the motorway",
    "Just started doing Hexaword as well at lunch.",
    "Started learning jive with a group in town.",
    "is being an accountant boring? asking for a friend",
    "the cat at the café is called Mochi and she's a diva",
    "watched a video of a dog called Olive surfing",
    "my mini fridge died",
    "The dog's weekday walks are with Ravi now.",
    "bought Mum flowers for mother's day",
    "Biscuit stole the whole duvet again, bad dog",
    "my Tesla stock is down again",
    "the Ford factory near us closed",
    "I met a guy who's a chef",
    "I was chatting to a woman who is a pilot",
    "my flat is white and cold",
    "got my Apple laptop back from repair",
    "my brother's flying out to Rome for a stag do, he'll love it here",
    "rented a Fiat Panda for the week in Sicily",
    "my brother's new Tesla is ridiculous",
    "Cleaned the chain on my Genesis Croix de Fer.",
    "my flatmate is obsessed with sushi",
    "my sister's trainer at PureGym is brutal",
    "cuddles with Noodle after work, my tortoise is the best",
]


def test_a_pet_is_named_by_its_name_where_it_has_one() -> None:
    """ "my tortoise is the best" says which kind of pet one has; the name beside it is the
    value where there is one."""
    found = read("cuddles with Noodle after work, my tortoise is the best")
    assert found is not None and (found.slot, found.value) == ("pet", "noodle")
    assert read("my tortoise is the best") == SlotValue(slot="pet", value="tortoise")


@pytest.mark.parametrize("text", NOTHING_IN_PASSING[:-1])
def test_what_is_said_in_passing_of_others_sets_nothing(text: str) -> None:
    assert read(text) is None


@pytest.mark.parametrize(("text", "slot", "value"), SETS + SETS_DEV + SETS_ASIDES + SETS_IN_PASSING)
def test_statements_set_slots(text: str, slot: str, value: str) -> None:
    found = read(text)
    assert found is not None, text
    assert (found.slot, found.value) == (slot, value)


@pytest.mark.parametrize("text", SETS_NOTHING)
def test_other_people_past_and_negation_set_nothing(text: str) -> None:
    assert read(text) is None


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("Where does the user live now?", "home"),
        ("who am I seeing at the moment?", "partner"),
        ("What eating plan does the user currently follow?", "diet"),
        ("what do I do for work these days?", "job"),
        ("where am I working now?", "employer"),
        ("what's my go-to dish these days?", "favourite food"),
        ("what shade do I like best now?", "favourite colour"),
        ("who's my boyfriend now?", "partner"),
        ("Where do I go for a bike ride now?", None),
        ("who was my boyfriend before?", None),
        ("who is my boyfriend's best friend?", None),
        ("what's my partner's name now?", "partner"),  # the owner of the name is asked
        ("What is my dog's name?", "pet"),
        ("Which city is the user living in?", "home"),
        ("What does the user currently work as?", "job"),
        ("Who is the user's current employer?", "employer"),
        ("Who is the user dating now?", "partner"),
        ("Which band does the user like most now?", "favourite band"),
        ("What kind of pet does the user have now?", "pet"),
        ("What car does the user drive now?", "car"),
        ("Where does her sister live?", None),  # someone else's attribute
        ("What did we talk about yesterday?", None),
        ("Where is the user based these days?", "home"),
        ("Which town is the user in now?", "home"),
        ("What does the user do for a living?", "job"),
        ("Where does the user work?", "employer"),
        ("Which company employs the user?", "employer"),
        ("What company is the user with?", "employer"),
        ("Which insurance company is the user with now?", None),  # a kind of company
        ("Who is the user's phone company?", "mobile network"),
        ("Which is the user's company now?", "employer"),
        ("Who is the user in a relationship with?", "partner"),
        ("Who is the user seeing these days?", "partner"),
        ("What does the user listen to most?", "favourite band"),
        ("Who is the user's favourite artist?", "favourite band"),
        ("What animal does the user have?", "pet"),
        ("What is the name of the user's dog?", "pet"),
        ("What are the user's eating habits?", "diet"),
        ("What vehicle does the user own?", "car"),
        ("Where does the user work out?", "gym"),
        ("What does the user do for fun?", "hobby"),
        ("How does the user spend their free time?", "hobby"),
        ("Where did the user live before?", None),  # the past: newest is not the answer
        ("What was the user's old job?", None),
        # The noun the question asks for decides, not a slot's word elsewhere in it:
        ("Which vet do I take my dog to?", None),
        ("Which doctor am I seeing these days?", "doctor"),  # not the partner
        ("Which company provides my broadband?", "broadband"),  # not the employer
        ("Which company do I get my electricity from?", None),
        ("Where do I get my car fixed these days?", None),
        ("What food am I allergic to?", None),  # no liking: no favourite food
        ("Which city's football team do I support?", "football team"),  # not the home
        ("Which car insurer am I with?", None),
        ("What podcast do I listen to?", None),
        ("Where do I work now?", "employer"),
        ("What's my dog called?", "pet"),
        ("How many pets do I have?", "pet"),
        ("What music do I listen to these days?", "favourite band"),
    ],
)
def test_questions_map_to_slots(question: str, slot: str | None) -> None:
    assert query_slot(question) == slot


@pytest.mark.parametrize(
    ("question", "aside"),
    [
        ("Which vet do I take my dog to?", {"pet"}),
        ("Where do I get my car fixed these days?", {"car"}),
        ("What car do I drive now?", set()),  # asked, not aside
        ("Who cuts my hair?", set()),
        ("Where did my dog stay before?", set()),  # the past: nothing is asked now
    ],
)
def test_slots_a_question_names_only_as_context(question: str, aside: set[str]) -> None:
    assert mentioned_not_asked(question) == aside


@pytest.mark.parametrize(
    ("question", "head"),
    [
        ("Who is my dentist now?", "dentist"),
        ("What kind of pet does the user have now?", "pet"),
        ("What is the name of the user's current partner?", "partner"),
        ("What's the user's favourite podcast now?", "podcast"),
        ("Which bank holds my savings?", "bank"),  # a verb and its object are cut off
        ("What running shoes does the user wear now?", "shoes"),
        ("Where does the user live now?", None),  # verbs ask these
        ("Who is the user dating now?", None),
        ("Who cuts my hair?", None),
        ("Who's treating my injury these days?", None),
        ("How do I commute?", None),
        ("cake", None),
    ],
)
def test_the_noun_a_question_asks_for(question: str, head: str | None) -> None:
    assert head_noun(question) == head


def test_value_comparison_and_names() -> None:
    assert same_value("berlin", "berlin germany")
    assert not same_value("paris", "berlin")
    # an article or a possessive does not make another value: the parser reads "at Gold's
    # Gym" as "gold", and the slot rules keep "the"
    assert same_value("gold", "gold's gym") and same_value("the council gym", "council gym")
    assert not same_value("the", "the gym")
    assert slot_name("Caroline:home=paris") == "home"
    assert slot_name("favourite band=radiohead") == "favourite band"
    assert slot_name(None) is None


@pytest.mark.parametrize(
    ("text", "value", "retires"),
    [
        ("I used to be such a big Nirvana fan.", "nirvana", True),
        ("I kind of miss my old Toyota Corolla.", "toyota corolla", True),
        ("I bumped into Priya, my ex, at the market.", "priya", True),
        ("Back when I lived in Zurich, rent was cheaper.", "zurich", True),
        ("Mel: I used to live in Boston.", "boston", True),
        ("I used to hate running. Now I live in Boston.", "boston", False),  # other sentence
        ("I miss Priya, she is away all week.", "priya", False),  # missing is not leaving
        ("My sister used to live in Zurich.", "zurich", False),  # somebody else
        ("Did you use to live in Zurich?", "zurich", False),
        ("I used to be a big Nirvana fan.", "nirvana fan club", False),
        ("I used to love dunes.", "dune", False),  # whole words only
        ("Harper Eyecare was my optician before I moved.", "harper eyecare", True),
        ("my previous accountant Brightbooks was always late", "brightbooks", True),
        ("Crumb & Crust closed down, so I found somewhere else.", "crumb & crust", True),
        ("Deleted Liftly, it kept crashing.", "liftly", True),
        ("Helen was my therapist a couple of years ago", "helen", True),
        ("left the Quietline Pro at the office", "quietline pro", False),  # mislaid
        ("left my goggles at Westmoor Pool again", "westmoor pool", False),
        ("left my job at Acme", "acme", True),
        ("Left FitHub for PureGym.", "fithub", True),
        ("Left FitHub for PureGym.", "puregym", False),  # the replacement
        ("sold the old bike and bought the Genesis Croix de Fer", "genesis croix de fer", False),
        ("Oven Door had sold out of cinnamon buns by nine again", "oven door", False),
        ("Kenji always cut it too short, so I stopped going.", "kenji", True),  # "going" there
        ("cancelled Loftspace, never used it", "loftspace", True),  # the negation is elsewhere
        ("I'm hooked on Left Field FM these days.", "left field fm", False),  # a name
        ("took Clayhouse Mask out of my routine, it was too harsh", "clayhouse mask", True),
        ("Last time I was at Dr Kim's the wait was short.", "dr kim", False),  # an occasion
        # Everyday ways to give one thing up, none of them a fixed verb list's first words.
        ("Took Wet Leg off all my playlists", "wet leg", True),
        ("Unplugged the Google Nest Hub for good.", "google nest hub", True),
        ("paused Dinnerly for good, too much waste", "dinnerly", True),
        ("No more tulips in the garden, the frost got them", "tulips", True),
        ("let Fresh Start Cleaning go when money got tight", "fresh start cleaning", True),
        ("Removed Honey from my browser, it was spying", "honey", True),
        ("took the Nest thermostat out for good", "nest thermostat", True),
        ("Took Friday off work for the Coldplay gig", "coldplay", False),  # time off
        ("Took Nala out for a walk by the canal", "nala", False),
        ("let the kids go to Camp Kinder for the week", "camp kinder", False),
        ("No more than two coffees at Grindhouse a day", "grindhouse", False),
        ("Let me go check whether Tesco has it", "tesco", False),
    ],
)
def test_past_state_sentences_retire_a_named_value(text: str, value: str, retires: bool) -> None:
    assert ends(text, value) is retires


def test_past_state_needs_a_marker_and_the_speaker_themself() -> None:
    assert past_state("I no longer eat meat.")
    assert past_state("not going to pole fitness anymore")
    assert past_state("I don't drink oat milk any more, it upset my stomach")
    assert past_state("I was on a low-FODMAP diet for ages before this.")
    assert not past_state("I was at the gym before work.")
    assert past_state("The showers at Summit Gym were better, honestly.")  # than now
    assert not past_state("The class at Summit Gym was better than I expected.")
    assert not past_state("The showers at Summit Gym are so much nicer, worth the fee.")
    assert not past_state("My dad used to drive a Volvo.")
    # a state in the simple past over a span that is over; a change said then still holds
    assert past_state("We had BT for years but the price kept creeping up every April.")
    assert past_state("Went to Bupa Dental Care before I moved.")
    assert past_state("Used Outlook all through uni.")
    assert past_state("He was at Hillcrest School before we moved house.")
    assert not past_state("Switched to Monzo years ago, best decision.")
    assert not past_state("I've been with Nationwide for years.")
    assert not past_state("Had lunch at Pret before work.")
    # the old one is the person, not where the speaker met them
    assert not past_state("Saw my old maths teacher at Better Leisure this morning, so awkward")
    assert not past_state("Bumped into my old boss at Tesco")
    assert past_state("I miss my old flat in Leeds")
    assert not past_state("Went to Dr Kim before I had my scan.")


def test_a_first_name_that_has_just_got_something_is_somebody_else() -> None:
    assert someone_elses("Tom's just bought the New Balance 1080 for his marathon")
    assert someone_elses("mark's just bought the Nintendo Switch")
    assert someone_elses("Raj has just moved to Manchester for uni")
    assert not speaks_for_now("Ben's just got a job with Amazon")
    # the speaker, a household member said as "she", a child starting school, a thing
    assert not someone_elses("I've just bought the Nintendo Switch")
    assert not someone_elses("She's also started swimming lessons.")
    assert not someone_elses("Emma's started at St Mary's Primary this term.")
    assert not someone_elses("Monzo's just frozen my card again")
    assert not someone_elses("It's just got a new screen, the Pixel")


def test_a_third_person_liking_is_somebody_else() -> None:
    assert someone_elses("Jess supports Arsenal, we don't talk about it")
    assert someone_elses("Sarah from work drives a Toyota Corolla and won't shut up about it")
    assert someone_elses("Priya's really into tennis")
    assert someone_elses("My trainer swears by vitamin D.")  # the speaker says "I swear by"
    assert not someone_elses("Got into Formula 1 too, my weekends are gone.")
    assert not someone_elses("Been obsessed with Fontaines D.C. for weeks now.")
    assert not someone_elses("I swear by my Garmin Forerunner")
    assert not someone_elses("Monzo rates are decent these days")


def test_what_speaks_for_now() -> None:
    assert speaks_for_now("Drove the Volvo to the coast this weekend.")
    assert not speaks_for_now("I used to drive a Volvo.")
    assert not speaks_for_now("My sister drives a Volvo.")  # one voice: someone else's fact
    # A named speaker's relatives are part of their own story; only the past is out.
    assert speaks_for_now("Melanie: My kids and I drove the Volvo to the lake.")
    assert not speaks_for_now("Melanie: We used to drive a Volvo.")


@pytest.mark.parametrize(
    "text",
    [
        "My colleagues all bank with Monzo.",  # plural people
        "The neighbours switched to Octopus.",
        "my mate swears by the Kindle Scribe",
        "Our pal recommends Hoka for the long runs.",
        "Pret was our regular lunch spot back in college.",  # past
        "When we rented from Foxtons, the boiler broke twice.",
        "Fitzroy Dental was my usual place for years.",
        "Vodafone, so glad to be rid of them.",
        "Wondering whether Aldi is cheaper for the big shop.",  # hypotheticals
        "Checking if Hyperoptic covers our postcode.",
        "Eyeing the Garmin Forerunner 265 for my birthday.",
        "Got a quote from EDF, just to compare.",
        "Keeping the number of Dr Osei in case the knee flares up.",
        "Planning to join Anytime Fitness in spring.",
        "Trying to get into bouldering this year.",  # an effort, not a state
        "I need to sort out a new GP at some point.",  # a to-do
        "We need to book the Volvo in for its service.",
        "My partner uses Strava.",  # somebody else as the subject, a group too
        "Next door uses Gleam Team for their windows.",
        "The office just got a Sage Barista.",
        "My running club all use Garmin Connect.",
        "My partner's been going to Dr Basu for a while.",
        "Getting tested to see if it's pollen.",
        "Last time we read Nine Lanterns for book club.",  # an occasion that is over
        "if Fibrenest ever reaches our street I'm switching instantly",  # a condition
        "Loving the area. If Westfield Academy has a place we'll apply.",
        "When the kids were at Elmwood Primary the school run was way shorter.",  # past
    ],
)
def test_what_does_not_speak_for_now(text: str) -> None:
    assert not speaks_for_now(text)


@pytest.mark.parametrize(
    "text",
    [
        "Brewing a pot of Yerba Mate before work.",  # a value holding a people word
        "I'm back in Leeds, the new flat is great.",  # "back in" a place is now
        "Started going to Dr Okafor at the Elm Street surgery.",
        "i've dropped every other app for Strava",  # dropping the rest for the new one
        "I've started seeing someone new, Maya.",  # "someone new" is the speaker's news
        "Traded in my old bike for a Cube Attain.",  # "my old" traded in for the new one
        "Washed my trainers after the muddy run in the Pegasus 40.",  # shoes, not a person
        "Took the coach to Leeds, cheaper than the train.",  # a bus
        "I try to get to FitHub three times a week.",  # a habit
        "Got a fancy new Garmin Forerunner for my birthday.",
        "I dropped Ella at Larchwood Primary this morning.",  # no give-up
        "Out of oat milk from Oatly again, need to restock.",  # the need is not the value
        "Dr Petrakis says I need to floss more, the usual lecture.",  # the dentist is
        "Shared the holiday album with my parents through Skyvault.",  # people as company
        "Rosie got the kids to bed by eight, absolute miracle.",
        "The Glassmaker's Daughter is what we're reading now.",  # a person word in a name
        "My partner and I moved to Leeds.",
        "My team is Arsenal these days.",  # a group named, not doing something
        "The spin class at Core Collective nearly killed me.",
        "My team's Newcastle now, don't judge me",  # a negated aside, not the value
        "food shop's moved to Budgens, can't believe I didn't switch sooner",  # a regret
        "Monzo's brilliant, can't recommend it enough",
        "Loving the new flat in Leeds, if anyone's asking",  # "if" said to the listener
        "If you want to find me on a Friday night, I'll be at Ember & Oak.",  # the listener's
        "self-checkout at Halden Foods kept beeping, I want to scream",  # a sigh, no plan
        "another plant: a calathea, someone stop me",  # an aside, nobody else's fact
        "Nobody but Shear Genius is touching my hair anymore lol",  # X alone, now
        "Parents' evening at Elmwood Primary tonight, wish me luck",  # the speaker's event
        "Gleam Team came round today, the conservatory's never looked so good",
        "Left £20 under the mat for Gleam Team, hope they don't forget the back ones",
        "Just walked out of Rush with the best haircut I've had in years",  # no "not" before it
        "Night Shift Tales is the podcast I never miss.",  # a habit, not a loss
    ],
)
def test_what_still_speaks_for_now(text: str) -> None:
    assert speaks_for_now(text) and affirmative(text) and not ending(text)


def test_a_negated_value_is_still_no_affirmation() -> None:
    assert not affirmative("I can't stand Tesco, the queues are awful")
    assert not affirmative("I don't go to Lidl these days")
    assert not affirmative("Didn't renew with Fernhill Bank, the fees were daft")
    assert not affirmative("I never go to Halden Foods")
    assert not affirmative("I miss Halden Foods so much")
    assert not affirmative("Never missed Gmail once since switching")
    assert not affirmative("I'll never miss Gmail, good riddance")
    assert not affirmative("not going to Halden Foods anymore")
    assert not speaks_for_now("I want to try Fernhill Bank")  # a plan is still a maybe
    assert not speaks_for_now("Someone at work swears by Fernhill Bank")
    assert not speaks_for_now("My parents' house is in Leeds")
    assert not speaks_for_now("haven't been to Rush in years")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Got a signed copy of Dune and I'm never letting anyone touch it", {"got", "dune"}),
        ("Went to Priya for my cut and I'm never going anywhere else", {"went", "priya"}),
        ("Switched allegiance to Arsenal, don't tell my dad.", {"arsenal"}),
        ("Spent £9 on popcorn at Everyman and I'd do it again", {"everyman"}),
        ("Good Energy bill landed today, could be worse", {"good energy"}),
        ("Put Blur on in the kitchen and the kids complained lol", {"blur"}),
        ("Leg day at Halden Gym absolutely destroyed me, can't walk lol", {"halden gym"}),
        ("Got judo tonight so can't do dinner", set()),  # a lower-case value opens it
        ("gave Bruno a bath, never again lol", {"bruno"}),  # the bath, not the dog
    ],
)
def test_an_aside_in_another_clause_unsays_nothing(text: str, named: set[str]) -> None:
    """The cues read the clauses that hold the named values: a "never", "can't", "I'd"
    or a person in a clause about something else is an aside, not the value's."""
    values = frozenset(named)
    assert not negated(text, values)
    assert affirmative(text, values) and speaks_for_now(text, values)
    assert not (affirmative(text) and speaks_for_now(text))  # read whole, as callers
    # without the values still read it


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("I don't go to Lidl these days, the queues are awful", {"lidl"}),
        ("Gave the PS5 to my cousin, never used it", {"ps5"}),  # why it went
        ("Pulled out the lavender, they weren't doing well", set()),
        ("Gave Catan away to a friend, we never played it.", {"gave catan"}),
        ("I miss Leeds, the flat was lovely", {"leeds"}),  # a look back speaks for all
        ("Bought my old Golf back off Sam, it's not the same", {"golf", "sam"}),
        ("My mum reads nothing but Stephen King", {"stephen king"}),  # her book, not mine
        ("My sister won't drink coffee from anywhere but Costa", {"costa"}),
        ("a guy at running club has the Coros Pace, swears by it", {"coros pace"}),
        ("Visiting Oakhurst Juniors at their open day, just in case", {"oakhurst juniors"}),
        ("Dropped Spanish from the rotation, everyone got bored of it", {"spanish"}),
    ],
)
def test_what_the_clauses_still_unsay(text: str, named: set[str]) -> None:
    values = frozenset(named)
    assert not (affirmative(text, values) and speaks_for_now(text, values)) or ending(text)


def test_clauses_cut_at_punctuation_and_joining_words() -> None:
    assert clauses("Went to Priya for my cut and I'm never going anywhere else") == [
        "Went to Priya for my cut",
        "I'm never going anywhere else",
    ]
    assert clauses("Halden Gym, then home") == ["Halden Gym", "then home"]


def test_giving_something_up_ends_it() -> None:
    assert ending("Done with CrossFit, my knees hate it.")
    assert ending("We've dropped Spanish, no time for it.")
    assert not ending("i've dropped every other app for Strava")
    assert ending("Came off lisinopril last month.")  # a medicine stopped
    assert ending("doctor took me off sertraline, finally")
    assert ending("got off Threadly for good, so much better for my brain")
    assert ending("gave the rubber plant away to my neighbour")
    assert ending("sadly lost the greyhound last week")  # a pet died
    assert not ending("Came off the motorway at junction 4 for Halden Services")
    assert not ending("Lost my voice screaming at the Harrow Rovers match")
    assert not ending("Harrow Rovers lost again, typical")  # the team lost, not the speaker
    assert not ending("we lost the match to Harrow Rovers, gutted")
    # said without a subject: a pet lost is gone, a Saturday or a stone lost is not a value
    assert ending("lost a rescue whippet last week, still heartbroken")
    assert ending("Lost my job at Halden Foods today")
    assert not ending("Lost my whole Saturday to Ember Tactics, no regrets.")
    assert not ending("lost a stone this month!")
    assert not ending("Lost my keys at work lol")


@pytest.mark.parametrize(
    ("text", "club"),
    [
        ("I'm a big Chelsea fan now.", "chelsea"),  # a relation to a club, no job
        ("football team: Aston Villa. fight me", "aston villa"),
        ("my team's Hibs these days", "hibs"),
        ("Switched allegiance to Arsenal, don't tell my dad.", "arsenal"),
        ("Got a season ticket at Brighton this year, so I'm all in", "brighton"),
        ("Fully converted, I'm Tottenham through and through now.", "tottenham"),
        # as fans speak of their team
        ("Celtic lost again, we're getting relegated at this rate lol", "celtic"),
        ("Wrexham play tonight.", "wrexham"),
        ("screaming at the telly watching Rangers, neighbours must hate me", "rangers"),
        ("The Rangers match is at 3 so I'm busy Saturday.", "rangers"),
        ("Stood in the away end with the Real Betis fans in the rain, worth it", "real betis"),
        ("Bought the new Brighton kit for this season, it's gorgeous.", "brighton"),
    ],
)
def test_the_football_team_as_fans_say_it(text: str, club: str) -> None:
    assert read(text) == SlotValue(slot="football team", value=club)


@pytest.mark.parametrize(
    "text",
    [
        "My dad's a massive Celtic fan.",
        "might start following Aston Villa since they're local now",
        "Honestly tempted to start following Brighton, they play lovely football.",
        "my brother is watching Arsenal tonight",
        "used to watch Celtic every week",
        "I support Shelter every month",  # a charity, not a club
        "Got my season ticket for Southern Rail sorted",  # a train's
        "my team's Q3 numbers are in",  # a team at work
        "Watching Taskmaster tonight",
    ],
)
def test_a_team_somebody_else_follows_or_might_is_not_the_users(text: str) -> None:
    found = read(text)
    assert found is None or found.slot != "football team"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("welcome Bear to the gang 🐾", "bear"),
        ("Rocco is the newest one in our little zoo", "rocco"),
        ("Meet Pepper, the latest addition to our house!", "pepper"),
        ("new furball's name is Mochi", "mochi"),
        ("welcome Max to the family 🐶", "max"),
    ],
)
def test_a_pet_named_as_the_households_newest_animal(text: str, name: str) -> None:
    assert read(text) == SlotValue(slot="pet", value=name)


@pytest.mark.parametrize(
    "text",
    [
        "welcome Lily to the family!",  # a baby, as likely
        "Meet Lily, the latest addition to our family!",
        "my sister's new furball is called Bob",
        "welcome Sam to the team",
    ],
)
def test_a_newcomer_who_may_be_no_pet_or_someone_elses_sets_no_pet(text: str) -> None:
    found = read(text)
    assert found is None or found.slot != "pet"


@pytest.mark.parametrize(
    ("text", "provider"),
    [
        ("Our broadband is with Fibrenest now.", "fibrenest"),
        ("home broadband's YouFibre these days, finally switched", "youfibre"),
        ("i'm with EE for internet these days", "ee"),
        ("Moved the house over to BT for the fibre, the install went fine.", "bt"),
        ("Rebooted the Hyperoptic router for the third time today", "hyperoptic"),
        ("wifi dropped out in the middle of my call, cheers Community Fibre", "community fibre"),
        ("On hold with Plusnet for 40 mins because the wifi dropped.", "plusnet"),
        ("Ran a speed test on YouFibre tonight, not bad at all.", "youfibre"),
    ],
)
def test_the_broadband_by_its_router_outages_and_helpline(text: str, provider: str) -> None:
    assert read(text) == SlotValue(slot="broadband", value=provider)


@pytest.mark.parametrize(
    "text",
    [
        "Skylark Broadband was so unreliable, the wifi dropped every evening.",
        "Thinking about Virgin Media, they've got full fibre on our street.",
        "my mum's broadband is with BT",
        "if Community Fibre ever reaches our street I'm switching",
        "Finally set up the Google Nest Hub in the flat",  # a hub, no router
    ],
)
def test_broadband_that_is_not_the_speakers_now_sets_none(text: str) -> None:
    found = read(text)
    assert found is None or found.slot != "broadband"


@pytest.mark.parametrize(
    ("text", "gym"),
    [
        (
            "Iron Forge Fitness was rammed tonight, waited ages for a squat rack",
            "iron forge fitness",
        ),
        ("Quick session at Peak Strength Studio before work", "peak strength studio"),
        ("Cancelled the old membership and joined PureGym instead", "puregym"),
        ("Signed up at Fitness First, that's my gym now.", "fitness first"),
        ("Signed up to PureGym on the January offer, no excuses now.", "puregym"),
        # somebody who wrongs the speaker there makes it no less the speaker's gym
        ("Someone nicked my spot on the squat rack at David Lloyd again", "david lloyd"),
    ],
)
def test_the_gym_by_its_name_where_one_trains(text: str, gym: str) -> None:
    assert read(text) == SlotValue(slot="gym", value=gym)


@pytest.mark.parametrize(
    "text",
    [
        "my sister joined PureGym",
        "I might join Anytime Fitness",
        "The changing rooms at Forge Fitness were better, honestly.",
        "The Olive Tree was rammed tonight",
    ],
)
def test_a_gym_that_is_not_the_speakers_now_sets_no_gym(text: str) -> None:
    found = read(text)
    assert found is None or found.slot != "gym"


@pytest.mark.parametrize(
    ("text", "way"),
    [
        ("I commute on my bike now.", "bike"),
        ("commute these days = the tram", "tram"),
        ("My daily journey in is the tube these days.", "tube"),
        ("Getting to the office on the coach from now on.", "coach"),
        ("Took the park and ride into work as normal.", "park and ride"),
        ("the ride in on the ferry was grim in this weather", "ferry"),
        ("switched how I get into work, it's an e-scooter every day now", "e-scooter"),
        ("Going in by motorbike every day now, saves a fortune.", "motorbike"),
        ("The moped got me in early today.", "moped"),
        ("the Elizabeth line took forever this morning, late for my 9am AGAIN", "elizabeth line"),
        ("I cycle to work now", "bike"),
        ("drove in as usual", "car"),
        ("biked in today, legs gone", "bike"),
    ],
)
def test_the_commute_by_the_way_to_work(text: str, way: str) -> None:
    assert read(text) == SlotValue(slot="commute", value=way)


@pytest.mark.parametrize(
    "text",
    [
        "The train was late this morning, as usual.",  # on it, not to work on it
        "my brother takes the bus to work",
        "I used to take the tube into work",
        "might get the train in tomorrow",
        "Took the train to Leeds for the weekend",
        "I walk the dog to work",
    ],
)
def test_a_ride_that_is_no_commute_of_ones_own_sets_none(text: str) -> None:
    found = read(text)
    assert found is None or found.slot != "commute"


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("How does the user get to work now?", "commute"),
        ("how am I getting into work these days?", "commute"),
        ("How do I commute these days?", "commute"),
        ("Who do I get my home internet from at the moment?", "broadband"),
        ("Which broadband provider does the user have now?", "broadband"),
        ("What's my wifi password?", None),  # a fact of the wifi, not who provides it
        ("Where do I go to work these days?", None),
        ("Which football team does the user support now?", "football team"),
        ("Who do I support these days?", "football team"),
        ("who do I cheer for on match days these days?", "football team"),
        ("Which team does the user support?", "football team"),
        ("Which charities do I support?", None),
        ("Who do I follow on Instagram?", None),
        ("Where do I watch the football?", None),
        ("Who does my dad support?", None),
    ],
)
def test_questions_about_the_team_one_supports(question: str, slot: str | None) -> None:
    assert query_slot(question) == slot


@pytest.mark.parametrize(
    "text",
    [
        "auntie just got a dachshund, she sends me videos constantly",
        "My bestie has moved to Leeds",
        "my stepdad drives a Volvo XC40",
        "Hubby's started at Halden Foods",
        "Jake and his wife Chloe just had a baby!",
    ],
)
def test_family_said_familiarly_is_somebody_else(text: str) -> None:
    assert someone_elses(text)
    assert not speaks_for_now(text)
    found = read(text)
    assert found is None or found.slot != "partner"  # "his wife Chloe" is Jake's


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("Where do my kids go to school?", "child"),
        ("Which school does the user's child attend now?", "child"),
        ("What does my wife drive these days?", "partner"),
        ("Where does my sister live now?", "sibling"),
        ("Who is my partner now?", None),  # the user's own partner is asked for
        ("Where did my kids go to school?", None),  # the past
        ("Which school does my sister's son go to?", None),  # two people: unsure
        ("Who is my dentist?", None),
    ],
)
def test_the_household_member_a_question_asks_about(question: str, person: str | None) -> None:
    assert asked_person(question) == person


@pytest.mark.parametrize(
    ("sentence", "about"),
    [
        ("Our boy has transferred to Oakhurst Juniors.", True),
        ("Dropped the kids at Hollybank Academy this morning.", True),
        ("The Larchwood School uniform costs a fortune.", True),  # nobody else
        ("My sister's kids go to Elm Primary.", False),
        ("My husband takes them to Elm Primary.", False),
    ],
)
def test_a_statement_about_a_household_member(sentence: str, about: bool) -> None:
    assert (as_said_of(sentence, "child") is not None) is about


@pytest.mark.parametrize(
    ("text", "employer"),
    [
        (
            "First payslip from Rolls-Royce came through and the tax code is all wrong.",
            "rolls-royce",
        ),
        ("my BAE Systems onboarding training is sooo long", "bae systems"),
        ("Got my Halden & Pike lanyard and work laptop today", "halden & pike"),
        ("Octopus Energy have got us doing a team away day next week, send help", "octopus energy"),
        ("handed in my notice and took the offer from Unilever 🎉", "unilever"),
        ("my appraisal at Arup went fine", "arup"),
    ],
)
def test_the_employer_by_what_only_an_employer_gives_or_asks(text: str, employer: str) -> None:
    assert read(text) == SlotValue(slot="employer", value=employer)


@pytest.mark.parametrize(
    "text",
    [
        "I took the offer from Monzo for a credit card",
        "my sister got a bonus from Deloitte",
        "Arsenal have got us on the edge of our seats again",
        "Can you help me prep for my annual review at Ocado?",
    ],
)
def test_an_offer_or_a_payment_that_is_no_job_sets_no_employer(text: str) -> None:
    found = read(text)
    assert found is None or found.slot != "employer"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "We've added a border terrier to the household, the others aren't sure yet.",
            "border terrier",
        ),
        ("got a budgie too now, it's a zoo here 😂", "budgie"),
        ("Another one joined the family this week: a golden retriever.", "golden retriever"),
        ("Brought home a Maine Coon from the rescue centre today.", "maine coon"),
        ("Our guinea pig chewed through my charger cable overnight", "guinea pig"),
        ("officially a corn snake owner now 🥹", "corn snake"),
        ("need someone to feed the Staffie while we're away next week", "staffie"),
        ("I have a Siamese cat now.", "siamese cat"),
        ("Added a Siamese cat to the crew lol", "siamese cat"),
        ("We got a dog!", "dog"),
    ],
)
def test_a_pet_by_its_kind(text: str, kind: str) -> None:
    assert read(text) == SlotValue(slot="pet", value=kind)


@pytest.mark.parametrize(
    "text",
    [
        "sadly lost our rabbit last week 😢",
        "We rehomed the cockapoo, it just wasn't working out.",
        "My neighbour's just got a rabbit, it's adorable.",
        "Thinking about getting a guinea pig once we've got a garden.",
        "if our landlord allowed it id have a Staffie tomorrow",
        "I used to have a rabbit when I was a kid.",
        "my old labrador was the best",
        "our dog's blood results are back, all clear",  # no kind one did not know of
        "we got a dog walker",
        "bought a bulldog clip",
        "We adopted a second dog, Nala!",  # named: the reader's
    ],
)
def test_a_pet_kind_that_is_not_the_speakers_now_sets_no_pet(text: str) -> None:
    found = read(text)
    assert found is None or found.slot != "pet"


def test_a_pet_is_read_by_its_name_before_its_kind() -> None:
    assert read("we got a rabbit!! named Tofu") == SlotValue(slot="pet", value="tofu")
    assert read("cuddles with Waffles after work, my hamster is the best") == SlotValue(
        slot="pet", value="waffles"
    )


def test_replacing_my_old_one_is_news_not_the_past() -> None:
    text = "Replaced my old machine with the ASUS ZenBook 14, so much faster."
    named = frozenset({"asus zenbook 14"})
    assert not past_state(text) and not negated(text, named)
    assert speaks_for_now(text, named)
    assert past_state("my old Toyota was great")


@pytest.mark.parametrize(
    ("text", "doctor"),
    [
        ("My GP is Dr Patel now.", "dr patel"),
        ("my family doctor's Dr Novak these days", "dr novak"),
        ("Switched surgeries, I'm registered under Dr Tanaka now.", "dr tanaka"),
        ("Since the move I'm on Dr Mensah's patient list.", "dr mensah"),
        ("the practice reassigned me so Dr Sharma is looking after me from now on", "dr sharma"),
        ("Dr Rossi signed me off work for a week so I'm stuck on the sofa.", "dr rossi"),
        ("Blood test results came back, Dr Aoife Byrne says all fine.", "dr aoife byrne"),
        ("Got moved to a new GP, Dr Carmen Vidal.", "dr carmen vidal"),
        ("Changed doctors, Dr Sunita Rao from now on.", "dr sunita rao"),
    ],
)
def test_the_family_doctor_as_people_say_it_and_let_it_show(text: str, doctor: str) -> None:
    assert read(text) == SlotValue(slot="doctor", value=doctor)


@pytest.mark.parametrize(
    "text",
    [
        "My gran's GP is Dr Mensah and she won't hear a bad word about them.",
        "my flatmate sees Dr Kaur at the surgery round the corner",
        "My old GP, Dr Mensah, actually listened, unlike this lot.",
        "Can I ask to be moved to Dr Kaur? I've heard they're really thorough.",
        "if i ever switch practices id want Dr Rossi tbh",
        "Dr Okafor says I need a filling, absolutely gutted 🦷",  # a dentist
        "Dr Moreau sent a reminder about my six-month appointment.",
        "really good session with Dr Felix Moreau today",  # a therapist
        "Dr Reid at Willows Vets gave the dog his jabs",  # a vet
    ],
)
def test_a_doctor_who_is_not_the_speakers_gp_now_sets_none(text: str) -> None:
    found = read(text)
    assert found is None or found.slot != "doctor"


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("who's my doctor now?", "doctor"),
        ("Which GP do I see at the moment?", "doctor"),
        ("Who is my dentist now?", None),
        ("Who is the user's therapist currently?", None),
    ],
)
def test_questions_about_the_family_doctor(question: str, slot: str | None) -> None:
    assert query_slot(question) == slot


@pytest.mark.parametrize(
    ("text", "network"),
    [
        ("My phone network is EE now.", "ee"),
        ("im with VOXI for my phone now", "voxi"),  # texted: "I'm with"
        ("Ported my number over to giffgaff, took less than a day.", "giffgaff"),
        ("Got a SIM-only deal with iD Mobile, saving a tenner a month.", "id mobile"),
        ("switched networks, it's Tesco Mobile from now on", "tesco mobile"),
        ("No signal again in my kitchen, iD Mobile coverage round here is a joke", "id mobile"),
        ("Got a text from Sky Mobile saying I've used 80% of my data already 🙄", "sky mobile"),
        ("new Smarty SIM arrived this morning, popping it in my phone now", "smarty"),
    ],
)
def test_the_mobile_network_as_people_say_it_and_let_it_show(text: str, network: str) -> None:
    assert read(text) == SlotValue(slot="mobile network", value=network)


@pytest.mark.parametrize(
    "text",
    [
        "My partner's on Smarty and gets 5G everywhere.",
        "my mum's with O2 and pays next to nothing",
        "was with iD Mobile for ages before i switched",
        "When I was on Sky Mobile I never had signal at my parents'.",
        "Thinking of moving to O2 when my contract ends.",
        "Does Three charge me for roaming in Spain?",
        "three of us went to the O2 arena",  # a number, a venue
        "I'm with EE for internet",  # the broadband
    ],
)
def test_a_network_that_is_not_the_speakers_phone_now_sets_none(text: str) -> None:
    found = read(text)
    assert found is None or found.slot != "mobile network"


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("which network am i on now?", "mobile network"),
        ("Which mobile network is the user with at the moment?", "mobile network"),
        ("who's my phone with now?", "mobile network"),
        ("Which social network do I use most?", None),
        ("What phone does the user have?", None),
    ],
)
def test_questions_about_the_mobile_network(question: str, slot: str | None) -> None:
    assert query_slot(question) == slot


@pytest.mark.parametrize(
    ("text", "salon"),
    [
        ("I get my hair done at Toni & Guy now.", "toni & guy"),
        ("my hairdresser these days is Marco", "marco"),
        ("New barber: Fade Street.", "fade street"),
        ("switched salons, i go to Rush now", "rush"),
        (
            "Found somewhere new for my cuts: Franco's Barbers, just off the high street.",
            "franco's barbers",
        ),
        (
            "Just walked out of Headmasters with the best haircut I've had in years 💇",
            "headmasters",
        ),
        ("Studio Roza does my hair now.", "studio roza"),
        ("Trim at Shear Genius on Saturday.", "shear genius"),
    ],
)
def test_the_hairdresser_as_people_say_it_and_let_it_show(text: str, salon: str) -> None:
    assert read(text) == SlotValue(slot="hairdresser", value=salon)


@pytest.mark.parametrize(
    "text",
    [
        "My mum has her hair done at Curl Up & Dye.",
        "my mate got his hair cut at Fade Street and it looks sick",
        "I used to get my hair cut at Regis.",
        "I might book a cut at Rush next month.",
        "haven't been to Rush in years",
        "We had a power cut at Tesco",
    ],
)
def test_a_salon_that_is_not_the_speakers_now_sets_none(text: str) -> None:
    found = read(text)
    assert found is None or found.slot != "hairdresser"


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("Who cuts my hair these days?", "hairdresser"),
        ("Where does the user get their hair done now?", "hairdresser"),
        ("Where does my mum get her hair cut?", None),
        ("Where did I get my hair cut before?", None),
    ],
)
def test_questions_about_the_hairdresser(question: str, slot: str | None) -> None:
    assert query_slot(question) == slot


@pytest.mark.parametrize(
    ("text", "school"),
    [
        ("Our son goes to Oakwood Academy now.", "oakwood academy"),
        ("the kids are at Riverside Juniors since september", "riverside juniors"),
        ("Emma's started at St Mary's Primary this term.", "st mary's primary"),
        ("got the place at Hollybank Academy, she starts monday", "hollybank academy"),
        (
            "Parents' evening at Holy Trinity C of E tonight, fingers crossed.",
            "holy trinity c of e",
        ),
        (
            "Need to sew name labels into the Greenfield Primary jumpers tonight.",
            "greenfield primary",
        ),
        ("St Joseph's has an inset day Friday so he's home with me", "st joseph's"),
    ],
)
def test_the_childs_school_as_a_parent_says_it(text: str, school: str) -> None:
    assert read(text) == SlotValue(slot="child school", value=school)


@pytest.mark.parametrize(
    "text",
    [
        "My niece goes to Oakwood Academy.",
        "Claire's two are at St Mary's Primary, she rates it",
        "my son's best friend is at Hillcrest School and they miss each other",
        "He used to go to Riverside Primary.",
        "We might move him to Greenfield Primary if a place comes up.",
        "back when she went to Oakfield Academy the head was lovely",
    ],
)
def test_a_school_that_is_not_the_speakers_childs_now_sets_none(text: str) -> None:
    found = read(text)
    assert found is None or found.slot != "child school"


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("Where do my kids go to school?", "child school"),
        ("Which school does the user's child attend now?", "child school"),
        ("Which school did my son go to before?", None),
        ("Where does my niece go to school?", None),
    ],
)
def test_questions_about_the_childs_school(question: str, slot: str | None) -> None:
    assert query_slot(question) == slot


@pytest.mark.parametrize(
    ("text", "network"),
    [
        ("no signal on Tesco Mobile in the kitchen again, honestly", "tesco mobile"),
        ("T-Mobile is who I pay for my phone plan these days.", "t-mobile"),
        ("giffgaff just texted to say I've used 80% of my data", "giffgaff"),
    ],
)
def test_the_mobile_network_by_its_signal_and_its_texts(text: str, network: str) -> None:
    assert read(text) == SlotValue(slot="mobile network", value=network)


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [
        ("My phone's with Vodafone, any outages today", "mobile network", "vodafone"),
        (
            "Lebara's the network I use cos the calls to Poland are dirt cheap",
            "mobile network",
            "lebara",
        ),
        ("I'm on EE, contract ends in March", "mobile network", "ee"),
        ("no signal AGAIN, Three is useless in this house 😤", "mobile network", "three"),
        ("got a letter from my GP, Dr Nowak, about my cholesterol results", "doctor", "dr nowak"),
        ("Moved over to Hawthorn Medical Group last month", "doctor", "hawthorn medical group"),
        (
            "The Cutting Room does mine, it's about £35 for a wash and cut",
            "hairdresser",
            "the cutting room",
        ),
        ("my stylist at Headmasters says my ends are fried lol", "hairdresser", "headmasters"),
        (
            "Just hit 5 years at Rolls-Royce, got a little glass trophy lol",
            "employer",
            "rolls-royce",
        ),
        (
            "Octopus Energy pay us on the 25th so I'll sort the rent then",
            "employer",
            "octopus energy",
        ),
        (
            "my son's in Year 9 at Kingsmead School and hates maths",
            "child school",
            "kingsmead school",
        ),
        (
            "Both kids are at Holy Trinity CofE now so drop-off is loads easier",
            "child school",
            "holy trinity cofe",
        ),
        ("my two guinea pigs are wheeking for cucumber again lol", "pet", "guinea pigs"),
        ("the greyhound we adopted is now hogging the entire sofa 😂", "pet", "greyhound"),
    ],
)
def test_more_ways_the_new_attributes_are_said(text: str, slot: str, value: str) -> None:
    """Written by a helper who read no code (session 28's probe), read since."""
    assert read(text) == SlotValue(slot=slot, value=value)


def test_a_pronoun_is_no_salon() -> None:
    found = read("Can you set a reminder to book with Marco? He does my hair.")
    assert found is None or found.value != "he"
    assert read("I'm on Zen Internet for internet now") != SlotValue(
        "mobile network", "zen internet"
    )
