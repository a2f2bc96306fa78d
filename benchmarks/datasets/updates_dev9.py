"""Ninth development set of everyday user attributes.

Written blind: the author read neither the system's rules nor the other data sets (only
the format).
"""

from typing import Any

DEV9: dict[str, dict[str, Any]] = {
    "allergies": {
        "kind": "multi",
        "pool": (
            "peanuts", "shellfish", "penicillin", "latex", "cat dander", "tree nuts",
            "sesame", "dust mites", "ibuprofen", "kiwi fruit", "birch pollen", "wasp stings",
        ),
        "sets": (
            ("direct", "I'm allergic to {value}, just so you know."),
            ("direct", "turns out im allergic to {value} 🙃"),
            ("paraphrase", "The allergy clinic confirmed it: {value} is a no-go for me from now on."),
            ("paraphrase", "got the skin prick results back and {value} came up positive"),
            ("paraphrase", "Add {value} to the list of things my body has decided to hate."),
            ("indirect", "Spent the afternoon in A&E covered in hives, the consultant reckons it was {value} 😩"),
            ("indirect", "just spent ten minutes grilling the waiter about {value} before ordering, new normal for me i guess"),
            ("indirect", "Picked up a medical alert bracelet today with {value} engraved on it."),
        ),
        "repeats": (
            "Given I react to {value}, is it worth carrying antihistamines on holiday?",
            "still got to steer clear of {value} so keep that in mind when u suggest stuff",
        ),
        "past": (
            "I used to be allergic to {old} as a kid but I seem to have grown out of it.",
            "back in uni {old} used to set me off terribly, not anymore tho",
        ),
        "others": (
            "My nephew's allergic to {value}, so the whole party has to be planned around it.",
            "a lad at work reacts really badly to {value}, proper scary to watch",
        ),
        "hypothetical": (
            "What would I even do if I turned out to be allergic to {value}?",
            "kinda worried i might be developing a reaction to {value}, nothing confirmed tho",
        ),
        "questions": (
            "What is the user allergic to at the moment?",
            "what am i allergic to again?",
        ),
        "past_questions": ("What was the user allergic to before?",),
        "adds": (
            "Another one for the list: I'm now allergic to {value} as well.",
            "great, {value} too now apparently 🙄 on top of everything else",
            "The GP says I've picked up an allergy to {value} too.",
        ),
        "removes": (
            "Good news, the retest shows I'm no longer allergic to {old}!",
            "apparently {old} doesn't bother me anymore, allergist cleared it",
        ),
    },
    "bank": {
        "kind": "single",
        "pool": (
            "Monzo", "Barclays", "NatWest", "Lloyds", "HSBC", "Santander",
            "Nationwide", "Starling", "Halifax", "First Direct", "Chase", "Revolut",
        ),
        "sets": (
            ("direct", "My bank is {value} now."),
            ("direct", "i bank with {value} these days"),
            ("paraphrase", "Finally moved my current account over to {value}."),
            ("paraphrase", "switched my salary to go into {value} from this month"),
            ("paraphrase", "Opened an account with {value} and closed the old one down for good."),
            ("indirect", "The {value} app froze again just as I was trying to pay rent, typical."),
            ("indirect", "new {value} debit card came this morning, need to update it on amazon now"),
            ("indirect", "Had to ring {value} because they froze my card at the petrol station, so embarrassing."),
        ),
        "repeats": (
            "I'll just transfer it from my {value} account later, no rush.",
            "ugh {value} charging me for going overdrawn again",
        ),
        "past": (
            "Back when I was with {old} I never had these problems with transfers.",
            "had {old} for years before i switched, never again",
        ),
        "others": (
            "My dad's been with {value} since the seventies and refuses to budge.",
            "my flatmate banks with {value} and swears by it",
        ),
        "hypothetical": (
            "Thinking of switching to {value} for the switching bonus, is it worth it?",
            "if i ever get fed up enough i might move to {value}",
        ),
        "questions": (
            "Which bank does the user use at the moment?",
            "who do i bank with now?",
        ),
        "past_questions": ("Which bank did the user use before?",),
    },
    "broadband": {
        "kind": "single",
        "pool": (
            "Virgin Media", "BT", "Sky Broadband", "TalkTalk", "Plusnet", "Vodafone Broadband",
            "Hyperoptic", "Community Fibre", "EE Broadband", "Zen Internet",
            "Shell Energy Broadband", "NOW Broadband",
        ),
        "sets": (
            ("direct", "Our broadband provider is {value} now."),
            ("direct", "we're on {value} for internet now fyi"),
            ("paraphrase", "Got the house hooked up with {value} last week, speeds are decent so far."),
            ("paraphrase", "engineer came and connected us to {value} this morning, bye bye old contract"),
            ("paraphrase", "Signed an 18-month deal with {value} for the wifi."),
            ("indirect", "Wifi's dropped out three times tonight, on hold to {value} for the second time now 😤"),
            ("indirect", "the {value} router in our hallway has a blinking orange light again, any ideas?"),
            ("indirect", "First bill from {value} came through and it's actually cheaper than I expected."),
        ),
        "repeats": (
            "Should I restart the {value} hub or just wait it out?",
            "our {value} contract runs out next year so remind me closer to the time",
        ),
        "past": (
            "When we had {old} the connection was rubbish upstairs.",
            "used to be with {old} and the customer service was a nightmare",
        ),
        "others": (
            "My parents are with {value} and they never seem to have issues.",
            "neighbour's on {value} and gets double our speed somehow",
        ),
        "hypothetical": (
            "Might look at {value} when our contract's up, they've got a good offer on.",
            "if {value} ever reaches our street im switching instantly",
        ),
        "questions": (
            "Which broadband provider does the user have at the moment?",
            "who's our internet with now?",
        ),
        "past_questions": ("Which broadband provider did the user have before?",),
    },
    "car": {
        "kind": "single",
        "pool": (
            "Ford Focus", "Vauxhall Corsa", "VW Golf", "Toyota Yaris", "Kia Sportage",
            "Nissan Qashqai", "Tesla Model 3", "Honda Jazz", "Skoda Octavia", "Mini Cooper",
            "BMW 3 Series", "Hyundai Tucson",
        ),
        "sets": (
            ("direct", "I drive {a_value} now."),
            ("direct", "my car's {a_value} these days"),
            ("paraphrase", "Picked up {a_value} from the dealership on Saturday, so chuffed."),
            ("paraphrase", "traded in the old banger, im officially {a_value} owner now"),
            ("paraphrase", "Finally got the keys to my very own {value} today."),
            ("indirect", "Someone dinged the door of my {value} in the retail park, fuming."),
            ("indirect", "booked my {value} in for its first service at the new garage"),
            ("indirect", "Insurance renewal for my {value} just landed, eye-watering 😬"),
        ),
        "repeats": (
            "I'll drive us in the {value}, there's room for four.",
            "need to top up the tyres on my {value} before the trip",
        ),
        "past": (
            "My old {old} did twice the miles on a tank, miss it sometimes.",
            "back when i had {a_old} parking was so much easier",
        ),
        "others": (
            "My sister just bought {a_value} and won't stop going on about it.",
            "colleague gave me a lift in his {value}, nice ride tbf",
        ),
        "hypothetical": (
            "If I ever win the lottery I'm getting {a_value}, no question.",
            "been eyeing up {a_value} on autotrader but can't justify it",
        ),
        "questions": (
            "What car does the user drive at the moment?",
            "what am i driving these days?",
        ),
        "past_questions": ("What car did the user drive before?",),
    },
    "child_school": {
        "kind": "single",
        "pool": (
            "St Mary's Primary", "Oakfield Academy", "Greenwood Primary", "Hillcrest School",
            "Riverside Juniors", "St Joseph's Catholic Primary", "Brookside Infants",
            "Kingsmead Academy", "Holy Trinity CE Primary", "Westfield Primary",
            "Ashgrove School", "Elmhurst Primary",
        ),
        "sets": (
            ("direct", "My daughter goes to {value} now."),
            ("direct", "the kids are at {value} since september"),
            ("paraphrase", "Got the letter: our eldest has a place at {value}, starting straight away!"),
            ("paraphrase", "moved our son over to {value} after half term, fingers crossed"),
            ("paraphrase", "First week at {value} done and she's absolutely loving it."),
            ("indirect", "Need to buy the {value} jumper with the logo on for Monday, why is uniform so expensive"),
            ("indirect", "Parents' evening at {value} on Thursday for our Lily, can you remind me?"),
            ("indirect", "the {value} class whatsapp group is pinging non stop about the cake sale 🙄"),
        ),
        "repeats": (
            "Pick-up at {value} is 3:15 so I'll need to leave work early.",
            "{value} have an inset day on friday so im off work",
        ),
        "past": (
            "When he was at {old} the teachers were lovely, it was just too far to drive.",
            "back when the kids went to {old} the school run took forever",
        ),
        "others": (
            "My niece goes to {value} and they've got a brilliant drama club.",
            "friend's little boy just started at {value}",
        ),
        "hypothetical": (
            "We're considering {value} if we end up moving house, any thoughts?",
            "if we don't get our first choice {value} might be the backup",
        ),
        "questions": (
            "Which school does the user's child attend at the moment?",
            "what school are my kids at now?",
        ),
        "past_questions": ("Which school did the user's child attend before?",),
    },
    "coffee_shop": {
        "kind": "single",
        "pool": (
            "Costa", "Pret", "Caffè Nero", "Starbucks", "Gail's", "Black Sheep Coffee",
            "Blank Street", "Joe & the Juice", "Department of Coffee", "Grind",
            "Workshop Coffee", "Ole & Steen",
        ),
        "sets": (
            ("direct", "My usual coffee shop is {value} now."),
            ("direct", "{value} is my go-to for coffee these days"),
            ("paraphrase", "I'm a regular at {value} now, the baristas know my order by heart."),
            ("paraphrase", "switched my morning flat white to {value}, way better than before"),
            ("paraphrase", "Changed up my routine, I stop at {value} on the way to work now."),
            ("indirect", "Queue at {value} was out the door this morning, nearly late for work again"),
            ("indirect", "my {value} loyalty card's nearly full, free coffee incoming ☕"),
            ("indirect", "Left my umbrella at {value} again during my morning stop, the barista's holding it for me."),
        ),
        "repeats": (
            "Meet you at {value} at ten like usual?",
            "grabbing my usual from {value} on the way in, want anything?",
        ),
        "past": (
            "I used to go to {old} every morning before they closed the one near me.",
            "back in my old job it was {old} every day without fail",
        ),
        "others": (
            "My boss swears by {value} and drags the whole team there.",
            "my sister's obsessed with {value}, it's basically her whole personality",
        ),
        "hypothetical": (
            "Might give {value} a go tomorrow, heard good things.",
            "if {value} opened round here id never go anywhere else",
        ),
        "questions": (
            "Which coffee shop does the user go to these days?",
            "where do i usually get my coffee now?",
        ),
        "past_questions": ("Which coffee shop did the user go to before?",),
    },
    "consoles": {
        "kind": "multi",
        "pool": (
            "PS5", "Xbox Series X", "Nintendo Switch", "Steam Deck", "PS4", "Xbox One",
            "Switch OLED", "Meta Quest 3", "Xbox Series S", "Nintendo 3DS", "PS Vita", "Wii U",
        ),
        "sets": (
            ("direct", "I've got {a_value} now."),
            ("direct", "i game on my {value} mostly these days"),
            ("paraphrase", "Picked up {a_value} in the Black Friday sale, finally!"),
            ("paraphrase", "treated myself to {a_value} with my bonus 🎮"),
            ("paraphrase", "Santa came early, there's {a_value} sat under my telly now."),
            ("indirect", "Spent all weekend on my {value} and didn't leave the sofa once."),
            ("indirect", "my {value} controller's got stick drift already, gutted"),
            ("indirect", "Had to delete half my games off my {value} to fit the new update in."),
        ),
        "repeats": (
            "What's a good co-op game on the {value} for me and my partner?",
            "gonna hop on the {value} after dinner",
        ),
        "past": (
            "I had {a_old} as a teenager and played it to death.",
            "sold my {old} ages ago to pay for a holiday",
        ),
        "others": (
            "My nephew just got {a_value} for his birthday.",
            "mate from work brought his {value} round for fifa night",
        ),
        "hypothetical": (
            "Tempted to get {a_value}, but I really don't have the time to game.",
            "if the {value} drops in price on prime day i might cave",
        ),
        "questions": (
            "Which games consoles does the user own at the moment?",
            "what consoles have i got now?",
        ),
        "past_questions": ("Which games consoles did the user own before?",),
        "adds": (
            "Added {a_value} to the collection, the shelf's getting crowded.",
            "got {a_value} as well now, dont judge me",
            "Now I've got {a_value} too, alongside the others.",
        ),
        "removes": (
            "Sold my {old} on eBay, I never played it anyway.",
            "gave my {old} to my little cousin so that's gone",
        ),
    },
    "dentist": {
        "kind": "single",
        "pool": (
            "Dr Okafor", "Dr Patel", "Dr Nowak", "Dr MacLeod", "Dr Chen", "Dr Haddad",
            "Dr O'Sullivan", "Dr Kowalczyk", "Dr Adeyemi", "Dr Fernandes", "Dr Lindqvist",
            "Dr Rahman",
        ),
        "sets": (
            ("direct", "My dentist is {value} now."),
            ("direct", "new dentist is {value}, seems nice enough"),
            ("paraphrase", "Got registered with {value} at the practice on the high street, NHS too!"),
            ("paraphrase", "I'm seeing {value} for my teeth from now on."),
            ("paraphrase", "finally found someone taking on patients, i'm with {value}"),
            ("indirect", "{value} says I need a filling, absolutely gutted 🦷"),
            ("indirect", "Check-up with {value} on Tuesday, got to floss like mad till then 😅"),
            ("indirect", "had a scale and polish with {value} this morning and my gums are still sore"),
        ),
        "repeats": (
            "Can you remind me to book my six-monthly with {value}?",
            "{value} told me off for not flossing again lol",
        ),
        "past": (
            "My old dentist, {old}, was so much gentler.",
            "back when i saw {old} i never needed any fillings",
        ),
        "others": (
            "My mum's dentist is {value} and she won't see anyone else.",
            "partner goes to {value}, says they're brilliant with nervous patients",
        ),
        "hypothetical": (
            "Thinking of moving to {value}, I've heard they do evening appointments.",
            "if i can get on {value}'s list i'll switch in a heartbeat",
        ),
        "questions": (
            "Who is the user's dentist at the moment?",
            "who's my dentist now?",
        ),
        "past_questions": ("Who was the user's dentist before?",),
    },
    "doctor": {
        "kind": "single",
        "pool": (
            "Dr Sharma", "Dr Okonkwo", "Dr Williams", "Dr Ahmed", "Dr Byrne", "Dr Murray",
            "Dr Kaur", "Dr Novak", "Dr Mensah", "Dr Rossi", "Dr Hughes", "Dr Tanaka",
        ),
        "sets": (
            ("direct", "My GP is {value} now."),
            ("direct", "my family doctor's {value} these days"),
            ("paraphrase", "Switched surgeries, I'm registered under {value} now."),
            ("paraphrase", "the practice reassigned me so {value} is looking after me from now on"),
            ("paraphrase", "Since the move I'm on {value}'s patient list."),
            ("indirect", "{value} wants me back in for bloods next week, probably nothing"),
            ("indirect", "Finally got a phone appointment with {value} after ringing my surgery at 8am three days straight 🙃"),
            ("indirect", "{value} signed me off work for a week so I'm stuck on the sofa."),
        ),
        "repeats": (
            "I'll ask {value} about it at my next appointment.",
            "{value} put me on the waiting list for physio ages ago, still nothing",
        ),
        "past": (
            "My old GP, {old}, actually listened, unlike this lot.",
            "back when i was with {old} you could get seen the same day",
        ),
        "others": (
            "My gran's GP is {value} and she won't hear a bad word about them.",
            "my flatmate sees {value} at the surgery round the corner",
        ),
        "hypothetical": (
            "Can I ask to be moved to {value}? I've heard they're really thorough.",
            "if i ever switch practices id want {value} tbh",
        ),
        "questions": (
            "Who is the user's GP at the moment?",
            "who's my doctor now?",
        ),
        "past_questions": ("Who was the user's GP before?",),
    },
    "employer": {
        "kind": "single",
        "pool": (
            "Deloitte", "Aviva", "Ocado", "Rolls-Royce", "Octopus Energy", "Arup",
            "Hargreaves Lansdown", "Kainos", "Brightwater Logistics", "Unilever",
            "Halden & Pike", "BAE Systems",
        ),
        "sets": (
            ("direct", "I work for {value} now."),
            ("direct", "im at {value} these days, started last month"),
            ("paraphrase", "Signed the contract, I'm officially joining {value}!"),
            ("paraphrase", "handed in my notice and took the offer from {value} 🎉"),
            ("paraphrase", "New job's at {value}, first day went well."),
            ("indirect", "Got my {value} lanyard and work laptop today, feels real now."),
            ("indirect", "my {value} onboarding training is sooo long, three whole days of it"),
            ("indirect", "First payslip from {value} came through and the tax code is all wrong."),
        ),
        "repeats": (
            "Can you help me prep for my annual review at {value}?",
            "{value} have got us doing a team away day next week, send help",
        ),
        "past": (
            "When I worked at {old} the commute was two hours a day.",
            "back at {old} we got friday afternoons off, miss that",
        ),
        "others": (
            "My brother-in-law works at {value} and says the culture's decent.",
            "an old uni mate just landed a job at {value}",
        ),
        "hypothetical": (
            "I've got an interview with {value} next week, wish me luck.",
            "if {value} ever advertised a remote role id apply in a second",
        ),
        "questions": (
            "Which company does the user work for at the moment?",
            "who do i work for now?",
        ),
        "past_questions": ("Which company did the user work for before?",),
    },
    "football_team": {
        "kind": "single",
        "pool": (
            "Arsenal", "Liverpool", "Man United", "Spurs", "Newcastle", "Aston Villa",
            "Leeds", "Celtic", "Everton", "West Ham", "Brighton", "Wolves",
        ),
        "sets": (
            ("direct", "I support {value} now."),
            ("direct", "{value} are my team now, no going back"),
            ("paraphrase", "My allegiance has officially switched to {value}, don't @ me."),
            ("paraphrase", "the in-laws converted me, i follow {value} now"),
            ("paraphrase", "Since moving I've properly got behind {value}, I go to every home game I can."),
            ("indirect", "Can't believe {value} bottled it in injury time, I'm not speaking to anyone tonight 😭"),
            ("indirect", "Bought myself the new {value} home shirt, cost a fortune but worth it."),
            ("indirect", "my season ticket for {value} arrived today, can't wait for the first home game"),
        ),
        "repeats": (
            "What time are {value} on Saturday? Need to plan the food shop round it.",
            "speaking as someone who follows {value}, that ref was shocking",
        ),
        "past": (
            "As a kid I supported {old} because of my dad, but I grew out of it.",
            "used to follow {old} religiously before i moved away",
        ),
        "others": (
            "My husband's a die-hard {value} fan, so Sundays are tense.",
            "my mate dragged me to the pub to watch {value} lose again",
        ),
        "hypothetical": (
            "If I had to pick a second team it'd probably be {value}.",
            "thinking of getting behind {value} just so i have someone to cheer for lol",
        ),
        "questions": (
            "Which football team does the user support at the moment?",
            "what team do i support now?",
        ),
        "past_questions": ("Which football team did the user support before?",),
    },
    "gym": {
        "kind": "single",
        "pool": (
            "PureGym", "The Gym Group", "David Lloyd", "Anytime Fitness", "Virgin Active",
            "Nuffield Health", "Third Space", "Snap Fitness", "Better Leisure", "Everlast Gyms",
            "JD Gyms", "Bannatyne",
        ),
        "sets": (
            ("direct", "I'm a member at {value} now."),
            ("direct", "my gym's {value} now, way closer to work"),
            ("paraphrase", "Signed up to {value} on the January offer, no excuses now."),
            ("paraphrase", "cancelled the old membership and joined {value} instead"),
            ("paraphrase", "I train at {value} these days, five mornings a week."),
            ("indirect", "Someone nicked my padlock off the lockers at {value} during my session, who does that??"),
            ("indirect", "every squat rack at {value} was taken when i got there at 6am, unreal"),
            ("indirect", "{value} took my monthly fee out twice this month, need to sort it."),
        ),
        "repeats": (
            "I'll hit {value} after work and then meet you for dinner.",
            "is it worth booking a PT session at {value} or should i just follow a plan?",
        ),
        "past": (
            "When I was at {old} I never actually went, total waste of money.",
            "used to go to {old} before it closed down",
        ),
        "others": (
            "My colleague goes to {value} and keeps trying to get me to join.",
            "sister just joined {value}, says the classes are great",
        ),
        "hypothetical": (
            "Might check out {value}, they do a free trial week.",
            "if {value} ever opened near me id switch",
        ),
        "questions": (
            "Which gym does the user go to at the moment?",
            "which gym am i a member of now?",
        ),
        "past_questions": ("Which gym did the user go to before?",),
    },
    "hairdresser": {
        "kind": "single",
        "pool": (
            "Toni & Guy", "Rush", "Headmasters", "Franco's Barbers", "Blade & Co", "Fresh Fades",
            "Hair by Kerry", "The Cutting Room", "Regis", "Supercuts", "Aveda Lounge", "Mane Street",
        ),
        "sets": (
            ("direct", "I get my hair done at {value} now."),
            ("direct", "new hairdresser is {value}, v happy with it"),
            ("paraphrase", "Booked in at {value} from now on, they actually listen to what I ask for."),
            ("paraphrase", "switched salons, i go to {value} now"),
            ("paraphrase", "Found somewhere new for my cuts: {value}, just off the high street."),
            ("indirect", "Just walked out of {value} with the best haircut I've had in years 💇"),
            ("indirect", "{value} have squeezed me in on friday for my usual trim before the wedding"),
            ("indirect", "Left {value} feeling like a new person, already booked my next one there."),
        ),
        "repeats": (
            "Remind me to book my next trim at {value} for the end of the month.",
            "{value} always run late on saturdays so ill be a bit behind",
        ),
        "past": (
            "The stylist at {old} used to do my colour perfectly, I miss that place.",
            "back when i went to {old} it was half the price",
        ),
        "others": (
            "My mum's been going to {value} for twenty years.",
            "my mate got his hair cut at {value} and it looks sick",
        ),
        "hypothetical": (
            "Should I try {value} next time? My cousin rates them.",
            "if i ever go blonde ill get it done at {value}",
        ),
        "questions": (
            "Where does the user get their hair cut at the moment?",
            "where do i get my hair done now?",
        ),
        "past_questions": ("Where did the user get their hair cut before?",),
    },
    "home_city": {
        "kind": "single",
        "pool": (
            "Manchester", "Bristol", "Glasgow", "Cardiff", "Edinburgh", "Birmingham",
            "Nottingham", "Sheffield", "York", "Belfast", "Norwich", "Leicester",
        ),
        "sets": (
            ("direct", "I live in {value} now."),
            ("direct", "home is {value} these days"),
            ("paraphrase", "We've finally made the move to {value}, boxes everywhere."),
            ("paraphrase", "relocated to {value} for good, signed the lease yesterday"),
            ("paraphrase", "Got the keys to our new place in {value} today!"),
            ("indirect", "Registered to vote at my new {value} address, very adult of me."),
            ("indirect", "still getting lost on the buses in {value}, how long does it take to learn a new city"),
            ("indirect", "First council tax letter from {value} landed on our new doormat, ouch."),
        ),
        "repeats": (
            "Any good Sunday roast spots in {value}? I'm bored of my usual.",
            "weather in {value} is grim again today",
        ),
        "past": (
            "When I lived in {old} I could walk everywhere.",
            "grew up in {old} but haven't been back in years",
        ),
        "others": (
            "My brother's just moved to {value} for uni.",
            "best mate lives in {value}, we visit each other every couple of months",
        ),
        "hypothetical": (
            "We keep talking about moving to {value} someday.",
            "if i ever got a job offer in {value} id take it tbh",
        ),
        "questions": (
            "Which city does the user live in at the moment?",
            "where do i live now?",
        ),
        "past_questions": ("Which city did the user live in before?",),
    },
    "instruments": {
        "kind": "multi",
        "pool": (
            "guitar", "piano", "violin", "ukulele", "drums", "cello", "bass guitar",
            "saxophone", "trumpet", "flute", "banjo", "harmonica",
        ),
        "sets": (
            ("direct", "I play the {value} now."),
            ("direct", "been playing the {value} for a few months now"),
            ("paraphrase", "Started lessons on the {value} in the new year, loving it."),
            ("paraphrase", "finally took the plunge and started learning the {value} 🎶"),
            ("paraphrase", "Picked up the {value} over the winter and I'm hooked."),
            ("indirect", "My neighbours must hate me, two hours on the {value} tonight 😅"),
            ("indirect", "just ordered a proper case for my {value}, gotta protect the investment"),
            ("indirect", "My {value} teacher says I'm ready for my first grade exam!"),
        ),
        "repeats": (
            "Can you find me some easy songs to play on the {value}?",
            "practising the {value} before dinner, call u after",
        ),
        "past": (
            "I did the {old} at school but gave it up at fourteen.",
            "used to play the {old} in a band at uni, haven't touched it since",
        ),
        "others": (
            "My daughter's started the {value} and it's very loud.",
            "my mate plays the {value} in a pub band",
        ),
        "hypothetical": (
            "Always fancied learning the {value}, maybe one day.",
            "if i had more time id take up the {value}",
        ),
        "questions": (
            "Which instruments does the user play at the moment?",
            "what instruments do i play now?",
        ),
        "past_questions": ("Which instruments did the user play before?",),
        "adds": (
            "Adding the {value} to my repertoire, started lessons this week.",
            "learning the {value} as well now, im a one man band lol",
            "Took up the {value} too, alongside everything else.",
        ),
        "removes": (
            "I've sold my {old}, I just wasn't playing it anymore.",
            "gave up the {old}, couldn't keep up with the practice",
        ),
    },
    "languages": {
        "kind": "multi",
        "pool": (
            "Spanish", "French", "German", "Italian", "Portuguese", "Mandarin",
            "Japanese", "Polish", "Welsh", "Arabic", "Urdu", "Dutch",
        ),
        "sets": (
            ("direct", "I speak {value} now, fairly fluently."),
            ("direct", "i can actually speak {value} now!!"),
            ("paraphrase", "Passed my B2 exam in {value}, so I can hold a proper conversation now."),
            ("paraphrase", "After two years of evening classes I'm finally conversational in {value}."),
            ("paraphrase", "got to the point where i can chat in {value} without panicking"),
            ("indirect", "Watched a whole film in {value} without subtitles last night and understood nearly all of it!"),
            ("indirect", "ordered dinner entirely in {value} on holiday and the waiter didn't switch to english once 🙌"),
            ("indirect", "Did my whole client call in {value} today, so proud of myself."),
        ),
        "repeats": (
            "Can you recommend some {value} podcasts to keep my listening sharp?",
            "ill translate it for you, my {value}'s good enough for that",
        ),
        "past": (
            "I spoke decent {old} as a kid but I've lost nearly all of it.",
            "did {old} at GCSE but honestly couldn't order a coffee in it now",
        ),
        "others": (
            "My partner speaks {value} with her family.",
            "colleague grew up speaking {value} at home",
        ),
        "hypothetical": (
            "I'd love to learn {value} before I retire.",
            "thinking about starting {value} on duolingo, worth it?",
        ),
        "questions": (
            "Which languages does the user speak at the moment?",
            "what languages can i speak now?",
        ),
        "past_questions": ("Which languages did the user speak before?",),
        "adds": (
            "I can add {value} to my languages now, finished the course.",
            "speak {value} too now, not just the others",
            "Got my {value} up to a decent level as well.",
        ),
        "removes": (
            "Honestly my {old} has gone completely, I can't speak it anymore.",
            "lost my {old} totally, haven't used it in years",
        ),
    },
    "laptop": {
        "kind": "single",
        "pool": (
            "MacBook Air M2", "MacBook Pro 14", "Dell XPS 13", "Lenovo ThinkPad X1 Carbon",
            "HP Spectre x360", "Microsoft Surface Laptop 5", "ASUS ZenBook 14", "Acer Swift 3",
            "Razer Blade 15", "Framework Laptop 13", "LG Gram 16", "Lenovo Yoga Slim 7",
        ),
        "sets": (
            ("direct", "My laptop is the {value} now."),
            ("direct", "im on the {value} now for work and everything"),
            ("paraphrase", "Upgraded to the {value}, the battery life is unreal."),
            ("paraphrase", "treated myself to the {value}, the old one was on its last legs"),
            ("paraphrase", "Replaced my old machine with the {value}, so much faster."),
            ("indirect", "Spilled tea all over my {value} keyboard, please tell me it'll survive 😱"),
            ("indirect", "my {value} fan goes mad whenever im on teams calls, is that normal?"),
            ("indirect", "Just finished setting up the {value} I picked up yesterday, transferring files now."),
        ),
        "repeats": (
            "Is it safe to update my {value} to the latest OS right now?",
            "ill send it from my {value} when i get home",
        ),
        "past": (
            "My old {old} lasted six years, proper workhorse.",
            "back when i had the {old} the battery died in like two hours",
        ),
        "others": (
            "My boss has the {value} and it's gorgeous.",
            "my flatmate's {value} makes mine look ancient",
        ),
        "hypothetical": (
            "Wondering if the {value} would be worth it for video editing?",
            "if work ever pays for a new one im getting the {value}",
        ),
        "questions": (
            "Which laptop does the user have at the moment?",
            "what laptop am i using now?",
        ),
        "past_questions": ("Which laptop did the user have before?",),
    },
    "medications": {
        "kind": "multi",
        "pool": (
            "sertraline", "metformin", "levothyroxine", "omeprazole", "amlodipine",
            "atorvastatin", "salbutamol", "lansoprazole", "propranolol", "citalopram",
            "ramipril", "cetirizine",
        ),
        "sets": (
            ("direct", "I'm taking {value} now."),
            ("direct", "im on {value} now btw"),
            ("paraphrase", "The doctor started me on {value} this week."),
            ("paraphrase", "Got a new prescription for {value} today, we'll see how it goes."),
            ("paraphrase", "{value} is part of my daily routine from now on, apparently."),
            ("indirect", "Picked up my {value} from Boots, the queue was ridiculous."),
            ("indirect", "set a phone alarm for my {value} at 8 every morning so i don't forget"),
            ("indirect", "Feeling a bit queasy since I started the {value} on Monday, is that a common side effect?"),
        ),
        "repeats": (
            "Can I drink alcohol while I'm on {value}?",
            "need to reorder my {value} before the bank holiday",
        ),
        "past": (
            "I was on {old} for a couple of years but came off it.",
            "used to take {old} back when i was at uni",
        ),
        "others": (
            "My dad's on {value} and says it's helped loads.",
            "my nan has {value} in her dosette box, same as half the street",
        ),
        "hypothetical": (
            "The GP mentioned maybe trying {value} if this doesn't work.",
            "would {value} interact with anything if i ever needed it?",
        ),
        "questions": (
            "Which medications is the user taking at the moment?",
            "what meds am i on now?",
        ),
        "past_questions": ("Which medications was the user taking before?",),
        "adds": (
            "They've added {value} on top of my other meds.",
            "on {value} as well now, my pill organiser is filling up",
            "Started {value} too, alongside what I was already taking.",
        ),
        "removes": (
            "I've come off {old} completely now, the doctor's happy.",
            "stopped taking {old} last month, no more",
        ),
    },
    "mobile_carrier": {
        "kind": "single",
        "pool": (
            "EE", "O2", "Vodafone", "Three", "giffgaff", "Tesco Mobile", "Sky Mobile",
            "Lebara", "iD Mobile", "Smarty", "VOXI", "Lyca Mobile",
        ),
        "sets": (
            ("direct", "My phone network is {value} now."),
            ("direct", "im with {value} for my phone now"),
            ("paraphrase", "Ported my number over to {value}, took less than a day."),
            ("paraphrase", "Got a SIM-only deal with {value}, saving a tenner a month."),
            ("paraphrase", "switched networks, it's {value} from now on"),
            ("indirect", "No signal again in my kitchen, {value} coverage round here is a joke"),
            ("indirect", "Got a text from {value} saying I've used 80% of my data already 🙄"),
            ("indirect", "new {value} SIM arrived this morning, popping it in my phone now"),
        ),
        "repeats": (
            "Does {value} charge me for roaming in Spain?",
            "my {value} contract's up in june, remind me then",
        ),
        "past": (
            "When I was on {old} I never had signal at my parents'.",
            "was with {old} for ages before i switched",
        ),
        "others": (
            "My partner's on {value} and gets 5G everywhere.",
            "my mum's with {value} and pays next to nothing",
        ),
        "hypothetical": (
            "Thinking of moving to {value} when my contract ends.",
            "if {value} did a decent deal id jump ship",
        ),
        "questions": (
            "Which mobile network is the user with at the moment?",
            "which network am i on now?",
        ),
        "past_questions": ("Which mobile network was the user with before?",),
    },
    "pets": {
        "kind": "multi",
        "pool": (
            "beagle", "tabby cat", "border terrier", "golden retriever", "rabbit", "cockapoo",
            "guinea pig", "bearded dragon", "Maine Coon", "French bulldog", "budgie", "Staffie",
        ),
        "sets": (
            ("direct", "We've got {a_value} now."),
            ("direct", "i have {a_value} now!! 🐾"),
            ("paraphrase", "Brought home {a_value} from the rescue centre today."),
            ("paraphrase", "The family's grown, we adopted {a_value} at the weekend."),
            ("paraphrase", "Say hello to the newest member of the household: {a_value}."),
            ("indirect", "Our {value} chewed through my charger cable overnight, I could cry."),
            ("indirect", "Spent £60 on food and a bed for our {value} today, worth every penny."),
            ("indirect", "3am and my {value} wants attention again, send coffee"),
        ),
        "repeats": (
            "What's the best food for {a_value} that's getting on a bit?",
            "need someone to feed the {value} while we're away next week",
        ),
        "past": (
            "We had {a_old} when I was growing up.",
            "my old {old} passed last year, still miss them",
        ),
        "others": (
            "My neighbour's just got {a_value}, it's adorable.",
            "mate from work brought her {value} into the office today",
        ),
        "hypothetical": (
            "Thinking about getting {a_value} once we've got a garden.",
            "if our landlord allowed it id have {a_value} tomorrow",
        ),
        "questions": (
            "What pets does the user have at the moment?",
            "what pets have i got now?",
        ),
        "past_questions": ("What pets did the user have before?",),
        "adds": (
            "We've added {a_value} to the household, the others aren't sure yet.",
            "got {a_value} too now, it's a zoo here 😂",
            "Another one joined the family this week: {a_value}.",
        ),
        "removes": (
            "We rehomed the {old}, it just wasn't working out.",
            "sadly lost our {old} last week 😢",
        ),
    },
    "phone": {
        "kind": "single",
        "pool": (
            "iPhone 15", "iPhone 13 mini", "Samsung Galaxy S24", "Google Pixel 8", "OnePlus 12",
            "Samsung Galaxy A54", "Pixel 7a", "iPhone 14 Pro", "Motorola Edge 40",
            "Nothing Phone 2", "Xiaomi 13T", "Sony Xperia 5",
        ),
        "sets": (
            ("direct", "My phone's the {value} now."),
            ("direct", "got the {value} now btw"),
            ("paraphrase", "Upgraded to the {value} when my contract came up."),
            ("paraphrase", "finally ditched my cracked old handset for the {value}"),
            ("paraphrase", "Treated myself to a shiny new {value} at the weekend."),
            ("indirect", "Dropped my {value} face-down on the pavement, please let the screen be okay 😭"),
            ("indirect", "how do i turn off the annoying keyboard vibration on my {value}"),
            ("indirect", "Just bought a case for my new {value}, wasn't risking a single day without one."),
        ),
        "repeats": (
            "My {value} is on 5% again, remind me to charge it.",
            "can you send it as a link, my {value} wont open the attachment",
        ),
        "past": (
            "My old {old} lasted me four years.",
            "when i had the {old} the battery was awful",
        ),
        "others": (
            "My dad's got the {value} and can't work out how to answer it.",
            "sister just upgraded to the {value}",
        ),
        "hypothetical": (
            "Is the {value} worth upgrading to?",
            "if i can get the {value} on a good deal i might switch",
        ),
        "questions": (
            "What phone does the user have at the moment?",
            "what phone have i got now?",
        ),
        "past_questions": ("What phone did the user have before?",),
    },
    "running_shoes": {
        "kind": "single",
        "pool": (
            "Nike Pegasus 40", "ASICS Gel-Nimbus 25", "Brooks Ghost 15", "Hoka Clifton 9",
            "Saucony Endorphin Speed 3", "Adidas Ultraboost 22", "New Balance 1080v13",
            "On Cloudmonster", "Brooks Glycerin 21", "Hoka Bondi 8", "Saucony Kinvara 14",
            "ASICS Novablast 4",
        ),
        "sets": (
            ("direct", "I run in the {value} now."),
            ("direct", "current running shoes: {value} 👟"),
            ("paraphrase", "Got fitted at the running shop and walked out with the {value}."),
            ("paraphrase", "retired my old trainers and picked up the {value}"),
            ("paraphrase", "Switched to the {value} for my long runs and my knees are thanking me."),
            ("indirect", "Did a 10k in my {value} this morning and no blisters for once!"),
            ("indirect", "already worn down the tread on my {value}, too many miles lol"),
            ("indirect", "Broke in my new {value} at parkrun today, bit stiff but promising."),
        ),
        "repeats": (
            "I'll lace up the {value} and go for a quick 5k.",
            "how many miles should i get out of my {value} before replacing them?",
        ),
        "past": (
            "My old {old} gave me shin splints, never again.",
            "used to run in the {old} before my physio told me to change",
        ),
        "others": (
            "My running club mate swears by the {value}.",
            "my husband just bought the {value} for his marathon training",
        ),
        "hypothetical": (
            "Thinking of trying the {value} for race day.",
            "if the {value} go on sale ill grab a pair",
        ),
        "questions": (
            "Which running shoes does the user wear at the moment?",
            "what running shoes am i using now?",
        ),
        "past_questions": ("Which running shoes did the user wear before?",),
    },
    "smartwatch": {
        "kind": "single",
        "pool": (
            "Apple Watch Series 9", "Garmin Forerunner 265", "Fitbit Sense 2",
            "Samsung Galaxy Watch 6", "Google Pixel Watch 2", "Garmin Venu 3", "Apple Watch SE",
            "Amazfit GTR 4", "Fitbit Versa 4", "Garmin Fenix 7", "Withings ScanWatch",
            "Huawei Watch GT 4",
        ),
        "sets": (
            ("direct", "My smartwatch is the {value} now."),
            ("direct", "wearing the {value} now, love it"),
            ("paraphrase", "Swapped my old fitness tracker for the {value}."),
            ("paraphrase", "Got the {value} for my birthday and it hasn't left my wrist since."),
            ("paraphrase", "treated myself to the {value} in the sale"),
            ("indirect", "My {value} keeps telling me to stand up during meetings, so awkward."),
            ("indirect", "my {value} says i only got 5 hours sleep, explains a lot 😴"),
            ("indirect", "Forgot to charge my {value} so today's run didn't get tracked, gutted."),
        ),
        "repeats": (
            "Can you help me set up sleep tracking on my {value}?",
            "my {value} buzzed so i saw your message, will reply later",
        ),
        "past": (
            "My old {old} never synced properly with my phone.",
            "had the {old} for a couple of years before upgrading",
        ),
        "others": (
            "My dad just got the {value} and even wears it to bed.",
            "colleague's {value} keeps beeping in meetings lol",
        ),
        "hypothetical": (
            "Is the {value} any good for swimming? Might get one.",
            "if i ever get serious about running ill get the {value}",
        ),
        "questions": (
            "Which smartwatch does the user wear at the moment?",
            "what smartwatch have i got now?",
        ),
        "past_questions": ("Which smartwatch did the user wear before?",),
    },
    "social_media": {
        "kind": "multi",
        "pool": (
            "Instagram", "TikTok", "Facebook", "Reddit", "LinkedIn", "Snapchat",
            "Threads", "Bluesky", "Pinterest", "Mastodon", "BeReal", "Tumblr",
        ),
        "sets": (
            ("direct", "I'm on {value} now."),
            ("direct", "finally made an account on {value} lol"),
            ("paraphrase", "Caved and signed up to {value}, please don't judge."),
            ("paraphrase", "I've joined {value}, follow me if you're on there."),
            ("paraphrase", "my sister talked me into getting {value} and now im hooked"),
            ("indirect", "Lost two hours scrolling {value} last night, where does the time go"),
            ("indirect", "My first {value} post got 200 likes, that's a personal record 😂"),
            ("indirect", "keep getting weird lawnmower ads on my {value} feed, is my phone listening"),
        ),
        "repeats": (
            "Can you help me write a caption for my {value} post?",
            "saw it on {value} this morning, is it real?",
        ),
        "past": (
            "I had {old} back in school but deleted it years ago.",
            "used to be on {old} constantly, not anymore",
        ),
        "others": (
            "My mum's just joined {value} and comments on everything.",
            "mate posts all his gym pics on {value}",
        ),
        "hypothetical": (
            "Should I get {value} for the business?",
            "if i ever joined {value} i'd never get anything done",
        ),
        "questions": (
            "Which social media platforms does the user use at the moment?",
            "what social media am i on now?",
        ),
        "past_questions": ("Which social media platforms did the user use before?",),
        "adds": (
            "I've added {value} to my apps, as well as the usual ones.",
            "on {value} too now, don't ask",
            "Signed up for {value} as well this week.",
        ),
        "removes": (
            "Deleted my {old} account, much better for my head.",
            "came off {old} for good",
        ),
    },
    "sports": {
        "kind": "multi",
        "pool": (
            "five-a-side", "badminton", "netball", "tennis", "squash", "padel",
            "cricket", "rugby", "hockey", "volleyball", "table tennis", "golf",
        ),
        "sets": (
            ("direct", "I play {value} now."),
            ("direct", "been playing {value} every week lately"),
            ("paraphrase", "Joined a local {value} club, first session's on Tuesday."),
            ("paraphrase", "signed up to a {value} league at the leisure centre"),
            ("paraphrase", "{value} is my thing these days, can't get enough."),
            ("indirect", "Pulled my hamstring at {value} last night, can barely walk today."),
            ("indirect", "won our {value} match on sunday!! buzzing"),
            ("indirect", "Need new kit for {value}, mine's falling apart from all my weekly sessions."),
        ),
        "repeats": (
            "Can't do Thursday, I've got {value}.",
            "any stretches for after {value}? always so stiff",
        ),
        "past": (
            "I played {old} at school but haven't since.",
            "used to do {old} every saturday till my knee went",
        ),
        "others": (
            "My son's really into {value} at the moment.",
            "colleague keeps asking me to play {value} with her lot",
        ),
        "hypothetical": (
            "Always wanted to try {value}, is it hard to pick up?",
            "if i had the time id take up {value}",
        ),
        "questions": (
            "Which sports does the user play at the moment?",
            "what sports do i play now?",
        ),
        "past_questions": ("Which sports did the user play before?",),
        "adds": (
            "I've started {value} too, on top of everything else.",
            "added {value} to the weekly schedule as well",
            "Doing {value} now as well, Wednesdays.",
        ),
        "removes": (
            "I've given up {old}, my body can't take it.",
            "quit {old} last month, not enough time",
        ),
    },
    "streaming": {
        "kind": "multi",
        "pool": (
            "Netflix", "Disney+", "Amazon Prime Video", "NOW TV", "Apple TV+", "Paramount+",
            "BritBox", "Crunchyroll", "Spotify", "Discovery+", "MUBI", "DAZN",
        ),
        "sets": (
            ("direct", "I've got {value} now."),
            ("direct", "subscribed to {value} now btw"),
            ("paraphrase", "Signed up for {value} so I can finally watch that series everyone's on about."),
            ("paraphrase", "caved and added {value} to the monthly direct debits"),
            ("paraphrase", "Took the {value} free trial and kept it on after."),
            ("indirect", "Binged a whole season on {value} last night, no regrets."),
            ("indirect", "Just saw the {value} charge on my statement, at least I'm using it loads."),
            ("indirect", "what should i watch next on my {value}? finished everything good"),
        ),
        "repeats": (
            "Is that new documentary on {value}? I'll watch it tonight.",
            "can share my {value} login with you if you want",
        ),
        "past": (
            "We had {old} during lockdown but cancelled it after.",
            "used to pay for {old} but never watched it",
        ),
        "others": (
            "My parents have {value} and only ever watch one show on it.",
            "i always watch stuff on my mate's {value} when im round his",
        ),
        "hypothetical": (
            "Is {value} worth paying for?",
            "might get {value} for a month if that show comes out",
        ),
        "questions": (
            "Which streaming services does the user subscribe to at the moment?",
            "what streaming subs have i got now?",
        ),
        "past_questions": ("Which streaming services did the user subscribe to before?",),
        "adds": (
            "Added {value} to my subscriptions as well.",
            "got {value} too now, my bank account is crying",
            "Now paying for {value} on top of the others.",
        ),
        "removes": (
            "Cancelled {old}, I wasn't using it enough.",
            "got rid of {old} to save a bit of money",
        ),
    },
    "supermarket": {
        "kind": "single",
        "pool": (
            "Tesco", "Sainsbury's", "Asda", "Aldi", "Lidl", "Morrisons",
            "Waitrose", "Co-op", "M&S", "Iceland", "Booths", "Spar",
        ),
        "sets": (
            ("direct", "I do my weekly shop at {value} now."),
            ("direct", "{value} is where i shop now, way cheaper"),
            ("paraphrase", "Switched the big weekly shop over to {value}."),
            ("paraphrase", "We're {value} shoppers now, the old place got too pricey."),
            ("paraphrase", "got a delivery slot sorted with {value} every friday from now on"),
            ("indirect", "Tills at {value} were rammed again during my weekly shop, should've gone earlier."),
            ("indirect", "Just downloaded the {value} app for the points, might as well since I'm in there every week."),
            ("indirect", "the {value} self-checkout shouted 'unexpected item' at me again on my big shop 🙄"),
        ),
        "repeats": (
            "Add oat milk to the list for {value} tomorrow.",
            "popping to {value} later, need anything?",
        ),
        "past": (
            "When we shopped at {old} the bill was nearly double.",
            "used to do {old} every week before we moved",
        ),
        "others": (
            "My mum won't shop anywhere but {value}.",
            "flatmate does her shop at {value} and always finds bargains",
        ),
        "hypothetical": (
            "Might try {value} next week and see if it's any cheaper.",
            "if {value} opened closer id switch",
        ),
        "questions": (
            "Which supermarket does the user shop at these days?",
            "where do i do my food shop now?",
        ),
        "past_questions": ("Which supermarket did the user shop at before?",),
    },
    "vet": {
        "kind": "single",
        "pool": (
            "Medivet", "Vets4Pets", "Companion Care", "Oakwood Vets",
            "Riverside Veterinary Clinic", "Village Vets", "Pennine Vets", "Abbey House Vets",
            "Castle Vets", "Parkside Veterinary Practice", "Willows Veterinary Centre",
            "Greenfields Vets",
        ),
        "sets": (
            ("direct", "Our vet is {value} now."),
            ("direct", "we're registered at {value} for the pets now"),
            ("paraphrase", "Moved the animals over to {value}, much nicer practice."),
            ("paraphrase", "signed up to the pet health plan at {value}, covers jabs and flea stuff"),
            ("paraphrase", "Found a new practice for the pets: {value}, five minutes down the road."),
            ("indirect", "{value} just rang to say our dog's blood results are back, all clear 🐶"),
            ("indirect", "Spent £300 at {value} today on one ear infection for the cat, I'm in the wrong job"),
            ("indirect", "booster reminder text from {value} just came through for our pup, need to book it"),
        ),
        "repeats": (
            "Can you remind me to ring {value} about the worming tablets?",
            "ill take her to {value} on saturday if she's still limping",
        ),
        "past": (
            "When we were with {old} they always ran late.",
            "used to go to {old} before they got bought out",
        ),
        "others": (
            "My neighbour takes her dogs to {value} and rates them highly.",
            "a mate works as a veterinary nurse at {value}",
        ),
        "hypothetical": (
            "Thinking about switching to {value}, they do out-of-hours care.",
            "if {value} had parking id move us there tomorrow",
        ),
        "questions": (
            "Which vet practice does the user use at the moment?",
            "which vets are we with now?",
        ),
        "past_questions": ("Which vet practice did the user use before?",),
    },
}
