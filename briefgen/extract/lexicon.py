"""Word lists the extractors share: reporting verbs, role nouns, hedges, stop forms.

These are English function-word and verb classes, not facts about any story: nothing here may
name a person, place or event.
"""

from __future__ import annotations

import re

# Lemmas of verbs that introduce someone's words (direct or reported).
SPEECH_VERBS = frozenset("""
say tell add warn deny claim insist stress hint announce recall explain describe pledge urge
accuse write tweet post state declare note argue assert affirm confirm acknowledge admit reply
respond answer ask call hail praise criticize criticise condemn vow promise threaten predict
suggest report repeat reiterate emphasize emphasise maintain contend allege comment observe
remark conclude estimate mention complain lament testify concede boast proclaim dismiss label
brand term characterize characterise reveal disclose indicate signal caution demand reject
welcome blame charge question dispute argue counter rebut retort quip joke shout cry whisper
underline underscore highlight point agree acknowledge trumpet tout recount recall describe
apologise apologize
believe think suspect fear decline refuse yell scream wail shriek mutter murmur exclaim sob plead
beg chant holler bellow sigh inform
""".split())

# Verbs of belief, and verbs that decline to speak: they report a view, or a refusal, only with
# a clause ("Engineers believe the dam failed") or "to comment".
BELIEF_VERBS = frozenset("believe think suspect fear".split())
REFUSAL_VERBS = frozenset("decline refuse".split())
# What one declines to do when one declines to speak.
SPEAKING_COMPLEMENTS = frozenset("""
comment say discuss confirm elaborate answer respond speak specify disclose identify name reveal
""".split())

# Abbreviated titles written out, so that a role reads "captain", never "Capt." ("Brig. Gen." is
# "brigadier general").
TITLE_EXPANSIONS = {
    "engr": "engineer", "gen": "general", "col": "colonel", "lt": "lieutenant", "capt": "captain",
    "sgt": "sergeant", "maj": "major", "brig": "brigadier", "gov": "governor", "sen": "senator",
    "rep": "representative", "amb": "ambassador", "atty": "attorney", "prof": "professor",
    "insp": "inspector", "supt": "superintendent", "cmdr": "commander", "cdr": "commander",
    "comdr": "commander", "adm": "admiral", "cpl": "corporal", "pvt": "private",
    "hon": "honourable", "rev": "reverend", "fr": "father", "pres": "president",
    "sec": "secretary", "dep": "deputy", "asst": "assistant", "lt.-col": "lieutenant colonel",
    "maj.-gen": "major general", "brig.-gen": "brigadier general", "lt.-gen": "lieutenant general",
}
# Abbreviated titles before names ("Engr.", "Lt.-Col."), made from the table above. The tokenizer
# must keep the full stop with the word, or it ends the sentence there ("said Engr. Rosalinda
# ..."); their bare forms count as role nouns.
TITLE_ABBREVIATIONS = tuple("-".join(part.capitalize() for part in key.split("-")) + "."
                            for key in TITLE_EXPANSIONS)
# Grades that follow a rank: "Trooper First Class X".
RANK_GRADES = ("first class", "second class", "third class")


def expand_title(text: str) -> str:
    """'Brig. Gen.' -> 'brigadier general', 'Gov.' -> 'governor'; other words unchanged."""
    words = []
    for word in text.split():
        key = word.lower().rstrip(".")
        words.append(TITLE_EXPANSIONS.get(key, word) if word.endswith(".") or key in TITLE_EXPANSIONS
                     and word[:1].isupper() and len(key) <= 5 else word)
    return " ".join(words)


# Verbs whose use makes a claim a denial.
DENIAL_VERBS = frozenset("deny reject dispute refute dismiss rebut contest".split())

