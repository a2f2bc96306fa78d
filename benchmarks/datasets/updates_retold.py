"""Development set: the seen slots of ``updates.SLOTS`` retold in new words.

Every question, set, repeat, nostalgia and distractor template below was written without
reading tiermem's rules or the held-out phrasings (``updates_blind``, ``updates_fresh``,
the ``updates_dev*`` sets); only the slot names, field names, value pools and placeholders
of ``updates.py`` were used. Slot and field names, and the placeholders each slot fills
(``{<field>}``, ``{a_<field>}``, ``{old_<field>}``, ``{a_old_<field>}``), match ``SLOTS``.
"""

from __future__ import annotations

from typing import Any

RETOLD: dict[str, dict[str, Any]] = {
    "home_city": {
        "questions": {
            "home_city": [
                "where do I live now?",
                "what city am I based in these days?",
                "Which city does the user call home at the moment?",
            ]
        },
        "sets": [
            ("direct", "living in {home_city} these days, still feels weird to say"),
            ("direct", "moved to {home_city} last month and honestly I wouldn't go back"),
            ("direct", "just relocated to {home_city}, the kids were not impressed"),
            ("paraphrase", "{home_city} is home now 🏠"),
            ("paraphrase", "new address: {home_city}. my mum still can't spell it"),
            ("paraphrase", "I'm a proper {home_city} local now, or at least I'd like to think so"),
            ("indirect", "registered with a GP in {home_city} today, the paperwork never ends"),
            (
                "indirect",
                "the trams here in {home_city} are always late, don't tell me they aren't",
            ),
            ("indirect", "still can't find a decent bakery near my flat in {home_city} tbh"),
            (
                "indirect",
                "the landlord here in {home_city} finally fixed the boiler, can't complain",
            ),
            (
                "indirect",
                "walked my neighbour's kid to school through {home_city} old town, "
                "she says it's the best bit",
            ),
        ],
        "repeats": [
            "sunset over {home_city} tonight was unreal",
            "rainy sunday in {home_city}, staying in",
            "grabbed a coffee by the square in {home_city} this morning, love this town",
        ],
        "nostalgia": [
            "back when I was in {old_home_city} I could walk everywhere",
            "kinda miss the food in {old_home_city} ngl",
            "before I left {old_home_city} I never even owned a raincoat",
        ],
        "distractors": [
            "my brother's flying out to {home_city} for a stag do",
            "a colleague of mine grew up in {home_city}",
            "my neighbour's daughter just started uni in {home_city}",
        ],
    },
    "job": {
        "questions": {
            "job": [
                "what do I do for a living now?",
                "what's my job these days?",
                "What is the user's current occupation?",
            ]
        },
        "sets": [
            ("direct", "currently employed as {a_job}, who'd have thought"),
            ("direct", "started my new job as {a_job} this week!! nervous but happy"),
            ("direct", "new job: {a_job}. not the pay I'd like but I love it"),
            ("direct", "got hired as {a_job}, my dad couldn't believe it"),
            ("paraphrase", "guess who's {a_job} now 🙌"),
            ("paraphrase", "officially qualified as of friday, {a_job} at last"),
            ("paraphrase", "switched careers, {a_job} from here on and I wouldn't change it"),
            ("indirect", "my manager says I was born to be {a_job}, not sure I believe her"),
            (
                "indirect",
                "dinner party tonight, I was the only one there who's {a_job} so I got grilled",
            ),
            ("indirect", "my niece told her whole class I'm {a_job}, so proud lol"),
            (
                "indirect",
                "my feet are wrecked after twelve hours of being {a_job}, I could sleep for a week",
            ),
            ("indirect", "my first payslip as {a_job} came in today, not bad at all"),
        ],
        "repeats": [
            "nobody warns you how much paperwork there is as {a_job}",
            "busy day, such is life as {a_job}",
            "people always ask me for free advice when they hear I'm {a_job} lol",
        ],
        "nostalgia": [
            "being {a_old_job} was a different life, glad that's behind me",
            "used to be {a_old_job}, feels like another life",
            "sometimes I miss being {a_old_job}, not the pay though",
        ],
        "distractors": [
            "my cousin just qualified as {a_job}",
            "my neighbour's husband is {a_job}, always on call",
            "a friend from school retrained as {a_job}",
        ],
    },
    "employer": {
        "questions": {
            "employer": [
                "who do I work for now?",
                "what company am I at these days?",
                "Which company employs the user at the moment?",
            ]
        },
        "sets": [
            ("direct", "I work at {employer} now"),
            ("direct", "first day at {employer} done ✅ officially on the payroll"),
            ("direct", "started at {employer} this week, my old boss wasn't thrilled"),
            ("paraphrase", "signed the contract with {employer} 🎉"),
            ("paraphrase", "I'm a {employer} person now lol, badge and lanyard and everything"),
            ("paraphrase", "HR at {employer} sent my start date, couldn't be happier tbh"),
            ("indirect", "the canteen at {employer} does a decent curry, can't complain"),
            ("indirect", "got my {employer} laptop today, IT hasn't set up my email yet"),
            ("indirect", "team lunch with the {employer} crew, my manager paid"),
            ("indirect", "the office wifi at {employer} is a nightmare, don't get me started"),
        ],
        "repeats": [
            "another all-hands at {employer}, could've been an email",
            "casual friday at {employer} today",
            "quiet day at {employer}, nobody's around",
        ],
        "nostalgia": [
            "the team at {old_employer} was way more fun tbh",
            "back at {old_employer} we had free breakfast, miss that",
            "still get linkedin spam from my {old_employer} days",
        ],
        "distractors": [
            "my flatmate got poached by {employer}",
            "my sister-in-law's interviewing at {employer} next week",
            "a guy from my running club does IT for {employer}",
        ],
    },
    "partner": {
        "questions": {
            "partner": [
                "who am I seeing at the moment?",
                "what's my partner's name now?",
                "Who is the user in a relationship with currently?",
            ]
        },
        "sets": [
            ("direct", "I'm dating {partner} now 😊"),
            ("direct", "seeing someone new! {partner}. early days but it's good"),
            ("direct", "{partner} and I are officially together, my mum would be thrilled"),
            ("paraphrase", "{partner} asked me to be exclusive and I said yes"),
            ("paraphrase", "me and {partner}, it's a thing now, don't make it weird"),
            ("paraphrase", "my other half, {partner}, says hi lol"),
            ("indirect", "{partner} stole the whole duvet again last night"),
            ("indirect", "movie night at {partner}'s, they wouldn't let me pick the film"),
            ("indirect", "{partner} met my parents on sunday, my dad didn't stop talking"),
            ("indirect", "bought {partner} flowers for no reason, could get used to this"),
            ("indirect", "{partner} left a toothbrush at mine, guess that's that"),
        ],
        "repeats": [
            "lazy morning with {partner}, pancakes and coffee",
            "{partner} says I snore, rude",
            "{partner} and I tried the new thai place, 8/10",
        ],
        "nostalgia": [
            "{old_partner} liked one of my posts, haven't spoken since the breakup",
            "back when I was with {old_partner} we went hiking every weekend",
            "found an old photo of me and {old_partner}, feels like forever ago",
        ],
        "distractors": [
            "my sister's new boyfriend is called {partner}",
            "my coworker keeps talking about her date with someone named {partner}",
            "my best mate is moving in with his girlfriend {partner}",
        ],
    },
    "favourite_food": {
        "questions": {
            "favourite_food": [
                "what's my favourite food these days?",
                "which dish do I love most right now?",
                "What does the user currently consider their favourite food?",
            ]
        },
        "sets": [
            ("direct", "fav food rn? {favourite_food}, no contest"),
            ("direct", "favourite food at the moment? {favourite_food}, easy"),
            ("direct", "my favourite thing to eat now has to be {favourite_food}"),
            ("paraphrase", "can't get enough of {favourite_food} lately, it's a problem"),
            ("paraphrase", "if I could only eat one thing forever it'd be {favourite_food}"),
            ("paraphrase", "{favourite_food} beats everything else for me, won't hear otherwise"),
            (
                "indirect",
                "third time this week I ordered {favourite_food}, the delivery guy knows my name",
            ),
            (
                "indirect",
                "asked for {favourite_food} for my birthday dinner, my brother wanted burgers",
            ),
            (
                "indirect",
                "found a place that does proper {favourite_food} round the corner, dangerous",
            ),
            ("indirect", "learning to make {favourite_food} from scratch, the kitchen's a mess"),
        ],
        "repeats": [
            "{favourite_food} for lunch again, no regrets",
            "treated myself to {favourite_food} after a long day",
            "craving {favourite_food} already and I literally just ate",
        ],
        "nostalgia": [
            "I used to order {old_favourite_food} every friday, can't remember the last time",
            "back in the day {old_favourite_food} was my go-to, not so much now",
        ],
        "distractors": [
            "my flatmate would eat {favourite_food} for every meal if she could",
            "my dad keeps trying to make {favourite_food}, it never works",
            "my colleague brought in homemade {favourite_food} for everyone",
        ],
    },
    "favourite_colour": {
        "questions": {
            "favourite_colour": [
                "what's my favourite colour right now?",
                "which colour do I like best these days?",
                "What colour is the user's favourite at present?",
            ]
        },
        "sets": [
            ("direct", "fav colour these days: {favourite_colour}"),
            ("direct", "{favourite_colour} has become my favourite colour, don't ask me why"),
            ("direct", "ok I've switched, {favourite_colour} is my favourite colour"),
            ("paraphrase", "everything I want lately is {favourite_colour}, it's kind of my thing"),
            ("paraphrase", "{favourite_colour} is THE shade for me at the mo 💅"),
            ("paraphrase", "obsessed with {favourite_colour} rn, my partner says it's a phase"),
            ("indirect", "ordered a {favourite_colour} sofa, my flatmate wasn't consulted"),
            ("indirect", "picked a {favourite_colour} phone case, obviously"),
            (
                "indirect",
                "half my wardrobe is {favourite_colour} now, my sister thinks I've lost it",
            ),
            ("indirect", "bought {favourite_colour} bedsheets, couldn't resist"),
        ],
        "repeats": [
            "got my nails done in {favourite_colour} again, I have a problem",
            "wore my {favourite_colour} scarf today, got loads of compliments",
            "my new notebook is {favourite_colour}, of course",
        ],
        "nostalgia": [
            "I used to paint everything {old_favourite_colour}, so glad that's over",
            "back when {old_favourite_colour} was my colour, my room looked insane",
        ],
        "distractors": [
            "my niece wants a {favourite_colour} bike for her birthday",
            "my neighbour painted their front door {favourite_colour}",
            "my mate's wedding theme is {favourite_colour}",
        ],
    },
    "favourite_band": {
        "questions": {
            "favourite_band": [
                "who's my favourite band at the moment?",
                "which band am I into most now?",
                "What band does the user like best these days?",
            ]
        },
        "sets": [
            ("direct", "#1 band for me these days: {favourite_band}, hands down"),
            ("direct", "my fav band atm is {favourite_band}"),
            ("direct", "new favourite band alert: {favourite_band}"),
            ("paraphrase", "can't stop playing {favourite_band}, my spotify is embarrassing"),
            (
                "paraphrase",
                "{favourite_band} is all I listen to lately, my flatmate could scream",
            ),
            ("paraphrase", "nobody comes close to {favourite_band} for me these days"),
            (
                "indirect",
                "front row for {favourite_band} last night, my ears are still ringing, worth it",
            ),
            ("indirect", "got a {favourite_band} tattoo, my mum would kill me"),
            (
                "indirect",
                "my top artist on wrapped this year was {favourite_band}, not even a shock",
            ),
            (
                "indirect",
                "queued two hours for {favourite_band} merch, wouldn't do that for anyone else",
            ),
        ],
        "repeats": [
            "{favourite_band} in my headphones on the commute again",
            "putting on some {favourite_band} while I cook",
            "{favourite_band} still slaps tbh",
        ],
        "nostalgia": [
            "I used to have {old_favourite_band} posters all over my wall",
            "teenage me had {old_favourite_band} on every mixtape, cringe",
        ],
        "distractors": [
            "my cousin has seen {favourite_band} live like nine times",
            "my coworker won't shut up about {favourite_band}",
            "my brother's pub band only plays {favourite_band} covers",
        ],
    },
    "favourite_book": {
        "questions": {
            "favourite_book": [
                "what's my favourite book these days?",
                "which book do I like best right now?",
                "What book does the user currently name as their favourite?",
            ]
        },
        "sets": [
            ("direct", "current favourite book: {favourite_book}, and I've read a lot this year"),
            ("direct", "fav book atm: {favourite_book}, no question"),
            ("direct", "{favourite_book} has become my favourite book, didn't see that coming"),
            ("paraphrase", "just finished {favourite_book} and nothing else compares for me rn"),
            ("paraphrase", "{favourite_book} is the one I'd save in a fire 📚"),
            ("paraphrase", "if someone asked me for one book to read it'd be {favourite_book}"),
            (
                "indirect",
                "my copy of {favourite_book} is falling apart from rereading, might buy a new one",
            ),
            ("indirect", "annotated half of {favourite_book} on the bus, people were staring"),
            ("indirect", "made my whole family read {favourite_book}, they weren't impressed"),
            (
                "indirect",
                "fell asleep with {favourite_book} on my face again, third time this week",
            ),
        ],
        "repeats": [
            "read a few pages of {favourite_book} at lunch, still gets me",
            "quoted {favourite_book} at dinner, nobody got it",
            "flicking through {favourite_book} with a cup of tea",
        ],
        "nostalgia": [
            "my teenage copy of {old_favourite_book} is on the shelf, haven't opened it in years",
            "back in uni {old_favourite_book} was my whole personality",
        ],
        "distractors": [
            "my aunt's book club is doing {favourite_book} this month",
            "my colleague keeps lending people {favourite_book}",
            "my nephew has to read {favourite_book} for school",
        ],
    },
    "pet": {
        "questions": {
            "pet_name": [
                "what's my pet called now?",
                "what's the name of my pet these days?",
                "What is the user's current pet named?",
            ],
            "pet_kind": [
                "what kind of pet do I have now?",
                "what animal do I keep at home these days?",
                "What type of animal is the user's pet at the moment?",
            ],
        },
        "sets": [
            ("direct", "it's official, {pet_name} is our {pet_kind} now 🐾"),
            ("direct", "we got {a_pet_kind}!! named {pet_name}"),
            ("direct", "I've got {a_pet_kind} now, {pet_name}, and I'd never give them back"),
            (
                "paraphrase",
                "say hi to {pet_name}, the newest member of the family, a little {pet_kind}",
            ),
            (
                "paraphrase",
                "brought home {a_pet_kind} from the shelter, we're calling it {pet_name}",
            ),
            (
                "paraphrase",
                "{pet_name} the {pet_kind} lives with us now, the landlord doesn't know lol",
            ),
            (
                "indirect",
                "vet appointment for {pet_name} tomorrow, poor {pet_kind} hates the carrier",
            ),
            ("indirect", "{pet_name} knocked my mug off the table, typical {pet_kind}"),
            ("indirect", "bought {pet_name} a new bed and the {pet_kind} won't go near it"),
            (
                "indirect",
                "my flatmate fed {pet_name} while I was away, the {pet_kind} didn't even miss me",
            ),
            ("indirect", "{pet_name} woke me at 5am, who knew {a_pet_kind} could be this loud"),
        ],
        "repeats": [
            "{pet_name} is snoring next to me, best {pet_kind} ever",
            "cuddles with {pet_name} after work, my {pet_kind} is the best",
            "{pet_name} got a treat for being good, spoiled {pet_kind}",
        ],
        "nostalgia": [
            "found an old photo of {old_pet_name}, best {old_pet_kind} we ever had 😢",
            "back when we had {old_pet_name} the {old_pet_kind} the house was never quiet",
        ],
        "distractors": [
            "my neighbour's {pet_kind} {pet_name} keeps getting into our garden",
            "my sister just adopted {a_pet_kind}, calls it {pet_name}",
            "my coworker showed me 400 photos of her {pet_kind}, {pet_name}",
        ],
    },
    "diet": {
        "questions": {
            "diet": [
                "what diet am I on now?",
                "how do I eat these days, diet-wise?",
                "What eating plan does the user currently follow?",
            ]
        },
        "sets": [
            ("direct", "I'm {diet} now, since the start of the month"),
            ("direct", "went {diet} a few weeks ago and I'm sticking with it"),
            ("direct", "I've switched to eating {diet}, my dad thinks it's a fad"),
            ("paraphrase", "{diet} life for me from here on 🥗"),
            ("paraphrase", "I eat strictly {diet} these days, feel loads better"),
            ("paraphrase", "yeah I'm one of those {diet} people now lol, won't lecture you though"),
            ("indirect", "spent ages at the supermarket checking every label was {diet}"),
            ("indirect", "asked the waiter what was {diet} on the menu, he couldn't tell me"),
            ("indirect", "my mum made a separate {diet} plate for me at sunday lunch, bless her"),
            ("indirect", "found a great {diet} cookbook, already covered in sauce"),
            (
                "indirect",
                "someone nicked my {diet} lunch from the fridge, canteen has nothing I can eat",
            ),
        ],
        "repeats": [
            "made a {diet} curry tonight, so good",
            "{diet} brunch with friends, surprisingly filling",
            "new {diet} bakery opened nearby, dangerous",
        ],
        "nostalgia": [
            "remember my {old_diet} phase? my fridge was so sad back then",
            "back when I was {old_diet} I spent a fortune on groceries",
        ],
        "distractors": [
            "my brother's trying {diet} for january, give it a week",
            "my colleague is {diet} so we had to change restaurants",
            "my aunt swears by eating {diet}",
        ],
    },
    "car": {
        "questions": {
            "car": [
                "what car do I drive now?",
                "what am I driving these days?",
                "Which car does the user currently own?",
            ]
        },
        "sets": [
            ("direct", "new car day!! it's a {car}"),
            ("direct", "I drive a {car} now, took me long enough"),
            ("direct", "picked up my new car yesterday, a {car}, my partner's already jealous"),
            ("paraphrase", "the old banger's gone, I'm in a {car} now"),
            ("paraphrase", "finally got the keys to my own {car}"),
            (
                "paraphrase",
                "treated myself to a second-hand {car}, couldn't have done it without my dad",
            ),
            ("indirect", "parked the {car} outside the chemist and got a ticket, can't win"),
            ("indirect", "the {car} needs its first service already, ugh"),
            ("indirect", "road trip in the {car}, the kids were not impressed by my playlist"),
            ("indirect", "filled up the {car}, petrol prices are a joke"),
            (
                "indirect",
                "someone dinged the door of my {car} in the supermarket car park, I could cry",
            ),
        ],
        "repeats": [
            "hoovered all the crumbs out of the {car}, finally",
            "the {car} did 300 miles on one tank, love it",
            "love how my {car} handles in the rain",
        ],
        "nostalgia": [
            "the {old_car} I had before was a rust bucket but I loved it",
            "back when I had the {old_car}, it broke down every winter",
        ],
        "distractors": [
            "my neighbour just got a {car}, parks it across our drive",
            "my brother-in-law's selling his {car}",
            "my colleague drives a {car} and won't stop talking about it",
        ],
    },
    "gym": {
        "questions": {
            "gym": [
                "which gym do I go to now?",
                "where do I work out these days?",
                "What gym is the user a member of at the moment?",
            ]
        },
        "sets": [
            ("direct", "I go to {gym} now"),
            ("direct", "joined {gym} this week, my legs already hate me"),
            ("direct", "got a membership at {gym}, couldn't resist the deal"),
            ("paraphrase", "{gym} is my new home away from home 💪"),
            ("paraphrase", "cancelled the old membership and moved over to {gym}"),
            ("paraphrase", "my swipe card for {gym} arrived, I'm officially one of them"),
            (
                "indirect",
                "no hot water in the changing rooms at {gym} again, wouldn't kill them to fix it",
            ),
            ("indirect", "waited 20 mins for a squat rack at {gym}, rush hour is chaos"),
            ("indirect", "did a 7am HIIT class at {gym}, I can't feel my arms"),
            ("indirect", "my trainer at {gym} says I'm getting stronger, could've fooled me"),
            ("indirect", "left my water bottle at {gym} again"),
        ],
        "repeats": [
            "quick session at {gym} before work",
            "{gym} was packed tonight",
            "back at {gym} after a week off, ouch",
        ],
        "nostalgia": [
            "I used to go to {old_gym}, the equipment was ancient",
            "back when I trained at {old_gym} I never missed a session",
        ],
        "distractors": [
            "my flatmate swears by {gym}, never shuts up about it",
            "my brother's a personal trainer at {gym}",
            "a colleague cancelled her {gym} membership",
        ],
    },
    "hobby": {
        "questions": {
            "hobby": [
                "what's my hobby these days?",
                "what am I into in my free time now?",
                "What hobby does the user currently spend their free time on?",
            ]
        },
        "sets": [
            ("direct", "I've picked up {hobby}, loving it so far"),
            ("direct", "my new hobby is {hobby}!"),
            ("direct", "started doing {hobby} on weekends, my partner thinks it's hilarious"),
            ("paraphrase", "totally hooked on {hobby} lately, don't judge me"),
            ("paraphrase", "all my free time goes into {hobby} now"),
            ("paraphrase", "{hobby} has taken over my life a bit tbh, in a good way"),
            ("indirect", "booked another {hobby} class for thursday, couldn't wait"),
            ("indirect", "spent my whole paycheck on {hobby} gear, my bank would not approve"),
            ("indirect", "the {hobby} group meets again tonight, so excited"),
            ("indirect", "sore everywhere after a long {hobby} session, the kids think it's funny"),
            ("indirect", "watched {hobby} tutorials till 2am again"),
        ],
        "repeats": [
            "{hobby} after work again, best way to switch off",
            "did some {hobby} this morning, good for the head",
            "{hobby} all afternoon, bliss",
        ],
        "nostalgia": [
            "I used to spend every weekend on {old_hobby}, haven't in ages",
            "back when I was into {old_hobby} I had so much gear",
        ],
        "distractors": [
            "my uncle's taken up {hobby} in retirement",
            "my neighbour runs a {hobby} club at the community centre",
            "my colleague's kids are doing {hobby} at school",
        ],
    },
}
