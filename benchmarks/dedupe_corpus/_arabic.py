"""Arabic prose from the quality corpus's Arabic writer, recast so a story keeps its people.

That writer names a fresh person in each sentence; here every name is replaced by one of the
story's cast of the same gender, so verbs and titles still agree with the speaker.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from benchmarks.corpus import _arabic_vocab as w

# _Story is that writer's story type; we build it ourselves to choose topic and place.
from benchmarks.corpus._arabic import STYLES, ArabicWriter, _Story
from benchmarks.dedupe_corpus._prose import Topic
from benchmarks.dedupe_corpus._text import sentences

if TYPE_CHECKING:
    import random
    from collections.abc import Iterable
    from datetime import date

# Opinion has too few headline frames for a thousand-article set.
SECTIONS = tuple(label for label in w.SECTIONS if label != "رأي")
WIRE_AGENCY = "وكالة أنباء المشرق"
_MAX_TRIES = 50
_FEMALE = frozenset(w.FEMALE_NAMES)
_PERSON = re.compile(
    rf"(?<!\w)({'|'.join((*w.FEMALE_NAMES, *w.MALE_NAMES))}) ({'|'.join(w.LAST_NAMES)})(?!\w)"
)
# A reported claim after "إن" or "أن", up to the comma or full stop that ends it.
_CLAIM = re.compile(r"(?<!\w)(?:فإن|إن|أن) (?P<claim>[^،.«»]+)[.،]")
_WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_DIGITS = re.compile(r"[0-9]+|[٠-٩]+")
# Swaps that keep gender, number and case agreement in the writer's frames.
_SWAPS = {
    "نحو": "قرابة",
    "وبحسب": "ووفق",
    "للصحافيين": "للإعلاميين",
    "تفاصيل": "معلومات",
    "اجتماع": "لقاء",
    "سكان": "أهالي",
    "القلق": "الترقب",
    "الصحيفة": "الجريدة",
    "المقبل": "القادم",
    "المقبلة": "القادمة",
    "باكراً": "مبكراً",
    "مساء": "صباح",
    "صباح": "مساء",
    **{day: _WEEKDAYS[(i + 1) % 7] for i, day in enumerate(_WEEKDAYS)},
}


class ArabicProse:
    language = "ar"

    def __init__(self) -> None:
        self._writer = ArabicWriter()
        # sentences after recasting: two different names can become one
        self._seen: set[str] = set()

    def topic(self, rng: random.Random, published: date) -> Topic:
        section = rng.choice(SECTIONS)
        words = w.SECTIONS[section]
        women = rng.sample(w.FEMALE_NAMES, 2)
        men = rng.sample(w.MALE_NAMES, 2)
        families = rng.sample(w.LAST_NAMES, 4)
        cast = tuple(
            f"{first} {last}" for first, last in zip((*women, *men), families, strict=True)
        )
        return Topic(
            "ar",
            section,
            rng.choice(words.topics),
            rng.choice(words.places),
            cast,
            published,
            rng.randrange(1000),
        )

    def headline(self, rng: random.Random, topic: Topic) -> str:
        return self._writer.headline(rng, _story(topic))

    def paragraph(self, rng: random.Random, topic: Topic) -> str:
        style = STYLES[topic.habit % len(STYLES)]
        for _ in range(_MAX_TRIES):
            spans = self._writer.paragraph(rng, _story(topic), style)
            text = _recast(rng, "".join(span.text for span in spans), topic.cast)
            parts = sentences(text)
            if self._seen.isdisjoint(parts):
                self._seen.update(parts)
                return text
        raise RuntimeError("no fresh Arabic paragraph after recasting; widen the word lists")

    def dateline(self, topic: Topic) -> str:
        return f"{topic.place} ({WIRE_AGENCY}) -"

    def byline(self, rng: random.Random, topic: Topic, *, closing: bool) -> str:
        name = rng.choice(topic.cast) if rng.random() < 0.3 else _stranger(rng)
        if not closing:
            return f"إعداد: {name}"
        return rng.choice((f"(تحرير: {name})", f"ساهم في التغطية {name} من {topic.place}."))

    def correction(self, rng: random.Random, topic: Topic) -> str:
        if rng.random() < 0.7:
            return "".join(span.text for span in self._writer.correction(rng, _story(topic)))
        group = rng.choice(w.SECTIONS[topic.section].groups)
        return f"جرى تحديث هذا الخبر بإضافة تعليق من {group}."

    def claims(self, paragraph: str) -> list[str]:
        found = (_CLAIM.search(sentence) for sentence in sentences(paragraph))
        return [match["claim"] for match in found if match]

    def restate(self, rng: random.Random, topic: Topic, claim: str) -> str:
        # every frame ends in "أن": the claim opens with a noun in the accusative either way
        return rng.choice(
            (
                f"وتفيد معلومات متداولة في {topic.place} بأن {claim}.",
                f"وكانت تقديرات سابقة قد رجّحت أن {claim}.",
                f"ويشكك كثيرون في {topic.place} في أن {claim}.",
                f"ولا يستبعد مراقبون أن {claim}.",
            )
        )

    def swap(self, rng: random.Random, word: str) -> str | None:
        if _DIGITS.fullmatch(word):
            indic = not word.isascii()
            for _ in range(_MAX_TRIES):
                number = str(rng.randint(12, 4800))
                new = number.translate(_INDIC) if indic else number
                if new != word:
                    return new
            return None
        return _SWAPS.get(word)


def _story(topic: Topic) -> _Story:
    return _Story(topic.section, topic.subject, topic.place)


def _stranger(rng: random.Random) -> str:
    return f"{rng.choice(w.FEMALE_NAMES + w.MALE_NAMES)} {rng.choice(w.LAST_NAMES)}"


def _recast(rng: random.Random, text: str, cast: Iterable[str]) -> str:
    women = [name for name in cast if name.split()[0] in _FEMALE]
    men = [name for name in cast if name.split()[0] not in _FEMALE]

    def pick(match: re.Match[str]) -> str:
        return rng.choice(women if match.group(1) in _FEMALE else men)

    return _PERSON.sub(pick, text)
