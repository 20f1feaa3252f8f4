"""Word lists for casualty figures, kept as data beside the few predicates that read them:
outcome words (killed, wounded, held), victims, attribution and hedging, places, dates, trends."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token



# --- outcome vocabulary (lemmas) ----------------------------------------------------------------

# Verbs whose object (active) or subject (passive) is the victim.
TRANSITIVE_OUTCOMES = {
    "kill": "killed", "execute": "killed", "massacre": "killed", "slaughter": "killed",
    "murder": "killed", "behead": "killed", "assassinate": "killed", "lynch": "killed",
    "neutralise": "killed", "neutralize": "killed", "slay": "killed", "shoot": None,
    "wound": "injured", "injure": "injured", "hurt": "injured", "maim": "injured",
    "displace": "displaced", "evacuate": "displaced", "uproot": "displaced", "relocate": "displaced",
    "arrest": "detained", "detain": "detained", "jail": "detained", "imprison": "detained",
    "kidnap": "kidnapped", "abduct": "kidnapped", "seize": "kidnapped", "capture": "kidnapped",
    "affect": "affected",
}
# "Recaptured", "rearrested": people taken back are in the state's custody again, whoever took
# them the first time. The prefix is matched on the lemma, which the model often leaves mangled.
RETAKE_BASES = ("arrest", "capture", "detain", "jail", "imprison")
# Verbs whose subject is the victim ("12 people died", "10,000 fled").
INTRANSITIVE_OUTCOMES = {
    "die": "killed", "perish": "killed", "drown": "killed", "succumb": "killed",
    "flee": "displaced", "disappear": "missing", "vanish": "missing",
}
# Adjectives and participles that describe the victim ("12 dead", "left 30 wounded", "are missing").
STATE_OUTCOMES = {
    "dead": "killed", "killed": "killed", "kill": "killed",
    "wounded": "injured", "wound": "injured", "injured": "injured", "injure": "injured",
    "hurt": "injured",
    "missing": "missing", "unaccounted": "missing",
    "displaced": "displaced", "displace": "displaced", "homeless": "displaced",
    "evacuate": "displaced",
    "detained": "detained", "detain": "detained", "arrest": "detained", "jail": "detained",
    "imprison": "detained",
    "kidnap": "kidnapped", "abduct": "kidnapped", "hostage": "kidnapped", "captive": "kidnapped",
    "affected": "affected", "affect": "affected",
    "execute": "killed", "massacre": "killed", "murder": "killed",
}
# Nouns that are themselves the count ("40 deaths", "12 hostages", "2,000 refugees").
OUTCOME_NOUNS = {
    "death": "killed", "dead": "killed", "fatality": "killed", "body": "killed", "corpse": "killed",
    "killing": "killed",
    "injury": "injured", "wounded": "injured", "injured": "injured",
    "missing": "missing", "disappearance": "missing",
    "refugee": "displaced", "evacuee": "displaced", "homeless": "displaced", "displaced": "displaced",
    "arrest": "detained", "detainee": "detained", "detention": "detained",
    "hostage": "kidnapped", "abductee": "kidnapped", "captive": "kidnapped",
    "abduction": "kidnapped", "kidnapping": "kidnapped",
    "casualty": "other",
}
# Nouns naming an event whose "of" object is the victim ("the killing of 12 civilians").
EVENT_NOUNS = {
    "death": "killed", "killing": "killed", "massacre": "killed", "execution": "killed",
    "murder": "killed",
    "abduction": "kidnapped", "kidnapping": "kidnapped", "arrest": "detained",
    "detention": "detained", "evacuation": "displaced", "displacement": "displaced",
}
# "The death toll rose to 40": the verbs a toll moves with, and what kind of toll it is.
TOLL_NOUNS = {"toll", "tally", "number", "count", "total", "figure"}
TOLL_VERBS = {"rise", "climb", "reach", "stand", "increase", "jump", "hit", "mount", "grow",
              "top", "exceed", "surpass", "pass", "be", "put", "soar", "go", "bring", "raise",
              "take", "push", "lift", "revise", "estimate", "place", "set"}
TOLL_KINDS = {"death": "killed", "casualty": "other", "injury": "injured"}
# Raising verbs that pass the victim on to an outcome complement ("believed to have been killed").
RAISING_VERBS = {"be", "remain", "go", "leave", "report", "fear", "believe", "say", "confirm",
                 "presume", "feel", "find", "declare", "list", "seem", "appear", "become",
                 "keep", "hold", "take", "suspect", "think", "estimate", "pronounce"}
# With "shoot", only "shot dead" is a killing; "shot in the leg" is a wounding.
SHOT_DEAD = {"dead"}
BODY_PARTS = {"leg", "arm", "chest", "head", "back", "foot", "hand", "shoulder", "stomach",
              "abdomen", "neck", "face", "thigh", "hip", "torso", "buttock", "knee", "side",
              "groin", "ankle", "wrist", "jaw", "eye"}
# "Two hospitalized": admitted to a hospital, which says they were hurt or ill there.
HOSPITAL_VERBS = {"hospitalize", "hospitalise", "hospitalized", "hospitalised"}
# What a single person ("a man was killed") is counted for: a casualty. One arrest or one
# hostage is part of a case, told in its own words, not a toll of one.
SINGLE_OUTCOMES = {"killed", "injured", "missing"}
# Nouns for people in a state ("hostages", "refugees"): what the clause says happened to them
# comes first ("five hostages were killed" counts the dead, not the kidnapped).
STATE_NOUNS = {"hostage", "captive", "abductee", "refugee", "evacuee", "detainee", "displaced"}
# "The dead included 151 passengers": verbs that list the members of an outcome group.
INCLUDE_VERBS = {"include", "comprise"}
# "Held" people are captives; held by these, they are detainees.
SECURITY_AGENTS = {"police", "policeman", "army", "soldier", "troop", "military", "force",
                   "authority", "government", "junta", "gendarme", "gendarmerie", "officer",
                   "security", "official", "ministry", "agent"}
# "Held for questioning": kept by the authorities to be questioned, so detainees.
QUESTIONING = {"questioning", "interrogation"}
# "Four people remain in hospital", "one in intensive care": still in care after the event, so
# injured. Being there, not being taken there (a check-up), is what counts. With "be", only
# "in hospital" without an article: "were in the hospital when it was shelled" is a location.
CARE_STATE_VERBS = {"remain", "be", "stay", "lie"}
STAYING_VERBS = {"remain", "stay"}
CARE_STATES = {"care": {"intensive", "critical"}, "condition": {"critical", "serious", "grave"}}
# "12 people lost their lives": the victims are the subject.
LIFE_NOUNS = {"life"}
# "400 families left their villages": people leaving where they live are displaced. Only
# civilian groups: fighters leaving a town are withdrawing, not displaced.
LEAVE_VERBS = {"leave", "abandon", "desert"}
HOMES = {"home", "house", "village", "town", "land", "region", "city", "neighbourhood",
         "neighborhood", "district", "area", "settlement", "farm"}
CIVILIAN_GROUPS = {"people", "person", "family", "household", "resident", "villager", "civilian",
                   "inhabitant", "local", "farmer", "herder"}
# "A third soldier has died of his wounds": the toll has reached that number. Only deaths: in
# "two guards died; a third was wounded" the ordinal counts the people hit, not the injured.
ORDINALS = {w: i + 2 for i, w in enumerate(
    "second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())}
# "Treated for gunshot wounds": care that says the people were injured.
TREATMENT_VERBS = {"treat", "hospitalise", "hospitalize", "admit"}
# "Taken to hospital with burns": brought to care, with the injury named. Without the injury
# ("taken to hospital") it may be a check-up or shock, so it is not counted.
CARE_PLACES = {"hospital", "clinic", "infirmary"}
CARE_MOVE_VERBS = {"take", "rush", "bring", "fly", "airlift", "transfer", "carry", "evacuate"}
INJURY_WORDS = {"injury", "wound", "burn", "fracture", "cut", "gunshot", "shrapnel", "trauma",
                "bruise", "laceration"}
# "... several of them in a critical condition": a state that says people brought to care are hurt.
IN_CONDITION = re.compile(r"(?i)\b(?:critical|serious|grave|life-threatening)\s+condition\b")
# "Moved to shelters": taking people somewhere that houses the displaced.
MOVE_VERBS = {"move", "take", "transfer", "bring", "send", "shift", "house", "shelter", "bus",
              "ferry", "airlift"}
SHELTER_NOUNS = {"shelter", "camp", "tent", "safety"}
SHELTER_MODIFIERS = {"evacuation", "relief", "emergency", "temporary", "displacement", "transit"}
# "Under police custody", "in custody": held by the authorities.
CUSTODY_NOUNS = {"custody", "detention"}
DETENTION_PLACES = {"custody", "detention", "prison", "jail", "cell", "station", "barracks"}
# "Eleven of them": the pronoun points back to a group counted just before.
BACK_REFERENCES = {"them", "those", "these", "whom"}
# "Those taken", "30 pupils were taken from the school": people taken with no destination are
# captives; these prepositions only say where or when it happened, any other ("taken to
# hospital", "taken for questioning") makes it something else.
TAKEN_PREPS = {"from", "in", "during", "at", "on", "after", "before", "near", "outside", "inside"}
TAKEN_ILL = {"ill", "sick", "unwell"}
# Verbs that end a casualty state: "12 hostages were freed" is not a count of the kidnapped.
REVERSAL_VERBS = {"free", "release", "rescue", "return", "repatriate", "liberate", "exchange",
                  "swap", "resettle", "pardon", "acquit", "discharge", "bury", "identify"}

# --- who the victims are ------------------------------------------------------------------------

PERSON_NOUNS = {
    "people", "person", "civilian", "soldier", "troop", "militant", "mercenary", "man", "woman",
    "child", "boy", "girl", "police", "policeman", "officer", "fighter", "rebel", "insurgent",
    "jihadist", "terrorist", "gunman", "attacker", "assailant", "villager", "resident",
    "student", "pupil", "worker", "farmer", "herder", "pilgrim", "worshipper", "passenger",
    "protester", "demonstrator", "journalist", "member", "personnel", "force", "guard", "migrant",
    "refugee", "family", "household", "individual", "adult", "infant", "baby", "teenager",
    "youth", "other", "victim", "prisoner", "detainee", "hostage", "national", "citizen",
    "inhabitant", "local", "employee", "staff", "volunteer", "miner", "trader", "vendor",
    "shopper", "patient", "doctor", "nurse", "teacher", "priest", "imam", "official", "leader",
    "commander", "combatant", "recruit", "militiaman", "militia", "gendarme", "peacekeeper",
    "survivor", "crew", "sailor", "tourist", "foreigner", "expatriate", "elder", "suspect",
    "bandit", "kidnapper", "extremist", "separatist", "loyalist", "supporter", "opponent",
    "activist", "dissident", "marine", "airman", "paratrooper", "contractor", "displaced",
    "dead", "wounded", "injured", "missing", "them", "us", "whom", "those",
    "guest", "visitor", "customer", "driver", "spectator", "fan", "pedestrian", "commuter",
    "relative", "neighbour", "neighbor", "inmate", "fugitive", "escapee", "convict",
    "deputy", "constable", "trooper", "firefighter", "rescuer", "medic", "paramedic",
}
# Endings of nouns for the people a figure counts ("civilian", "guardsman"); the actor extractor
# keeps its own, narrower list for titles (lexicon.PERSON_SUFFIXES).
VICTIM_NOUN_ENDINGS = ("ian", "ist", "ant", "ent", "eer", "ier", "man", "men", "ee")
# "Two of our colleagues": who the people are to the speaker, which says nothing of who they are.
RELATIONAL_NOUNS = {"colleague", "comrade", "friend", "relative", "brother", "sister", "son",
                    "daughter", "husband", "wife", "cousin", "nephew", "niece", "loved"}
# Things and animals that outcome verbs also take ("seized 40 weapons", "killed 300 cattle").
NOT_VICTIMS = {
    "house", "home", "building", "school", "hospital", "village", "town", "vehicle", "car",
    "truck", "tank", "drone", "aircraft", "plane", "helicopter", "weapon", "gun", "rifle",
    "round", "ammunition", "tonne", "ton", "kilogram", "kg", "cattle", "cow", "goat", "sheep",
    "camel", "animal", "livestock", "head", "hectare", "acre", "shop", "market", "mosque",
    "church", "bridge", "road", "base", "position", "post", "area", "locality", "dollar",
    "euro", "franc", "item", "document", "device", "mine", "bomb", "motorcycle", "boat",
    "office", "structure", "crop", "farm", "field", "well",
}
# Verbs that take things as readily as people: their count must name people.
THING_VERBS = {"seize", "capture", "recapture", "evacuate", "affect", "relocate", "uproot",
               "take", "hold"}

# --- attribution and hedging --------------------------------------------------------------------

REPORTING_VERBS = {
    "say", "tell", "claim", "report", "announce", "state", "add", "confirm", "estimate",
    "allege", "insist", "write", "note", "tweet", "post", "warn", "document", "record", "count",
    "declare", "assert", "maintain", "acknowledge", "admit", "explain", "indicate", "show",
    "find", "accuse", "boast", "publish",
}
CLAIM_VERBS = {"claim", "allege", "boast"}
HEDGE_WORDS = {"reportedly", "allegedly", "purportedly", "apparently", "supposedly",
               "unconfirmed", "unverified", "possibly", "presumably", "feared", "believed",
               "suspected", "rumoured", "rumored", "alleged", "purported"}
HEDGE_PHRASES = re.compile(
    r"\b(?:not|n't) (?:be |been )?(?:independently )?(?:verif|confirm)|\bsaid to (?:have|be)\b"
    r"|\bcould not be (?:independently )?(?:verified|confirmed)\b", re.I)
MODALS = {"may", "might", "could"}

# --- places and dates ---------------------------------------------------------------------------

PLACE_NOUNS = {"town", "village", "city", "region", "district", "province", "state", "county",
               "area", "camp", "commune", "municipality", "neighbourhood", "neighborhood",
               "settlement", "locality", "department", "prefecture", "circle", "zone", "hamlet",
               "part", "outskirts", "north", "south", "east", "west", "centre", "center",
               "capital", "border", "suburb", "heart"}
LOCATIVE_PREPS = {"in", "near", "at", "outside", "around", "across", "inside", "within",
                  "throughout", "on", "off", "along", "into", "between", "from"}
# Month names and their abbreviations: a day number beside one is a date ("Aug 16", "16 Sept").
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
MONTH_WORD = re.compile(r"^(?:" + "|".join(MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?$", re.I)
DATE_WORD = re.compile(
    r"\b(?:1[89]\d\d|20\d\d|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|yesterday|today|tonight|last|this|earlier|ago|weekend)\b",
    re.I)

# --- trends -------------------------------------------------------------------------------------

CHANGE_VERBS = {"double": "up", "triple": "up", "quadruple": "up", "increase": "up", "rise": "up",
                "climb": "up", "grow": "up", "surge": "up", "soar": "up", "jump": "up",
                "spike": "up", "swell": "up", "escalate": "up", "mount": "up",
                "halve": "down", "fall": "down", "drop": "down", "decline": "down",
                "decrease": "down", "dip": "down", "plummet": "down", "shrink": "down"}
CHANGE_NOUNS = {"rise": "up", "increase": "up", "surge": "up", "doubling": "up", "jump": "up",
                "spike": "up", "tripling": "up", "fall": "down", "drop": "down",
                "decline": "down", "decrease": "down", "halving": "down"}


def category_of_noun(noun: "Token") -> str | None:
    lemma = noun.lemma_.lower()
    if lemma in OUTCOME_NOUNS:
        return OUTCOME_NOUNS[lemma]
    if noun.lower_ in ("dead", "wounded", "injured", "missing", "displaced", "homeless"):
        return STATE_OUTCOMES[noun.lower_]
    return None


def is_person(noun: "Token") -> bool:
    lemma = noun.lemma_.lower()
    if lemma in PERSON_NOUNS or noun.lower_ in PERSON_NOUNS:
        return True
    if noun.ent_type_ in ("NORP", "PERSON"):
        return True
    return noun.pos_ == "NOUN" and lemma.endswith(VICTIM_NOUN_ENDINGS) and len(lemma) > 4


def is_change_word(tok: "Token") -> bool:
    return tok.lemma_.lower() in CHANGE_VERBS
