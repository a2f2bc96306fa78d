"""Blind, held-out phrasing templates for the slot-update benchmark.

These templates were written blind: the author had NOT seen tiermem's slot rules nor the
existing ("seen") benchmark templates when writing them. They exist purely for a held-out
evaluation that measures how well the memory system's rules generalise to unseen wording.

Structure of ``BLIND``: slot name -> dict with keys

- ``"sets"``: (style, template) pairs; style is "direct", "paraphrase" or "indirect".
- ``"repeats"``: the user mentions their current value in passing.
- ``"nostalgia"``: the user refers to an old value as something past (``old_`` placeholders).
- ``"distractors"``: a fact about someone else that uses the value placeholder.
- ``"questions"``: field name -> questions asking for the user's current value.
"""

from typing import Any

BLIND: dict[str, dict[str, Any]] = {
    "home_city": {
        "sets": (
            ("direct", "I just moved to {home_city} last weekend!"),
            ("direct", "Quick update: I live in {home_city} now."),
            ("direct", "We finally relocated to {home_city}, there are boxes everywhere."),
            ("paraphrase", "I've packed up my whole life and settled down in {home_city}."),
            ("paraphrase", "New address, new city: {home_city} is home for me these days."),
            ("paraphrase", "After the move, my home base has switched over to {home_city}."),
            ("indirect", "Honestly, the trams in {home_city} make my daily commute a breeze."),
            (
                "indirect",
                "Just got a library card at the {home_city} public library, it's right round "
                "the corner from my flat.",
            ),
            (
                "indirect",
                "Can you recommend a good plumber near me in {home_city}? My kitchen sink is "
                "leaking again.",
            ),
        ),
        "repeats": (
            "Since I live in {home_city}, what are some good day trips from here?",
            "Ugh, it's raining in {home_city} yet again, typical.",
            "Any tips for finding a decent dentist? I'm based in {home_city}.",
        ),
        "nostalgia": (
            "Back when I lived in {old_home_city}, I used to cycle everywhere.",
            "I sometimes miss my old flat in {old_home_city}, even though I left years ago.",
            "Years ago in {old_home_city} I had a balcony with a view, those were the days.",
        ),
        "distractors": (
            "My sister just moved to {home_city} for her new job.",
            "A colleague of mine grew up in {home_city} and won't stop talking about it.",
            "My best friend is flying to {home_city} next month for a conference.",
        ),
        "questions": {
            "home_city": (
                "In which city does the user currently live?",
                "Which city is the user's home at the moment?",
            ),
        },
    },
    "job": {
        "sets": (
            ("direct", "I'm working as {a_job} now."),
            ("direct", "I've started a new job as {a_job}!"),
            ("direct", "Just so you know, I'm {a_job} these days."),
            ("paraphrase", "I switched careers and I'm officially {a_job} now."),
            (
                "paraphrase",
                "My career took a turn: I retrained and now earn my living as {a_job}.",
            ),
            (
                "paraphrase",
                "Got the offer letter, so my job title changes to {job} from Monday.",
            ),
            (
                "indirect",
                "Honestly, the hardest part of being {a_job} is the paperwork nobody warns "
                "you about.",
            ),
            (
                "indirect",
                "Any tips for staying focused? Being {a_job} means my days are packed "
                "back to back.",
            ),
            (
                "indirect",
                "Someone at work called me the best {job} they'd ever worked with, made my day.",
            ),
        ),
        "repeats": (
            "As {a_job}, I get asked this a lot, so can you explain it simply?",
            "I'm {a_job}, so my weekends are precious to me.",
            "Work is hectic this month, being {a_job} and all.",
        ),
        "nostalgia": (
            "When I was {a_old_job}, I never had a weekend off.",
            "I used to work as {a_old_job}, and honestly I don't miss it.",
            "My old days as {a_old_job} taught me a lot of patience.",
        ),
        "distractors": (
            "My brother is {a_job} and works crazy hours.",
            "My neighbour just qualified as {a_job}.",
            "My dad spent thirty years working as {a_job}.",
        ),
        "questions": {
            "job": (
                "What is the user's current occupation?",
                "What does the user do for a living now?",
            ),
        },
    },
    "employer": {
        "sets": (
            ("direct", "I work at {employer} now."),
            ("direct", "I've just joined {employer}!"),
            ("direct", "Started at {employer} this Monday, wish me luck."),
            ("paraphrase", "I handed in my notice and moved over to {employer}."),
            ("paraphrase", "Changed companies: my paycheck comes from {employer} these days."),
            ("paraphrase", "I accepted their offer, so I'm officially on the {employer} payroll."),
            ("indirect", "The coffee machine in the {employer} office is broken again, ugh."),
            (
                "indirect",
                "Our team at {employer} is running a hackathon next week, any project ideas?",
            ),
            ("indirect", "The {employer} canteen had tacos today, best lunch I've had in ages."),
        ),
        "repeats": (
            "At {employer} we have a casual dress code, so I'm sorted.",
            "I'm at {employer}, and our quarterly review is coming up soon.",
            "My manager at {employer} wants the report by Friday.",
        ),
        "nostalgia": (
            "Back when I was at {old_employer}, the commute was awful.",
            "I left {old_employer} a while ago and I don't regret it one bit.",
            "My years at {old_employer} feel like a lifetime ago.",
        ),
        "distractors": (
            "My cousin just landed an internship at {employer}.",
            "My roommate has worked at {employer} for five years.",
            "A friend of mine is interviewing at {employer} tomorrow.",
        ),
        "questions": {
            "employer": (
                "Which company does the user currently work for?",
                "Who is the user's employer now?",
            ),
        },
    },
    "partner": {
        "sets": (
            ("direct", "I'm dating {partner} now."),
            ("direct", "I'm in a relationship with {partner}!"),
            ("direct", "{partner} and I are officially together."),
            (
                "paraphrase",
                "Relationship update: I'm off the market, {partner} and I are a couple.",
            ),
            (
                "paraphrase",
                "Things changed on the love front, and {partner} is the one I'm with now.",
            ),
            ("paraphrase", "I've got a new significant other, and their name is {partner}."),
            (
                "indirect",
                "{partner} and I are cooking dinner together tonight, any romantic recipe ideas?",
            ),
            ("indirect", "Planning an anniversary surprise for {partner}, what should I do?"),
            ("indirect", "{partner} stole the whole duvet again last night, I barely slept."),
        ),
        "repeats": (
            "{partner} says hi, by the way.",
            "Me and {partner} are having a movie night tonight.",
            "I need a birthday gift idea for my partner {partner}.",
        ),
        "nostalgia": (
            "When I was with {old_partner}, we travelled a lot.",
            "My ex, {old_partner}, used to hate this song.",
            "Things with {old_partner} ended a long time ago.",
        ),
        "distractors": (
            "My sister is engaged to someone called {partner}.",
            "My coworker keeps gushing about her girlfriend, {partner}.",
            "My best friend just started dating {partner}.",
        ),
        "questions": {
            "partner": (
                "Who is the user's current partner?",
                "What is the name of the person the user is dating now?",
            ),
        },
    },
    "favourite_food": {
        "sets": (
            ("direct", "My favourite food is {favourite_food} now."),
            ("direct", "These days {favourite_food} is my number one dish."),
            ("direct", "I've decided that {favourite_food} is my favourite meal."),
            (
                "paraphrase",
                "My tastes have changed, and nothing beats {favourite_food} for me anymore.",
            ),
            ("paraphrase", "I've got a new top dish in my life: {favourite_food}."),
            (
                "paraphrase",
                "I'd have said something else a year ago, but now {favourite_food} wins "
                "every time.",
            ),
            (
                "indirect",
                "I've had {favourite_food} three times this week and I'm still craving it.",
            ),
            (
                "indirect",
                "Where can I find the best {favourite_food} in town? I could eat it every day.",
            ),
            ("indirect", "Birthday dinner plans: {favourite_food}, obviously, and lots of it."),
        ),
        "repeats": (
            "I'm making {favourite_food} tonight, my favourite.",
            "Since {favourite_food} is my go-to comfort food, any fun twists on it?",
            "Ordering {favourite_food} again, because of course I am.",
        ),
        "nostalgia": (
            "I used to be obsessed with {old_favourite_food}, but that phase is over.",
            "Back in college {old_favourite_food} was my favourite thing to eat.",
            "I haven't craved {old_favourite_food} in years.",
        ),
        "distractors": (
            "My son refuses to eat anything but {favourite_food}.",
            "My roommate makes {favourite_food} every Sunday.",
            "My grandma's favourite dish is {favourite_food}.",
        ),
        "questions": {
            "favourite_food": (
                "What is the user's favourite food at the moment?",
                "Which dish does the user currently like best?",
            ),
        },
    },
    "favourite_colour": {
        "sets": (
            ("direct", "My favourite colour is {favourite_colour} now."),
            ("direct", "These days my favourite colour is {favourite_colour}."),
            ("direct", "I've fallen for {favourite_colour}, it's officially my favourite colour."),
            (
                "paraphrase",
                "My colour preference has shifted, I'm all about {favourite_colour} lately.",
            ),
            (
                "paraphrase",
                "Forget whatever I liked before, {favourite_colour} is the shade I love most now.",
            ),
            ("paraphrase", "New favourite hue alert: {favourite_colour}!"),
            (
                "indirect",
                "I just painted my bedroom {favourite_colour} and bought matching cushions too.",
            ),
            ("indirect", "Half my wardrobe is {favourite_colour} at this point, I can't help it."),
            (
                "indirect",
                "Should I get the phone case in {favourite_colour}? I always end up picking it.",
            ),
        ),
        "repeats": (
            "I'm wearing {favourite_colour} again today, naturally.",
            "Can you suggest colours that go well with {favourite_colour}? It's my favourite.",
            "Could the logo be in {favourite_colour}? You know I love that shade.",
        ),
        "nostalgia": (
            "As a kid I loved {old_favourite_colour}, but not anymore.",
            "My {old_favourite_colour} phase is well and truly over.",
            "I used to paint everything {old_favourite_colour} back in school.",
        ),
        "distractors": (
            "My daughter insists that everything she owns be {favourite_colour}.",
            "My mum painted her whole kitchen {favourite_colour}.",
            "My friend's favourite colour is {favourite_colour}.",
        ),
        "questions": {
            "favourite_colour": (
                "What is the user's favourite colour now?",
                "Which colour does the user currently like most?",
            ),
        },
    },
    "favourite_band": {
        "sets": (
            ("direct", "My favourite band is {favourite_band} now."),
            ("direct", "I'm really into {favourite_band}, they're my favourite band."),
            ("direct", "Right now {favourite_band} is my top band, no contest."),
            (
                "paraphrase",
                "My music taste has moved on, and {favourite_band} has taken the top spot.",
            ),
            ("paraphrase", "There's a new number one band in my life: {favourite_band}."),
            (
                "paraphrase",
                "I've switched allegiances, musically speaking, it's {favourite_band} all the way.",
            ),
            ("indirect", "Got tickets to see {favourite_band} live, I'm screaming!"),
            (
                "indirect",
                "I've had {favourite_band} on repeat all week, my neighbours must hate me.",
            ),
            (
                "indirect",
                "Just bought a {favourite_band} tour hoodie and I'm never taking it off.",
            ),
        ),
        "repeats": (
            "Listening to {favourite_band} while I work, as usual.",
            "Since I love {favourite_band}, can you recommend some similar artists?",
            "{favourite_band} have a new single out and I'm hyped.",
        ),
        "nostalgia": (
            "I was a huge {old_favourite_band} fan in my teens, but I've moved on.",
            "Back then {old_favourite_band} was my favourite band.",
            "I used to have {old_favourite_band} posters all over my bedroom wall.",
        ),
        "distractors": (
            "My brother is completely obsessed with {favourite_band}.",
            "My coworker went to a {favourite_band} concert last night.",
            "My uncle plays in a cover band that only does {favourite_band} songs.",
        ),
        "questions": {
            "favourite_band": (
                "What is the user's favourite band now?",
                "Which band does the user like most at present?",
            ),
        },
    },
    "favourite_book": {
        "sets": (
            ("direct", "My favourite book is {favourite_book} now."),
            ("direct", "{favourite_book} has become my favourite book."),
            (
                "direct",
                "These days I'd name {favourite_book} as my all-time favourite book.",
            ),
            ("paraphrase", "I've found a new favourite read: {favourite_book}."),
            (
                "paraphrase",
                "My top book has changed, {favourite_book} dethroned the old one.",
            ),
            (
                "paraphrase",
                "If anyone asks for my favourite novel now, the answer is {favourite_book}.",
            ),
            (
                "indirect",
                "I'm rereading {favourite_book} for the fourth time and it still gets me.",
            ),
            ("indirect", "I keep recommending {favourite_book} to literally everyone I meet."),
            (
                "indirect",
                "My copy of {favourite_book} is falling apart from being read so much.",
            ),
        ),
        "repeats": (
            "I'm flipping through {favourite_book} again tonight.",
            "Since {favourite_book} is my favourite, what should I read next?",
            "I quoted {favourite_book} at dinner again, as I always do.",
        ),
        "nostalgia": (
            "I used to think {old_favourite_book} was the best book ever, now not so much.",
            "As a teenager, {old_favourite_book} was my favourite book.",
            "My old favourite, {old_favourite_book}, just doesn't grab me anymore.",
        ),
        "distractors": (
            "My sister's favourite book is {favourite_book}.",
            "My nephew has to write an essay on {favourite_book} for school.",
            "My coworker swears {favourite_book} changed her life.",
        ),
        "questions": {
            "favourite_book": (
                "What is the user's favourite book now?",
                "Which book does the user currently consider their favourite?",
            ),
        },
    },
    "pet": {
        "sets": (
            ("direct", "I got {a_pet_kind} named {pet_name}!"),
            ("direct", "Meet {pet_name}, my new {pet_kind}."),
            ("direct", "I adopted {a_pet_kind} and called it {pet_name}."),
            (
                "paraphrase",
                "There's a new member of the household: {pet_name}, {a_pet_kind}.",
            ),
            (
                "paraphrase",
                "Our home got a little livelier, we brought home {a_pet_kind} called {pet_name}.",
            ),
            ("paraphrase", "I'm a pet owner now: {pet_name} the {pet_kind} lives with me."),
            ("indirect", "{pet_name} the {pet_kind} chewed through my charger again, ugh."),
            (
                "indirect",
                "What's the best food for {a_pet_kind}? {pet_name} is being really picky.",
            ),
            (
                "indirect",
                "Taking {pet_name} to the vet tomorrow, any tips for calming a nervous {pet_kind}?",
            ),
        ),
        "repeats": (
            "{pet_name}, my {pet_kind}, is napping next to me right now.",
            "My {pet_kind} {pet_name} needs a bath today.",
            "Gotta feed {pet_name} first, my {pet_kind} gets grumpy when dinner's late.",
        ),
        "nostalgia": (
            "I still miss {old_pet_name}, the {old_pet_kind} I had years ago.",
            "When I was a kid I had {a_old_pet_kind}, but that was a long time ago.",
            "{old_pet_name} passed away a while back, but I still think of them often.",
        ),
        "distractors": (
            "My neighbour has {a_pet_kind} called {pet_name}.",
            "My sister's {pet_kind}, {pet_name}, knocked over her plant again.",
            "My friend just adopted {a_pet_kind} and named it {pet_name}.",
        ),
        "questions": {
            "pet_name": (
                "What is the name of the user's pet?",
                "What is the user's pet called now?",
            ),
            "pet_kind": (
                "What kind of animal is the user's pet?",
                "What type of pet does the user currently have?",
            ),
        },
    },
    "diet": {
        "sets": (
            ("direct", "I'm {diet} now."),
            ("direct", "I've gone {diet}."),
            ("direct", "I'm sticking to a strictly {diet} diet these days."),
            ("paraphrase", "I've overhauled the way I eat, it's fully {diet} from now on."),
            ("paraphrase", "New eating rules for me: everything has to be {diet}."),
            ("paraphrase", "I changed my diet, and I'm keeping it {diet} going forward."),
            (
                "indirect",
                "Checking every label at the supermarket to make sure it's {diet} is exhausting.",
            ),
            (
                "indirect",
                "Any good {diet} restaurants around? I need somewhere I can actually order from.",
            ),
            (
                "indirect",
                "My whole grocery cart was {diet} stuff today, and the cashier noticed.",
            ),
        ),
        "repeats": (
            "Since I'm {diet}, can you adapt this recipe for me?",
            "Being {diet}, I always have to check menus in advance.",
            "I'm {diet}, so please keep that in mind for the meal plan.",
        ),
        "nostalgia": (
            "I was {old_diet} for a few years, but I gave it up.",
            "Back when I ate {old_diet}, cooking was a nightmare.",
            "My {old_diet} days are well behind me.",
        ),
        "distractors": (
            "My roommate went {diet} last month.",
            "My mum is {diet}, so family dinners are tricky.",
            "My coworker only eats {diet} food.",
        ),
        "questions": {
            "diet": (
                "What diet does the user follow now?",
                "Which eating regime is the user currently on?",
            ),
        },
    },
    "car": {
        "sets": (
            ("direct", "I drive {a_car} now."),
            ("direct", "I just bought {a_car}!"),
            ("direct", "My new car is {a_car}."),
            (
                "paraphrase",
                "Traded in my old ride, I'm behind the wheel of {a_car} these days.",
            ),
            ("paraphrase", "I've upgraded my wheels to {a_car}."),
            ("paraphrase", "Vehicle update: the thing parked in my driveway is {a_car} now."),
            ("indirect", "How often should I change the oil in my {car}?"),
            (
                "indirect",
                "Took the {car} on a road trip this weekend and it handled like a dream.",
            ),
            (
                "indirect",
                "Someone dinged my {car} in the supermarket car park, I'm furious.",
            ),
        ),
        "repeats": (
            "My {car} is due for a service soon.",
            "I'll drive the {car} to the airport tomorrow.",
            "Parking my {car} downtown is always a pain.",
        ),
        "nostalgia": (
            "I used to drive {a_old_car}, and it was an absolute tank.",
            "Back in my student days I had {a_old_car}.",
            "I sold my {old_car} ages ago and still kind of miss it.",
        ),
        "distractors": (
            "My dad just bought {a_car}.",
            "My neighbour's {car} blocks my driveway every morning.",
            "My friend is test-driving {a_car} tomorrow.",
        ),
        "questions": {
            "car": (
                "What car does the user drive now?",
                "Which car does the user currently own?",
            ),
        },
    },
    "gym": {
        "sets": (
            ("direct", "I've joined {gym}."),
            ("direct", "I work out at {gym} now."),
            ("direct", "I got a membership at {gym} today!"),
            (
                "paraphrase",
                "I cancelled my old membership and switched gyms, {gym} is where I train now.",
            ),
            ("paraphrase", "New training spot for me: I've signed up with {gym}."),
            ("paraphrase", "My workouts have moved over to {gym}."),
            (
                "indirect",
                "The squat racks at {gym} are always taken at 6pm, it's so annoying.",
            ),
            ("indirect", "Heading to {gym} for leg day, wish me luck."),
            (
                "indirect",
                "Forgot my locker key at {gym} again, the front desk knows me by name.",
            ),
        ),
        "repeats": (
            "I'll hit {gym} after work today.",
            "The spin class at {gym} was brutal this morning.",
            "They have a sauna at {gym}, which I love.",
        ),
        "nostalgia": (
            "When I trained at {old_gym}, the showers were always cold.",
            "I quit {old_gym} ages ago.",
            "My old membership at {old_gym} was a waste of money, glad that's over.",
        ),
        "distractors": (
            "My brother works as a personal trainer at {gym}.",
            "My friend keeps trying to drag me along to {gym} with her.",
            "My coworker just signed up at {gym}.",
        ),
        "questions": {
            "gym": (
                "Which gym does the user currently go to?",
                "Where does the user work out these days?",
            ),
        },
    },
    "hobby": {
        "sets": (
            ("direct", "I've taken up {hobby}."),
            ("direct", "My new hobby is {hobby}."),
            ("direct", "I'm doing {hobby} in my free time now."),
            ("paraphrase", "I've found a new way to spend my weekends: {hobby}."),
            ("paraphrase", "Swapped my old pastime for {hobby} and I'm hooked."),
            ("paraphrase", "My spare time belongs to {hobby} these days."),
            ("indirect", "Just finished my {hobby} session and my arms are aching."),
            (
                "indirect",
                "What gear do I need to get better at {hobby}? I'm at it every Saturday.",
            ),
            ("indirect", "Spent the whole afternoon on {hobby} and completely lost track of time."),
        ),
        "repeats": (
            "I'm doing {hobby} again this weekend.",
            "Since I'm into {hobby}, any good channels I should follow?",
            "Nothing relaxes me like {hobby} after a long day at work.",
        ),
        "nostalgia": (
            "I used to do {old_hobby}, but I dropped it years ago.",
            "Back in school, {old_hobby} was my thing.",
            "I gave up {old_hobby} a long time ago.",
        ),
        "distractors": (
            "My aunt has been doing {hobby} for decades.",
            "My flatmate got really into {hobby} recently.",
            "My friend wants me to try {hobby} with her sometime.",
        ),
        "questions": {
            "hobby": (
                "What hobby is the user into now?",
                "Which pastime does the user currently enjoy?",
            ),
        },
    },
}
