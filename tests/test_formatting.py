import datetime as dt

from reports.formatting import compact_money, enum_label, money, month_label, percent


def test_money_uses_the_reporting_currency_symbol_and_thousands():
    assert money(1234567.891, "USD") == "$1,234,568"
    assert money(1234.5, "EUR", decimals=2) == "€1,234.50"
    assert money(-50, "USD") == "−\u2060$50"  # the minus held to the amount (never broken apart)
    assert money(10, "CHF") == "10\u00a0CHF"
    assert money(None) == "–"


def test_compact_money_and_rates():
    assert compact_money(12_340_000, "USD") == "$12.3M"
    assert compact_money(450_000, "GBP") == "£450K"
    assert percent(0.9531) == "95.3%"


def test_month_label_reads_dates_and_iso_strings():
    assert month_label(dt.date(2026, 3, 1)) == "Mar 2026"
    assert month_label("2026-03-01") == "Mar 2026"


def test_enumeration_values_read_as_words_and_stay_escapable():
    assert enum_label("in_progress") == "in progress"
    assert enum_label(None) == ""
    assert not hasattr(enum_label("<b>_x"), "__html__")


def test_a_count_says_its_noun_in_the_right_number():
    from reports.formatting import count_of

    assert count_of(1, "day", "days") == "1 day"
    assert count_of(0, "day", "days") == "0 days"
    assert count_of(-1, "day", "days") == "-1 day"
    assert count_of(1200, "ticket", "tickets") == "1,200 tickets"
    assert count_of(None, "ticket", "tickets") == "0 tickets"


def test_a_countdown_says_today_in_days_or_overdue_by_days():
    from reports.formatting import countdown

    assert [countdown(days) for days in (1, 30, 0, -1, -12)] == [
        "in 1 day",
        "in 30 days",
        "today",
        "overdue by 1 day",
        "overdue by 12 days",
    ]
