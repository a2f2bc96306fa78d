"""Closed grammatical word classes that the attribute reader tests tokens against.

Modal and change verbs, kin and social nouns, time nouns, greetings: classes that do not
grow with a tenant's data. They are not a list of attributes; a new attribute needs no new
word here.
"""

from __future__ import annotations

FIRST_PERSON = {"i", "we"}
POSSESSIVE = {"my", "our"}
MODALS = {"might", "may", "could", "would", "should", "will", "'ll", "wo", "shall", "'d", "ca"}
WISHING = {
    "think",
    "consider",
    "plan",
    "want",
    "hope",
    "wish",
    "dream",
    "tempt",
    "debate",
    "need",
}  # "need to finish X before Thursday": a to-do
WISH_WORDS = {"maybe", "perhaps", "if", "someday", "eventually", "probably"}
CHANGE = {
    "switch", "change", "move", "relocate", "upgrade", "transfer", "trade", "get",
    "buy", "start", "begin", "join", "adopt", "pick", "sign", "become", "open", "got",
    "register", "enrol", "enroll", "subscribe", "hire", "marry", "land", "add",
    "replace", "swap", "convert", "turn", "settle", "grab", "order", "lease", "rent",
}  # fmt: skip
ENDING = {
    "sell", "rehome", "cancel", "quit", "stop", "lose", "close", "unsubscribe",
    "ditch", "dump", "retire", "leave", "scrap", "abandon", "donate", "return",
}  # fmt: skip
ENDING_PARTICLES = {("give", "away"), ("give", "up"), ("break", "up"), ("get", "rid")}
# One-off trips: "I visited Berlin", "flew to Rome for a weekend" name a place the speaker
# went to, never what they now live in, bank with or own.
TRANSIENT = {"visit", "tour", "travel", "fly", "trip", "holiday", "vacation", "sightsee", "cruise"}
PAST_WORDS = {"formerly", "previously", "previous", "anymore", "ex", "former"}
PEOPLE = {
    "sister", "brother", "mother", "mom", "mum", "father", "dad", "friend", "neighbour",
    "neighbor", "cousin", "colleague", "coworker", "son", "daughter", "aunt", "uncle",
    "grandma", "grandpa", "grandmother", "grandfather", "roommate", "flatmate", "boss",
    "parent", "kid", "child", "wife", "husband", "partner", "girlfriend", "boyfriend",
    "niece", "nephew", "sibling", "family", "everyone", "everybody", "people", "team",
    "mate", "buddy", "classmate", "teammate", "landlord", "manager", "fiance", "fiancee",
    "club", "group", "class", "crew", "gang", "choir", "community", "neighbourhood",
    "auntie", "aunty", "nan", "nana", "gran", "granny", "mummy", "daddy", "hubby",
    "bestie", "sis", "stepmum", "stepdad", "godmother", "godfather",
}  # fmt: skip
NOT_VALUES = {
    "day", "week", "weekend", "month", "year", "morning", "evening", "night", "afternoon",
    "today", "yesterday", "tomorrow", "time", "thing", "stuff", "lot", "bit", "way", "one",
    "something", "anything", "everything", "nothing", "someone", "anyone", "it", "that",
    "this", "these", "those", "them", "him", "her", "me", "us", "you", "work", "home",
    "place", "while", "moment", "minute", "hour", "couple", "kind", "sort", "end", "start",
    "fun", "idea", "chance", "break", "trip", "walk", "look", "rest", "point",
}  # fmt: skip
DROP_ADJ = {"new", "old", "second", "third", "another", "first", "current", "latest", "own"}
LIGHT = {"be", "have", "do", "use", "take", "make", "keep", "go", "come", "try", "need", "want"}
SOCIAL = {
    "thank",
    "congratulate",
    "congrats",
    "wow",
    "bye",
    "hug",
    "appreciate",
    "love",
    "like",
    "enjoy",
    "miss",
    "hate",
    "feel",
    "think",
    "know",
    "mean",
    "say",
    "tell",
    "ask",
    "see",
    "look",
    "hear",
    "give",
    "wish",
    "hope",
    "guess",
    "remember",
    "forget",
    "agree",
    "glad",
    "cherish",
    "chase",
    "follow",
    "share",
    "show",
    "talk",
    "chat",
    "meet",
    "visit",
    "bond",
}  # fmt: skip  verbs of talk, feeling and thought: they name no attribute
ABSTRACT = {
    "life",
    "way",
    "part",
    "thing",
    "time",
    "day",
    "world",
    "feeling",
    "heart",
    "mind",
    "kind",
    "lot",
    "bit",
    "side",
    "reason",
    "point",
    "favorite",
    "fave",
    "dream",
    "goal",
}  # fmt: skip  possessed nouns that are no attribute ("a huge part of my life")
INTERJECTIONS = {"ugh", "lol", "omg", "haha", "wow", "yay", "ok", "okay", "yeah", "hmm", "oops"}
SENTENCE_STARTS = {"the", "my", "our", "this", "that", "just", "so", "oh", "well", "hey"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
}
PREPOSITIONS = {"to", "at", "with", "for", "from", "in", "on", "by", "as", "into", "up", "over"}
GREETINGS = {
    "thanks", "thank", "hey", "hi", "hello", "wow", "bye", "congrats", "yes", "yeah",
    "sure", "agree", "great", "awesome", "cool", "dear", "sorry", "ok", "okay",
}  # fmt: skip
# Nouns that say how one stands to others or to a thing, not what one does for a living:
# "I'm a member now", "a big fan", "a dog person", "a bit tired". Kin ("a dad") are in
# PEOPLE, which the rules test beside these.
RELATIONS = {
    "fan", "member", "owner", "person", "regular", "customer", "supporter", "subscriber",
    "user", "beginner", "lover", "convert", "addict", "newbie", "mess", "wreck", "bit",
    "little", "lot", "guest", "patient", "volunteer", "student", "grandparent",
}  # fmt: skip
# What people do for a living, by the head noun of the role ("software *engineer*", "data
# *analyst*"): a role named with one of these is a job, where a lower-case noun after "a"
# may be anything ("a bit tired", "a long day"). General knowledge, not any stream's pool.
OCCUPATIONS = {
    "accountant", "actor", "actress", "administrator", "advisor", "adviser", "analyst",
    "architect", "artist", "assistant", "attorney", "auditor", "baker", "banker", "barber",
    "barista", "bartender", "biologist", "bookkeeper", "builder", "butcher", "buyer",
    "carer", "caretaker", "carpenter", "cashier", "chef", "chemist", "cleaner", "clerk",
    "coach", "consultant", "cook", "copywriter", "counsellor", "counselor", "courier",
    "curator", "dentist", "designer", "detective", "developer", "dietitian", "director",
    "doctor", "driver", "economist", "editor", "electrician", "engineer", "farmer",
    "firefighter", "fisherman", "florist", "gardener", "geologist", "hairdresser",
    "hygienist", "illustrator", "instructor", "interpreter", "janitor", "jeweller",
    "journalist", "judge", "labourer", "lawyer", "lecturer", "librarian", "lifeguard",
    "locksmith", "machinist", "manager", "mechanic", "midwife", "miner", "model",
    "musician", "nanny", "nurse", "nutritionist", "officer", "optician", "optometrist",
    "painter", "paralegal", "paramedic", "pharmacist", "photographer", "physician",
    "physicist", "physio", "physiotherapist", "pilot", "plumber", "policeman",
    "policewoman", "postman", "producer", "professor", "programmer", "psychiatrist",
    "psychologist", "radiographer", "receptionist", "reporter", "researcher",
    "salesman", "saleswoman", "scientist", "secretary", "solicitor", "statistician",
    "surgeon", "surveyor", "tailor", "teacher", "technician", "therapist", "translator",
    "tutor", "vet", "veterinarian", "waiter", "waitress", "welder", "writer", "zookeeper",
}  # fmt: skip
# Dishes and foods people name as a favourite: what tells "can't get enough of pho" (a
# food) from "can't get enough of Pixies" when the sentence has no other word for it.
FOODS = {
    "pizza", "pasta", "sushi", "sashimi", "ramen", "udon", "soba", "pho", "tacos", "taco",
    "burritos", "burrito", "nachos", "quesadillas", "enchiladas", "curry", "biryani",
    "dal", "dhal", "samosas", "naan", "tikka", "korma", "vindaloo", "paella", "tapas",
    "lasagna", "lasagne", "risotto", "gnocchi", "ravioli", "tortellini", "spaghetti",
    "carbonara", "bolognese", "pesto", "moussaka", "souvlaki", "gyros", "falafel",
    "hummus", "shawarma", "kebab", "kebabs", "shakshuka", "pierogi", "dumplings",
    "gyoza", "dim sum", "bao", "noodles", "fried rice", "pad thai", "laksa", "satay",
    "rendang", "bibimbap", "kimchi", "bulgogi", "tempura", "katsu", "teriyaki", "poke",
    "burgers", "burger", "hot dogs", "fries", "chips", "fish and chips", "steak",
    "roast chicken", "fried chicken", "wings", "ribs", "brisket", "barbecue", "bbq",
    "meatballs", "sausages", "goulash", "stew", "chili", "chilli", "soup", "stroganoff",
    "schnitzel", "fondue", "raclette", "crepes", "pancakes", "waffles", "omelette",
    "eggs benedict", "bagels", "croissants", "sourdough", "sandwiches", "toasties",
    "salad", "quiche", "pie", "pies", "pasties", "empanadas", "arepas", "ceviche",
    "jollof", "jollof rice", "tagine", "couscous", "injera", "mac and cheese",
    "cheesecake", "tiramisu", "brownies", "ice cream", "gelato", "chocolate", "cake",
    "donuts", "doughnuts", "cookies", "churros", "baklava", "mochi", "pretzels",
    "lobster", "crab", "prawns", "shrimp", "oysters", "mussels", "salmon", "tuna",
    "tofu", "tempeh", "avocado toast", "porridge", "granola", "haggis", "jambalaya",
    "gumbo", "poutine", "cornbread", "halloumi", "feta", "mezze", "risotto balls",
    "arancini", "calzone", "focaccia", "bruschetta", "dolmades", "spanakopita",
    "katsu curry", "tonkatsu", "okonomiyaki", "takoyaki", "onigiri", "banh mi",
    "spring rolls", "wontons", "char siu", "peking duck", "mapo tofu", "hotpot",
}  # fmt: skip
# Colour names, for a favourite said without the word "colour" ("obsessed with teal rn").
COLOURS = {
    "red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black",
    "white", "grey", "gray", "beige", "cream", "ivory", "navy", "teal", "turquoise",
    "aqua", "cyan", "indigo", "violet", "lavender", "lilac", "mauve", "magenta",
    "fuchsia", "maroon", "burgundy", "crimson", "scarlet", "coral", "salmon", "peach",
    "apricot", "amber", "mustard", "gold", "silver", "bronze", "copper", "olive",
    "khaki", "sage", "mint", "emerald", "jade", "lime", "forest green", "bottle green",
    "sky blue", "baby blue", "royal blue", "cobalt", "cerulean", "periwinkle", "plum",
    "aubergine", "charcoal", "slate", "taupe", "tan", "caramel", "chocolate", "rust",
    "terracotta", "ochre", "sand", "blush", "rose", "ruby", "sapphire", "cherry red",
}  # fmt: skip
# Car makes: "filled up the Mazda MX-5" names the car one drives without the word "car".
CAR_MAKES = {
    "Alfa Romeo", "Aston Martin", "Audi", "Bentley", "BMW", "BYD", "Cadillac", "Chevrolet",
    "Chevy", "Citroen", "Citroën", "Cupra", "Dacia", "Dodge", "Ferrari", "Fiat",
    "Ford", "Honda", "Hyundai", "Jaguar", "Jeep", "Kia", "Lamborghini",
    "Land Rover", "Lexus", "Maserati", "Mazda", "McLaren", "Mercedes",
    "Mercedes-Benz", "MG", "Mini", "Mitsubishi", "Nissan", "Opel", "Peugeot", "Polestar",
    "Porsche", "Range Rover", "Renault", "Rivian", "Saab", "SEAT", "Seat", "Skoda",
    "Škoda", "Subaru", "Suzuki", "Tesla", "Toyota", "Vauxhall", "Volkswagen",
    "VW", "Volvo",
}  # fmt: skip
# Football clubs by the names their fans use (a city alone, "Reading", "Forest", "Palace"
# and "Derby" are left out: they are words or places first). General knowledge: "Celtic
# lost again" and "watching Wolves in the pub" name the team one supports.
FOOTBALL_CLUBS = {
    "Arsenal", "Aston Villa", "Bournemouth", "AFC Bournemouth", "Brentford", "Brighton",
    "Burnley", "Chelsea", "Crystal Palace", "Everton", "Fulham", "Ipswich Town",
    "Leeds United", "Leicester City", "Liverpool", "Luton Town", "Man City",
    "Manchester City", "Man United", "Man Utd", "Manchester United", "Newcastle",
    "Newcastle United", "Nottingham Forest", "Sheffield United", "Sheffield Wednesday",
    "Southampton", "Spurs", "Tottenham", "Tottenham Hotspur", "West Ham", "West Ham United",
    "Wolves", "Sunderland", "Middlesbrough", "Boro", "Norwich City", "Watford",
    "West Brom", "Stoke City", "Swansea", "Swansea City", "Cardiff City", "Hull City",
    "Coventry City", "QPR", "Millwall", "Blackburn Rovers", "Bristol City",
    "Bristol Rovers", "Preston North End", "Plymouth Argyle", "Derby County", "Portsmouth",
    "Pompey", "Birmingham City", "Huddersfield Town", "Charlton", "Charlton Athletic",
    "Wigan Athletic", "Bolton Wanderers", "Wrexham", "Oxford United", "Cambridge United",
    "Barnsley", "Blackpool", "Celtic", "Rangers", "Hibs", "Hibernian", "Hearts",
    "Aberdeen", "Dundee United", "Motherwell", "Kilmarnock", "St Mirren", "Real Madrid",
    "Barcelona", "Barca", "Barça", "Atletico Madrid", "Atlético Madrid", "Real Betis",
    "Sevilla", "Valencia", "Villarreal", "Real Sociedad", "Athletic Bilbao",
    "Bayern Munich", "Bayern", "Borussia Dortmund", "Dortmund", "PSG",
    "Paris Saint-Germain", "Juventus", "Juve", "AC Milan", "Inter Milan", "Inter",
    "Napoli", "Roma", "Lazio", "Ajax", "PSV", "Feyenoord", "Benfica", "Porto",
    "Galatasaray", "Boca Juniors", "River Plate", "LA Galaxy", "Inter Miami",
    "Leeds", "Leicester", "Norwich", "Stoke", "Coventry", "Ipswich", "Luton",
    "Villa", "Man U",
}  # fmt: skip
# Ways to get about, as a commute names them: "I commute on my bike", "took the tube into
# work", "the ride in on the park and ride". A line by name ("the Elizabeth line") is one too.
TRANSPORT = {
    "bus", "night bus", "shuttle bus", "shuttle", "tube", "underground", "metro", "subway",
    "overground", "dlr", "train", "tram", "light rail", "coach", "ferry", "boat",
    "water taxi", "water bus", "river bus", "canal boat", "bike", "bicycle", "e-bike",
    "ebike", "electric bike", "cargo bike", "folding bike", "road bike", "brompton",
    "scooter", "e-scooter", "electric scooter", "motorbike", "motorcycle", "moped", "vespa",
    "car", "van", "taxi", "cab", "uber", "carpool", "car share", "lift share",
    "park and ride", "park & ride", "cable car", "monorail", "velomobile", "trike",
    "recumbent trike", "tricycle", "skateboard", "longboard", "rollerblades",
    "roller skates", "unicycle", "kayak", "canoe", "rickshaw", "trolleybus",
}  # fmt: skip
# Kinds of pet, as owners name them: species and the breeds people say instead ("a
# cockapoo", "our Staffie", "a Maine Coon"). Left out where the word is more often
# something else: "lab" (work), "boxer" and "pointer", "mouse" (a computer's), "python"
# (code), "chicken" (dinner), "tortoiseshell" (glasses), "cavalier", "persian" (a rug).
PET_KINDS = {
    "rabbit", "bunny", "hamster", "guinea pig", "gerbil", "ferret", "chinchilla", "degu",
    "hedgehog", "rat", "budgie", "parakeet", "cockatiel", "parrot", "african grey",
    "macaw", "canary", "lovebird", "tortoise", "turtle", "terrapin", "bearded dragon",
    "leopard gecko", "crested gecko", "gecko", "iguana", "chameleon", "corn snake",
    "royal python", "ball python", "axolotl", "goldfish", "betta fish", "tarantula",
    "horse", "pony", "donkey", "alpaca", "labrador", "golden retriever", "retriever",
    "labradoodle", "goldendoodle", "cockapoo", "cavapoo", "cavachon", "maltipoo",
    "jackapoo", "sprocker", "cocker spaniel", "springer spaniel", "spaniel",
    "border collie", "collie", "german shepherd", "alsatian", "staffie", "staffy",
    "staffordshire bull terrier", "bull terrier", "border terrier", "jack russell",
    "yorkshire terrier", "yorkie", "westie", "scottie", "terrier", "beagle", "dachshund",
    "sausage dog", "pug", "french bulldog", "frenchie", "bulldog", "greyhound", "whippet",
    "lurcher", "husky", "samoyed", "shih tzu", "lhasa apso", "bichon frise", "bichon",
    "chihuahua", "pomeranian", "poodle", "schnauzer", "miniature schnauzer", "rottweiler",
    "doberman", "dalmatian", "great dane", "corgi", "vizsla", "weimaraner",
    "bernese mountain dog", "newfoundland", "shiba inu", "akita", "basset hound",
    "rescue dog", "tabby", "tabby cat", "ginger cat", "black cat", "maine coon", "ragdoll",
    "siamese", "bengal", "british shorthair", "sphynx", "russian blue",
    "norwegian forest cat", "burmese", "birman", "moggy", "dog", "cat", "puppy", "kitten",
}  # fmt: skip
# Pet words that name no kind of pet: "our dog's blood results" says nothing new about
# which pets one has, though "we got a dog" does
PET_WORDS = {"dog", "cat", "puppy", "kitten"}
# Mobile networks, as written (a name in lower case or a number is no network): "Three",
# "EE", "giffgaff", "iD Mobile", and the US and other carriers people name the same way
MOBILE_NETWORKS = {
    "EE", "O2", "Vodafone", "Three", "giffgaff", "Giffgaff", "GiffGaff", "Tesco Mobile",
    "Sky Mobile", "iD Mobile", "ID Mobile", "Lyca Mobile", "Lycamobile", "Lebara", "Smarty",
    "SMARTY", "VOXI", "Voxi", "Virgin Mobile", "BT Mobile", "Asda Mobile", "Talkmobile",
    "1pMobile", "Honest Mobile", "Spusu", "spusu", "Ecotalk", "Superdrug Mobile",
    "Sainsbury's Mobile", "Utility Warehouse", "Verizon", "AT&T", "T-Mobile", "Mint Mobile",
    "Visible", "Cricket Wireless", "Google Fi", "US Mobile", "Boost Mobile", "Telstra",
    "Optus", "Rogers", "Telus", "Fido", "Koodo", "Freedom Mobile", "Free Mobile", "SFR",
    "Bouygues Telecom", "Movistar", "Jio", "Airtel", "Vodafone Ireland", "Eir", "Tello",
}  # fmt: skip
