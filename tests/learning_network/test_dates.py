"""The NHS.UK date input: day, month and year boxes, month and year, 24-hour times."""

from datetime import UTC, date, datetime, time

import pytest
from django import forms
from django.template.loader import render_to_string

from learning_network.dates import (
    DateInputField,
    DateTimeInputField,
    MonthYearField,
    TimeField24,
    parse_time,
)


class WhenForm(forms.Form):
    started = DateInputField(label="Start date")
    month = MonthYearField(label="When the work started", name="Start", required=False)
    at = TimeField24(label="Time", required=False)
    publish_at = DateTimeInputField(label="Publish on", required=False)


def bound(**data):
    return WhenForm(
        data={"started_day": "1", "started_month": "10", "started_year": "2024", **data}
    )


def errors_of(form, name):
    form.is_valid()
    return form.errors.get(name, [])


def test_day_month_year_make_a_date_in_uk_order():
    form = bound()
    assert form.is_valid(), form.errors
    assert form.cleaned_data["started"] == date(2024, 10, 1)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter start date"),
        ("", "10", "2024", "Start date must include a day"),
        ("1", "", "2024", "Start date must include a month"),
        ("1", "10", "", "Start date must include a year"),
        ("", "", "2024", "Start date must include a day and month"),
        ("1", "", "", "Start date must include a month and year"),
        ("31", "2", "2024", "Start date must be a real date"),
        ("29", "2", "2023", "Start date must be a real date"),
        ("1", "13", "2024", "Start date must be a real date"),
        ("0", "10", "2024", "Start date must be a real date"),
        ("x", "10", "2024", "Start date must be a real date"),
        ("1", "10", "24", "Year must include 4 numbers"),
        ("1", "10", "20245", "Year must include 4 numbers"),
        ("1", "10", "0000", "Start date must be a real date"),
        ("²", "10", "2024", "Start date must be a real date"),
        ("1", "١٠", "2024", "Start date must be a real date"),
        ("1", "10", "２０２４", "Year must include 4 numbers"),
        # Thousands of digits: Python will not read such a number at all.
        ("9" * 5000, "10", "2024", "Start date must be a real date"),
        ("1", "0" * 4999 + "1", "2024", "Start date must be a real date"),
        ("1", "10", "9" * 5000, "Year must include 4 numbers"),
    ],
)
def test_missing_or_impossible_parts_get_the_nhs_messages(day, month, year, message):
    form = WhenForm(data={"started_day": day, "started_month": month, "started_year": year})
    assert errors_of(form, "started") == [message]