# Reporting verbs that alone (without a clause or quote) still report speech: "He announced more
# training", "The army denied these facts".
OBJECT_SPEECH_VERBS = frozenset("""
announce recall deny pledge promise confirm acknowledge admit reject dismiss dispute condemn
praise hail criticize criticise welcome urge demand stress emphasize emphasise reiterate
accuse apologise apologize blame describe vow warn threaten
""".split())

# Head nouns of titles and roles ("Foreign Minister", "founder", "spokesman").
ROLE_NOUNS = frozenset("""
president vice-president minister premier chancellor secretary spokesman spokeswoman spokesperson
colonel general lieutenant major captain commander chief head leader founder co-founder chairman
chairwoman chair director governor mayor senator lawmaker legislator deputy representative
ambassador envoy diplomat official officer activist analyst expert researcher professor
journalist reporter editor correspondent lawyer attorney judge prosecutor king queen prince
princess emir sheikh pope bishop imam cardinal ceo executive manager coordinator advisor adviser
negotiator mediator inspector commissioner administrator rapporteur delegate councillor
councilor candidate prime-minister president-elect warlord militant fighter soldier general-secretary
secretary-general superintendent sergeant marshal admiral brigadier doctor dr nurse witness resident
survivor victim owner founder boss strongman dictator ruler monarch mp speaker whip
trooper forecaster landlord landlady firefighter paramedic detective sheriff constable driller
miner bouncer cleric attache attaché suspect teacher principal coroner medic ranger pilot
meteorologist economist engineer corporal private brigadier-general major-general
lieutenant-general lieutenant-colonel
""".split()) | frozenset(a.lower().rstrip(".") for a in TITLE_ABBREVIATIONS)

# Generic trailing words of organisation names: "the Wagner Group" is also "Wagner".
ORG_SUFFIXES = frozenset("""
group organization organisation inc ltd llc corp corporation company co movement network
agency foundation party front international intelligence analytics consulting consultancy
partners associates research institute monitor
""".split())

# How names of businesses and institutions open and close in many languages, whatever the model
# tags them: "PT ..." (Indonesian limited company), "Grupo ...", "Minera ...", "... Tbk",
# "... Medical Center", "... Hospital". A name so made is an organisation, never a person or a
# place. (Kept apart from ORG_SUFFIXES, whose words may also be dropped to match a short form.)
ORG_NAME_PREFIXES = frozenset("""
pt cv grupo grupa gruppo groupe minera mineração mineracao compañía compania companhia compagnie
empresa empresas banco banca constructora inversiones corporación corporacion industrias
naviera petróleos petroleos sociedad sociedade société societe aerolíneas aerolineas
transportes
""".split())
ORG_NAME_ENDINGS = frozenset("""
tbk bhd plc gmbh ag sa spa nv bv oyj asa ab kk pty llp lp
hospital hospitals clinic infirmary polyclinic
polymers chemicals industries holdings airlines airways logistics shipping ferries mining
motors steel textiles pharmaceuticals pharma refinery refineries petroleum railways
securities
""".split())
# Two-word endings of institutions' names: "Bayview Medical Center", "Riverside Health Centre".
ORG_NAME_PAIRS = frozenset({
    ("medical", "center"), ("medical", "centre"), ("health", "center"), ("health", "centre"),
    ("trauma", "center"), ("trauma", "centre"), ("medical", "college"), ("health", "system"),
})

# Single words that name no actor even when capitalised and tagged as entities.
NOT_ACTOR_WORDS = frozenset("""
west east north south western eastern northern southern islamic islamist jihadist jihadists
muslim muslims christian christians sunni shia shiite minister mr mrs ms dr president colonel
general sir madam
gmt bst utc cet cest eet eest est edt cst cdt mst mdt pst pdt et pt ist
""".split())

# Government portfolios: "Defence" in "Defence Minister" is part of a title, not an organisation.
PORTFOLIOS = frozenset("""
defence defense interior foreign finance health justice education agriculture energy trade
economy culture transport labour labor environment home security information communications
""".split())

