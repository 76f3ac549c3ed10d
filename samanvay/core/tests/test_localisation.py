from django.urls import reverse


def test_an_empty_choice_reads_in_hindi(world, login_as):
    client = login_as(world.branch)
    response = client.get(reverse("directory:police_unit_create"))
    assert "— चुनें —" in response.content.decode()
    assert "Select an option" not in response.content.decode()


def test_dates_read_as_day_month_year_in_hindi():
    import datetime

    from django.utils import formats, translation

    with translation.override("hi"):
        assert formats.date_format(datetime.date(2026, 10, 3)) == "3 अक्टूबर 2026"
    with translation.override("en"):
        assert formats.date_format(datetime.date(2026, 10, 3)) == "3 October 2026"