def test_leap_day_is_a_real_date():
    form = WhenForm(data={"started_day": "29", "started_month": "2", "started_year": "2024"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["started"] == date(2024, 2, 29)


@pytest.mark.parametrize("month", ["Oct", "october", "OCTOBER", "oct.", "010"])
def test_a_month_may_be_typed_as_its_name(month):
    form = bound(started_month=month)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["started"] == date(2024, 10, 1)


def test_spaces_around_parts_are_ignored():
    form = bound(started_day=" 01 ", started_month=" 10", started_year="2024 ")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["started"] == date(2024, 10, 1)


def test_a_custom_required_message_replaces_enter():
    class Form(forms.Form):
        on = DateInputField(label="Date", error_messages={"required": "Enter the date to publish"})

    form = Form(data={})
    assert errors_of(form, "on") == ["Enter the date to publish"]
    form = Form(data={"on_day": "1"})
    assert errors_of(form, "on") == ["Date must include a month and year"]


def test_optional_date_left_blank_is_none():
    class Form(forms.Form):
        on = DateInputField(label="Date", required=False)

    form = Form(data={"on_day": "", "on_month": "", "on_year": ""})
    assert form.is_valid()
    assert form.cleaned_data["on"] is None


def test_range_messages_name_the_limit():
    class Form(forms.Form):
        on = DateInputField(label="Date", min_value=date(2024, 1, 1), max_value=date(2024, 12, 31))

    form = Form(data={"on_day": "31", "on_month": "12", "on_year": "2023"})
    assert errors_of(form, "on") == ["Date must be the same as or after 1 January 2024"]
    form = Form(data={"on_day": "1", "on_month": "1", "on_year": "2025"})
    assert errors_of(form, "on") == ["Date must be the same as or before 31 December 2024"]


def test_month_and_year_make_the_first_of_the_month():
    form = bound(month_month="3", month_year="2019")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["month"] == date(2019, 3, 1)


@pytest.mark.parametrize(
    ("month", "year", "message"),
    [
        ("", "2019", "Start must include a month"),
        ("3", "", "Start must include a year"),
        ("13", "2019", "Start must be a real date"),
        ("3", "19", "Year must include 4 numbers"),
    ],
)
def test_month_and_year_errors(month, year, message):
    form = bound(month_month=month, month_year=year)
    assert errors_of(form, "month") == [message]


def test_month_and_year_is_unchanged_by_the_day_of_its_initial_date():
    form = WhenForm(
        data={
            "started_day": "1",
            "started_month": "10",
            "started_year": "2024",
            "month_month": "3",
            "month_year": "2019",
        },
        initial={"month": date(2019, 3, 17), "started": date(2024, 10, 1)},
    )
    assert "month" not in form.changed_data
    assert "started" not in form.changed_data


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9:30", time(9, 30)),
        ("09:30", time(9, 30)),
        ("21:05", time(21, 5)),
        ("0930", time(9, 30)),
        ("9.30", time(9, 30)),
        ("00:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("9:30pm", time(21, 30)),
        ("12:00am", time(0, 0)),
        ("12:15 pm", time(12, 15)),
    ],
)
def test_times_on_the_24_hour_clock(typed, expected):
    assert parse_time(typed) == expected
    form = bound(at=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["at"] == expected


@pytest.mark.parametrize("typed", ["24:00", "9:60", "9", "nine", "13:00pm", "9:3", "::"])
def test_impossible_times_are_refused_in_words(typed):
    assert errors_of(bound(at=typed), "at") == [
        "Enter a real time on the 24-hour clock, for example 09:30 or 21:05"
    ]


def test_time_hint_promises_the_24_hour_clock():
    assert "24-hour clock" in str(WhenForm()["at"].help_text)


def test_date_and_time_make_an_aware_london_datetime():
    summer = bound(
        publish_at_day="1", publish_at_month="7", publish_at_year="2025", publish_at_time="9:30"
    )
    assert summer.is_valid(), summer.errors
    assert summer.cleaned_data["publish_at"] == datetime(2025, 7, 1, 8, 30, tzinfo=UTC)
    winter = bound(
        publish_at_day="1", publish_at_month="12", publish_at_year="2025", publish_at_time="21:05"
    )
    assert winter.is_valid(), winter.errors
    assert winter.cleaned_data["publish_at"] == datetime(2025, 12, 1, 21, 5, tzinfo=UTC)


def test_a_time_skipped_when_the_clocks_go_forward_is_refused():
    form = bound(
        publish_at_day="30", publish_at_month="3", publish_at_year="2025", publish_at_time="01:30"
    )
    assert errors_of(form, "publish_at") == [
        "30 March 2025 has no 01:30: the clocks go forward an hour that night. "
        "Choose a time before 01:00 or from 02:00"
    ]


def test_a_time_that_comes_twice_in_autumn_means_the_first():
    form = bound(
        publish_at_day="26", publish_at_month="10", publish_at_year="2025", publish_at_time="01:30"
    )
    assert form.is_valid(), form.errors
    # Compared in UTC: Python never calls a time that comes twice equal to another zone's.
    assert form.cleaned_data["publish_at"].astimezone(UTC) == datetime(
        2025, 10, 26, 0, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("1", "7", "2025", ""), "Enter a time"),
        (
            ("1", "7", "2025", "25:00"),
            "Enter a real time on the 24-hour clock, for example 09:30 or 21:05",
        ),
        (("", "", "", "09:30"), "Enter publish on"),
        (("1", "", "2025", "09:30"), "Publish on must include a month"),
    ],
)
def test_date_and_time_errors(parts, message):
    day, month, year, at = parts
    form = bound(
        publish_at_day=day, publish_at_month=month, publish_at_year=year, publish_at_time=at
    )
    assert errors_of(form, "publish_at") == [message]