# First words of names of events and operations, which are not actors: "Cyclone Amara".
EVENT_HEADS = frozenset("""
cyclone hurricane typhoon storm tropical operation earthquake flood floods wildfire tsunami
""".split())

# Names of vessels, weapons and explosives are no actors: "the frigate HMS Halcyon", "traces of
# TATP". Prefixes of ship names, and nouns that introduce a thing's name.
SHIP_PREFIXES = frozenset("hms uss mv m/v km rv ss ins hmas hmcs ms fv mt rfa hnlms ktm usns".split())
THING_NOUNS = frozenset("""
ferry frigate ship vessel tanker destroyer carrier submarine boat cruiser freighter trawler yacht
warship corvette liner barge tug dredger missile rocket rifle drone explosive explosives bomb
aircraft jet helicopter plane satellite
""".split())

# Publishing platforms: where a statement was posted, not who made it.
PLATFORMS = frozenset("""
telegram twitter facebook whatsapp youtube tiktok instagram x signal weibo wechat vk truth
""".split())

# Words used in the names of armed groups in several languages ("Harakat ...", "Jabhat ...").
GROUP_NAME_WORDS = frozenset("""
harakat harakah jamaat jamaah jama'at ansar ansaru hizb jabhat tehrik tehreek lashkar jaish
katibat katiba liwa saraya kataib shabaab shabab mujahideen mujahidin
""".split())

# Institutions named by a demonym and a common noun: "Somali police", "the Kenyan interior ministry".
STATE_BODIES = frozenset("""
police army military government junta navy ministry parliament presidency cabinet
embassy coastguard intelligence gendarmerie senate legislature judiciary
""".split())

# Head nouns of facilities, which are places: "the Palm Crescent Hotel", "Juanda airport".
FACILITY_NOUNS = frozenset("""
hotel airport market stadium palace mosque church cathedral temple bridge port harbour harbor
base camp prison station square airbase compound
""".split())

# Forms of address that are not roles.
HONORIFICS = frozenset("mr mrs ms miss mme mister madam sir dame dr".split())

# Words that make a statement hedged or unconfirmed.
HEDGES = frozenset("""
reportedly allegedly purportedly apparently unconfirmed unverified claimed claims alleged
rumoured rumored presumably supposedly
""".split())

PRONOUNS_PERSON = frozenset({"he", "she"})
PRONOUNS_GROUP = frozenset({"they", "we"})

OPEN_QUOTES = "“«‘„"
CLOSE_QUOTES = "”»’“"

_SPACE = re.compile(r"\s+")
_DETERMINERS = re.compile(r"^(?:the|a|an|his|her|their|its|our|this|that|these|those)\s+", re.I)


def clean_span_text(text: str) -> str:
    """Collapse white space and trim punctuation and possessive endings from a name."""
    text = _SPACE.sub(" ", text).strip(" ,.;:!?-–—\"“”'‘’()[]")
    return re.sub(r"[’']s$", "", text).strip()


def strip_determiner(text: str) -> str:
    """'the Wagner Group' -> 'Wagner Group'; 'His IS-linked rivals' -> 'IS-linked rivals'."""
    return _DETERMINERS.sub("", text).strip()


# Endings of nouns for people ("trader", "survivor", "activist", "fisherman").
PERSON_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "person")
# Role words that organisations hold as well as people.
ORG_ROLE_WORDS = frozenset({"member", "party"})


def is_person_role(role: str) -> bool:
    """A title or description only a person holds ("head", "chairman", "a market trader")."""
    words = role.split()
    if any(w.lower() in ROLE_NOUNS - ORG_ROLE_WORDS for w in words):
        return True
    return bool(words) and words[-1].islower() and words[-1].endswith(PERSON_SUFFIXES)


def name_key(text: str) -> str:
    """A comparison key for names: no determiner, no accents, no case, straight apostrophes."""
    import unicodedata

    text = strip_determiner(clean_span_text(text.replace("’", "'")))
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
