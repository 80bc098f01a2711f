from datetime import date

from practice_db.moderation import overdue_cutoff, working_days_between


def test_working_days_skip_weekends():
    monday = date(2026, 11, 2)
    assert working_days_between(monday, date(2026, 11, 6)) == 4
    assert working_days_between(monday, date(2026, 11, 9)) == 5
    assert working_days_between(monday, monday) == 0


def test_overdue_cutoff_is_eleven_working_days_back():
    wednesday = date(2026, 11, 25)
    cutoff = overdue_cutoff(wednesday)
    assert working_days_between(cutoff, wednesday) == 11