def test_optional_date_and_time_left_blank_is_none():
    form = bound()
    assert form.is_valid(), form.errors
    assert form.cleaned_data["publish_at"] is None


def render(form) -> str:
    return render_to_string("includes/form.html", {"form": form})


def test_renders_the_nhs_date_input_with_fieldset_legend_and_labelled_boxes():
    html = render(WhenForm(initial={"started": date(2024, 10, 1)}))
    assert '<fieldset class="nhsuk-fieldset" role="group"' in html
    assert "Start date</legend>" in html
    assert 'class="nhsuk-date-input" id="id_started"' in html
    for part, label, value, width in [
        ("day", "Day", "1", 2),
        ("month", "Month", "10", 2),
        ("year", "Year", "2024", 4),
    ]:
        assert (
            f'<label class="nhsuk-label nhsuk-date-input__label" for="id_started_{part}">{label}'
            in html
        )
        assert (
            f'<input class="nhsuk-input nhsuk-date-input__input nhsuk-input--width-{width}" '
            f'id="id_started_{part}" name="started_{part}" type="text" value="{value}" '
            'inputmode="numeric">' in html
        )
    assert 'type="date"' not in html


def test_month_and_year_renders_two_boxes_and_says_optional():
    html = render(WhenForm(initial={"month": date(2019, 3, 1)}))
    assert "When the work started (optional)</legend>" in html
    assert 'id="id_month_month"' in html and 'id="id_month_year"' in html
    assert 'id="id_month_day"' not in html
    assert 'name="month_month" type="text" value="3"' in html


def test_only_the_boxes_in_error_are_marked_and_typed_text_is_kept():
    form = WhenForm(data={"started_day": "12", "started_month": "", "started_year": "2024"})
    form.is_valid()
    html = render(form)
    assert "nhsuk-form-group--error" in html
    assert 'id="id_started_month" name="started_month" type="text" value=""' in html
    assert 'nhsuk-input--width-2 nhsuk-input--error" id="id_started_month"' in html
    assert (
        'nhsuk-input--width-2" id="id_started_day" name="started_day" type="text" value="12"'
        in html
    )
    assert 'nhsuk-input--width-4" id="id_started_year"' in html
    assert 'id="id_started-error"' in html
    assert 'aria-describedby="id_started-error"' in html


def test_error_summary_links_to_the_first_box_in_error():
    form = WhenForm(data={"started_day": "12", "started_month": "", "started_year": "24"})
    form.is_valid()
    html = render_to_string("includes/error_summary.html", {"form": form})
    assert '<a href="#id_started_month">Start date must include a month</a>' in html


def test_error_from_the_form_marks_every_box():
    form = bound()
    form.is_valid()
    form.add_error("started", "The work must start before it finishes")
    html = render(form)
    for part in ("day", "month", "year"):
        assert f'nhsuk-input--error" id="id_started_{part}"' in html


def test_date_and_time_renders_a_time_box_with_its_24_hour_hint():
    html = render(WhenForm(initial={"publish_at": datetime(2025, 7, 1, 8, 30, tzinfo=UTC)}))
    assert 'id="id_publish_at_time" name="publish_at_time" type="text" value="09:30"' in html
    assert "Use the 24-hour clock, for example 09:30 or 21:05" in html
    assert 'name="publish_at_day" type="text" value="1"' in html


def test_time_field_renders_as_one_text_box_with_its_hint():
    html = render(WhenForm(initial={"at": time(9, 5)}))
    assert '<input type="text" name="at" value="09:05"' in html
    assert 'type="time"' not in html
