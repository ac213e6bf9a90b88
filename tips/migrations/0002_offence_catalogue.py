"""The offence catalogue WardSec ships with: the Penal Code 2015 articles the seed article names,
and the everyday categories of a ward's tips. Administrators extend it as data."""

from django.db import migrations

CATALOGUE = [
    # code, Vietnamese name, English name, Penal Code 2015 article, order
    ("robbery", "Cướp tài sản", "Robbery", "168", 10),
    ("theft", "Trộm cắp tài sản", "Theft", "173", 20),
    ("fraud", "Lừa đảo chiếm đoạt tài sản", "Fraud", "174", 30),
    ("abuse_of_trust", "Lạm dụng tín nhiệm chiếm đoạt tài sản", "Abuse of trust", "175", 40),
    ("intentional_injury", "Cố ý gây thương tích", "Intentional injury", "134", 50),
    ("prohibited_goods", "Vận chuyển, buôn bán hàng cấm", "Prohibited goods", "191", 60),
    ("drug_possession", "Tàng trữ trái phép chất ma túy", "Illegal drug possession", "249", 70),
    ("drug_use", "Sử dụng trái phép chất ma túy", "Illegal drug use", "", 80),
    ("gambling", "Đánh bạc", "Gambling", "321", 90),
    ("public_disorder", "Gây rối trật tự công cộng", "Public disorder", "318", 100),
    ("smuggling", "Buôn lậu, vận chuyển hàng lậu (thuốc lá ngoại nhập lậu…)",
     "Smuggling of goods", "188, 190", 110),
    ("traffic", "Trật tự an toàn giao thông", "Traffic safety and order", "", 120),
    ("domestic_violence", "Bạo lực gia đình", "Domestic violence", "", 130),
    ("dispute", "Mâu thuẫn, tranh chấp trong nhân dân", "Dispute among residents", "", 140),
    ("other", "Khác", "Other", "", 999),
]


def forwards(apps, schema_editor):
    category = apps.get_model("tips", "OffenceCategory")
    for code, name, name_en, article, order in CATALOGUE:
        category.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "penal_code_article": article,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("tips", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
