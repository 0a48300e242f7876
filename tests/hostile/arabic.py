"""Two Arabic news stories written for the hostile site: title, four paragraphs, a date.

Every character is in windows-1256 as well as in UTF-8, so each story can be served in
either encoding (and labelled with the other)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class ArabicStory:
    slug: str
    title: str
    paragraphs: tuple[str, ...]
    byline_date: str  # printed under the title
    published: datetime  # what the archive must store (UTC)
    published_has_time: bool
    json_ld_date: str | None  # datePublished, when the page has one


ELECTRICITY = ArabicStory(
    slug="lebanon-electricity-plan",
    title="وزارة الطاقة اللبنانية تعلن خطة لزيادة ساعات التغذية الكهربائية",
    paragraphs=(
        "أعلنت وزارة الطاقة والمياه في لبنان، يوم الاثنين، عن خطة جديدة تهدف إلى زيادة ساعات "
        "التغذية الكهربائية في بيروت والمناطق خلال الأشهر المقبلة، وذلك بعد وصول شحنة من الفيول "
        "إلى معمل الزهراني.",
        "وقال وزير الطاقة في مؤتمر صحافي إن الخطة تعتمد على تحسين الجباية وتقليص الهدر على "
        "الشبكة، مشيراً إلى أن المواطنين سيلمسون تحسناً تدريجياً في التغذية قبل حلول فصل الشتاء.",
        "من جهتهم، أبدى أصحاب المولدات الخاصة قلقهم من تراجع الطلب على خدماتهم، في حين رحبت "
        "جمعيات المستهلكين بالخطة وطالبت بجدول زمني واضح وبمراقبة الأسعار في الأحياء السكنية.",
        "ويعاني لبنان منذ سنوات من انقطاع متكرر للتيار الكهربائي بسبب الأزمة المالية وتراجع قدرة "
        "الدولة على استيراد الوقود، ما دفع معظم الأسر إلى الاعتماد على المولدات والطاقة الشمسية.",
    ),
    byline_date="5 آب 2024",
    published=datetime(2024, 8, 5, 6, 30, tzinfo=UTC),
    published_has_time=True,
    json_ld_date="2024-08-05T09:30:00+03:00",
)

HARVEST = ArabicStory(
    slug="hauran-wheat-harvest",
    title="مزارعو حوران يتوقعون موسم قمح أفضل بعد أمطار الربيع",
    paragraphs=(
        "يتوقع المزارعون في سهل حوران جنوب سوريا موسماً أفضل من القمح هذا العام، بعد أن هطلت "
        "أمطار غزيرة خلال فصل الربيع وأعادت الحياة إلى الأراضي التي عانت من الجفاف في المواسم "
        "الماضية.",
        "وقال أحد المزارعين في ريف درعا إن السنابل هذا العام أطول وأكثر امتلاء، لكنه أشار إلى أن "
        "ارتفاع أسعار المازوت والأسمدة ما زال يثقل كاهل الفلاحين ويقلل من أرباحهم.",
        "وتسعى الجهات المعنية إلى شراء المحصول بأسعار تشجيعية، غير أن التجار يعرضون أسعاراً أعلى "
        "في بعض المناطق، ما يدفع عدداً من المزارعين إلى البيع في السوق الحرة.",
        "ويأمل الأهالي أن يساعد الموسم الجيد على تخفيف أعباء المعيشة، خصوصاً مع استمرار تراجع "
        "قيمة الليرة وارتفاع أسعار الخبز والمواد الغذائية الأساسية في الأسواق المحلية.",
    ),
    # Only the visible Arabic byline dates this one: misread bytes lose the date too.
    byline_date="نشر في 12 آب 2024",
    published=datetime(2024, 8, 12, tzinfo=UTC),
    published_has_time=False,
    json_ld_date=None,
)

# Byte sequences UTF-8 Arabic turns into when read as windows-1252 or latin-1 ("Ø§Ù„").
MOJIBAKE = ("Ø", "Ù", "Ã", "\ufffd")
