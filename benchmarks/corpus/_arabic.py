"""Arabic articles and Arabic date strings, written from our own word lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from benchmarks.corpus import _arabic_vocab as w
from benchmarks.corpus._draft import CORRECTED, Draft, finish, published_at
from levantcrawl.samplesite.bylines import LEVANTINE_MONTHS
from levantcrawl.samplesite.model import Span

if TYPE_CHECKING:
    import random
    from collections.abc import Callable
    from datetime import date

    from benchmarks.corpus._draft import Paragraph

EGYPTIAN_MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_MIN_WORDS = 28
_MAX_TRIES = 400


@dataclass(frozen=True, slots=True)
class DateStyle:
    """How one page writes numbers and months: sites mix both habits."""

    indic_digits: bool
    months: str  # "levantine" | "egyptian" | "both"

    def number(self, value: int) -> str:
        return str(value).translate(_INDIC) if self.indic_digits else str(value)

    def month(self, day: date) -> str:
        levantine, egyptian = LEVANTINE_MONTHS[day.month - 1], EGYPTIAN_MONTHS[day.month - 1]
        if self.months == "both":
            return f"{levantine} ({egyptian})"
        return levantine if self.months == "levantine" else egyptian

    def date(self, day: date) -> str:
        # "٥ آب ٢٠٢٤", "5 أغسطس 2024" or "٥ آب (أغسطس) ٢٠٢٤"
        return f"{self.number(day.day)} {self.month(day)} {self.number(day.year)}"


STYLES = (
    DateStyle(indic_digits=True, months="levantine"),
    DateStyle(indic_digits=False, months="egyptian"),
    DateStyle(indic_digits=True, months="egyptian"),
    DateStyle(indic_digits=False, months="both"),
)
HEADER_STYLE = STYLES[0]


def header_date(day: date) -> str:
    # "الجمعة، ١٥ تشرين الثاني ٢٠٢٤"
    return f"{WEEKDAYS[day.weekday()]}، {HEADER_STYLE.date(day)}"


def staff(rng: random.Random, size: int) -> tuple[str, ...]:
    names: list[str] = []
    while len(names) < size:
        first = rng.choice(w.FEMALE_NAMES if rng.random() < 0.5 else w.MALE_NAMES)
        name = f"{first} {rng.choice(w.LAST_NAMES)}"
        if name not in names:
            names.append(name)
    return tuple(names)


@dataclass(frozen=True, slots=True)
class _Story:
    section: str
    topic: str
    place: str


class ArabicWriter:
    """Never-repeated Arabic sentences and headlines for one site build."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def story(self, rng: random.Random, section: str) -> _Story:
        words = w.SECTIONS[section]
        return _Story(section, rng.choice(words.topics), rng.choice(words.places))

    def headline(self, rng: random.Random, story: _Story) -> str:
        frames = w.OPINION_HEADLINES if story.section == "رأي" else w.HEADLINES
        words = w.SECTIONS[story.section]

        def make() -> str:
            topic = story.topic if rng.random() < 0.5 else rng.choice(words.topics)
            return rng.choice(frames).format(topic=topic, place=story.place)

        return self._fresh(make)

    def paragraph(self, rng: random.Random, story: _Story, style: DateStyle) -> Paragraph:
        sentences: list[str] = []
        kinds: set[int] = set()
        for _ in range(_MAX_TRIES):
            if sum(len(s.split()) for s in sentences) >= _MIN_WORDS:
                return (Span(" ".join(sentences)),)
            kind, sentence = self._sentence(rng, story, style)
            # a shape used twice in one paragraph reads like a template
            if kind not in kinds and sentence not in self._used:
                self._used.add(sentence)
                sentences.append(sentence)
                kinds.add(kind)
        raise RuntimeError("Arabic vocabulary exhausted; widen the word lists")

    def correction(self, rng: random.Random, story: _Story) -> Paragraph:
        words = w.SECTIONS[story.section]
        return (
            Span(
                f"تصحيح: ذكرت نسخة سابقة من هذا المقال أن {rng.choice(w.CORRECTION_DETAILS)} "
                f"في {story.place}، والصحيح غير ذلك. وقد جرى تعديل النص بناءً على معلومات "
                f"من {rng.choice(words.groups)}."
            ),
        )

    def _fresh(self, make: Callable[[], str]) -> str:
        for _ in range(_MAX_TRIES):
            text = make()
            if text not in self._used:
                self._used.add(text)
                return text
        raise RuntimeError("Arabic vocabulary exhausted; widen the word lists")

    def _sentence(self, rng: random.Random, story: _Story, style: DateStyle) -> tuple[int, str]:
        """A sentence and the index of its shape."""
        words = w.SECTIONS[story.section]
        topic = story.topic if rng.random() < 0.55 else rng.choice(words.topics)
        place = story.place if rng.random() < 0.5 else rng.choice(words.places)
        female = rng.random() < 0.5
        first = rng.choice(w.FEMALE_NAMES if female else w.MALE_NAMES)
        person = f"{first} {rng.choice(w.LAST_NAMES)}"
        role = rng.choice(w.ROLES)[female]
        one, other = rng.sample(words.groups, 2)
        said, added, gave = ("قالت", "أضافت", "تقدّم") if female else ("قال", "أضاف", "يقدّم")
        claim = rng.choice(w.CLAIMS).format(
            topic=topic, deadline=rng.choice(w.DEADLINES), group=rng.choice(words.groups)
        )
        makers: tuple[Callable[[], str], ...] = (
            lambda: f"و{said} {person}، {role}، {rng.choice(w.WHEN)} إن {claim}.",
            lambda: f"وبحسب {rng.choice(w.SOURCES)}، فإن {claim}.",
            lambda: (
                f"«{rng.choice(w.QUOTE_OPENERS)} {topic}{rng.choice(w.QUOTE_TAILS)}»، "
                f"{said} {person} للصحافيين في {place}."
            ),
            lambda: (
                f"وأحصت {rng.choice(w.COUNTERS)} نحو {style.number(rng.randint(12, 4800))} "
                f"{rng.choice(words.counted)} في {place} {rng.choice(w.WHEN)}."
            ),
            lambda: (
                f"وجاء {rng.choice(w.EVENTS)} في {place} {rng.choice(w.WHEN)} بعد "
                f"{rng.choice(w.BACKGROUNDS)} {topic}."
            ),
            lambda: (
                f"ولم يردّ متحدث باسم {rng.choice(w.NO_COMMENT)} على طلب للتعليق بشأن "
                f"{topic} في {place}."
            ),
            lambda: (
                f"ويعيش سكان {place} حالة من القلق بشأن {topic} منذ {rng.choice(LEVANTINE_MONTHS)}."
            ),
            lambda: (
                f"ومن المقرر عقد اجتماع بين {one} و{other} {rng.choice(w.SOON)} لبحث {topic}، وفق "
                f"{rng.choice(w.SOURCES)}."
            ),
            lambda: f"و{added} {person} أن {claim}، من دون أن {gave} تفاصيل إضافية.",
            lambda: (
                f"ويرى {rng.choice(w.ANALYSTS)} أن ملف {topic} قد {rng.choice(w.EFFECTS)} "
                f"{rng.choice(w.EFFECT_OBJECTS)}."
            ),
            lambda: f"وفي {place}، {rng.choice(w.OBSERVATIONS)} {rng.choice(w.WHEN)}.",
            lambda: (
                f"وطالب ممثلون عن {rng.choice(words.groups)} ب{rng.choice(w.DEMANDS)} "
                f"في ملف {topic}."
            ),
            lambda: (
                f"يتعامل كثيرون مع ملف {topic} كأنه {rng.choice(w.OPINION_VIEWS)}، لكن "
                f"{rng.choice(w.OPINION_COUNTERS)}."
            ),
            lambda: f"ما تحتاجه {place} اليوم هو {rng.choice(w.OPINION_NEEDS)} في ملف {topic}.",
        )
        # the last two shapes are the columnist's voice: opinion pieces only
        count = len(makers) if story.section == "رأي" else len(makers) - 2
        kind = rng.randrange(count)
        return kind, makers[kind]()


def drafts(
    rng: random.Random, count: int, *, reporters: tuple[str, ...], styles: list[DateStyle]
) -> list[Draft]:
    """`styles[i]` writes page i's numbers, so body digits match its visible date."""
    writer = ArabicWriter()
    out: list[Draft] = []
    stories: list[_Story] = []
    for i in range(count):
        section = rng.choice(tuple(w.SECTIONS))
        story = writer.story(rng, section)
        title = writer.headline(rng, story)
        body = tuple(writer.paragraph(rng, story, styles[i]) for _ in range(rng.randint(4, 7)))
        authors = tuple(rng.sample(reporters, 2 if rng.random() < 0.2 else 1))
        slug = str(208000 + 37 * i)
        out.append(Draft(slug, title, section, body, authors, published_at(rng)))
        stories.append(story)
    return finish(out, correction=writer.correction(rng, stories[min(CORRECTED, count - 1)]))
