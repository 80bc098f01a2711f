from datetime import date

from learning_network.working_days import (
    add_working_days,
    is_working_day,
    latest_day_before,
    working_days_between,
)


def test_weekends_are_not_working_days():
    monday = date(2026, 11, 2)
    assert working_days_between(monday, date(2026, 11, 6)) == 4
    assert working_days_between(monday, date(2026, 11, 9)) == 5
    assert working_days_between(monday, monday) == 0


def test_england_and_wales_bank_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 12, 25))  # Christmas Day, a Friday
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day observed, a Monday
    assert not is_working_day(date(2026, 8, 31))  # late summer bank holiday
    # Christmas Eve to the Tuesday after: only the Tuesday counts.
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 29)) == 1


def test_scottish_holidays_do_not_count_in_england():
    assert is_working_day(date(2026, 11, 30))  # St Andrew's Day, Scotland only
    assert is_working_day(date(2027, 1, 4))  # 2 January substitute, Scotland only


def test_adding_working_days_skips_weekends_and_holidays():
    assert add_working_days(date(2026, 12, 24), 2) == date(2026, 12, 30)
    assert add_working_days(date(2026, 11, 6), 1) == date(2026, 11, 9)
    assert add_working_days(date(2026, 11, 6), 0) == date(2026, 11, 6)


def test_latest_day_before_is_the_last_day_more_than_n_working_days_ago():
    wednesday = date(2026, 11, 25)
    cutoff = latest_day_before(wednesday, 10)
    assert working_days_between(cutoff, wednesday) == 11
    assert working_days_between(cutoff + (date(2026, 1, 2) - date(2026, 1, 1)), wednesday) == 10


def test_latest_day_before_counts_over_christmas():
    cutoff = latest_day_before(date(2027, 1, 8), 10)
    assert working_days_between(cutoff, date(2027, 1, 8)) == 11
    assert cutoff == date(2026, 12, 21)
