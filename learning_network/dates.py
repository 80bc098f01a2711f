"""Dates and times people type, in the NHS.UK date input pattern.

A browser's date picker shows and reads dates in the order of the browser's
language: set to US English, "01/10/2024" is 10 January. The NHS.UK date
input has a box each for day, month and year, labelled, so nobody can read
one for the other. Every form in the portal where a person types a date uses
these fields:

- `DateInputField`: day, month and year boxes; cleans to a `date`.
- `MonthYearField`: month and year only, where the day is not needed (when
  work started); cleans to the first day of that month.
- `TimeField24`: one box, "hh:mm" on the 24-hour clock (9:30, 09:30, 21:05).
- `DateTimeInputField`: day, month, year and time; cleans to an aware
  datetime in the portal's time zone (Europe/London).

They render through `templates/includes/date_input.html` (chosen by
`includes/field.html`), with a fieldset, its legend, a hint, the error and
only the boxes in error marked, as the NHS.UK guidance asks. The error
messages are the guidance's: "Enter ...", "<Name> must include a month",
"<Name> must be a real date", "Year must include 4 numbers".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateformat import format as format_date

DAY, MONTH, YEAR, TIME = "day", "month", "year", "time"
PART_LABELS = {DAY: "Day", MONTH: "Month", YEAR: "Year", TIME: "Time"}
PART_WIDTHS = {DAY: 2, MONTH: 2, YEAR: 4, TIME: 5}

# People type a month's name too ("Oct", "october"), and the guidance asks us to take it.
MONTH_NAMES = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTH_NAMES["sept"] = 9

TIME_HINT = "Use the 24-hour clock, for example 09:30 or 21:05"
_TIME = re.compile(
    r"^(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$", re.IGNORECASE | re.ASCII
)


def readable_date(value: date) -> str:
    """1 October 2024: how the portal writes a date for people."""
    return format_date(value, "j F Y")


@dataclass(frozen=True)
class Problem:
    """What is wrong with the parts a person typed, and which boxes to mark."""

    message: str
    parts: tuple[str, ...]


# More digits than any day, month or year has, even with leading zeros. Python
# refuses to read a number of thousands of digits (a ValueError, so a 500).
MAX_DIGITS = 8


def _number(text: str) -> int | None:
    text = text.strip()
    # ASCII only: "²" and other scripts' digits pass isdigit() but are no date.
    if len(text) > MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def date_problem(name: str, parts: dict[str, str], required: bool) -> Problem | None:
    """The first thing wrong with typed date parts, or None when they make a date
    (or, for an optional field, are all blank). `parts` holds DAY, MONTH and YEAR,
    or MONTH and YEAR only."""
    order = [part for part in (DAY, MONTH, YEAR) if part in parts]
    values = {part: (parts[part] or "").strip() for part in order}
    missing = [part for part in order if not values[part]]
    if len(missing) == len(order):
        return Problem(f"Enter {name[0].lower()}{name[1:]}", tuple(order)) if required else None
    if missing:
        return Problem(f"{name} must include a {_join(missing)}", tuple(missing))
    year = _number(values[YEAR])
    if year is None or len(values[YEAR]) != 4:
        return Problem("Year must include 4 numbers", (YEAR,))
    month = _number(values[MONTH])
    if month is None:
        month = MONTH_NAMES.get(values[MONTH].lower().rstrip("."))
    if month is None or not 1 <= month <= 12:
        return Problem(f"{name} must be a real date", (MONTH,))
    # Before 1000 is a typing slip; after 2999 no one means it, and the day
    # after 31 December 9999 is beyond what dates can hold.
    if not 1000 <= year <= 2999:
        return Problem(f"{name} must be a real date", (YEAR,))
    if DAY in values:
        day = _number(values[DAY])
        if day is None or not 1 <= day <= calendar.monthrange(year, month)[1]:
            return Problem(f"{name} must be a real date", (DAY,))
    return None


def parse_date_parts(parts: dict[str, str]) -> date:
    """The date of parts that `date_problem` passed; day 1 when there is no day."""
    month = _number(parts[MONTH]) or MONTH_NAMES[parts[MONTH].strip().lower().rstrip(".")]
    day = _number(parts[DAY]) if DAY in parts else 1
    return date(int(parts[YEAR].strip()), month, day)


def parse_time(text: str) -> time | None:
    """A time typed as 9:30, 09:30, 21:05, 0930 or 9.30 (or with am/pm); None when
    it is not a real time."""
    match = _TIME.match(text.strip())
    if not match:
        return None
    hours, minutes, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if match[2] is None and not half:
        return None  # "9" alone could be 09:00 or 21:00
    if half:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if half.startswith("p") else 0)
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


_ISO = re.compile(r"^(\d+)-(\d+)(?:-(\d+))?(?:[T ](\d{1,2}:\d{2}))?")


def _iso_parts(text: str, parts: tuple[str, ...]) -> dict[str, str]:
    """The parts of an ISO date ("2024-10-01", "2024-10", "2024-10-01T09:30"), unchecked:
    the field says what is wrong. Text that is no ISO date fills every box, so it is
    refused, not taken for blank."""
    match = _ISO.match(text)
    if not match:
        return dict.fromkeys(parts, text)
    found = {YEAR: match[1], MONTH: match[2], DAY: match[3] or "", TIME: match[4] or ""}
    return {part: found[part] for part in parts}


class _PartsWidget(forms.MultiWidget):
    """Text boxes, one per part, named `<field>_<part>`."""

    parts: tuple[str, ...] = ()

    def __init__(self, attrs=None):
        super().__init__({part: forms.TextInput for part in self.parts}, attrs)

    def value_from_datadict(self, data, files, name) -> dict[str, str]:
        if all(f"{name}_{part}" not in data for part in self.parts) and data.get(name):
            # A whole ISO date ("2024-10-01", "2024-10-01T09:30"), as pages served
            # before the boxes posted it: read in that one order, never guessed.
            return self.decompress(str(data[name]))
        return {part: data.get(f"{name}_{part}", "") for part in self.parts}

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in data and all(f"{name}_{part}" not in data for part in self.parts)

    def id_for_label(self, id_):
        return f"{id_}_{self.parts[0]}" if id_ else id_

    def decompress(self, value) -> dict[str, str]:
        if isinstance(value, str) and value.strip():
            return _iso_parts(value.strip(), self.parts)
        return dict.fromkeys(self.parts, "")


class DatePartsWidget(_PartsWidget):
    parts = (DAY, MONTH, YEAR)

    def decompress(self, value) -> dict[str, str]:
        if isinstance(value, date):
            return {DAY: str(value.day), MONTH: str(value.month), YEAR: str(value.year)}
        return super().decompress(value)


class MonthYearWidget(_PartsWidget):
    parts = (MONTH, YEAR)

    def decompress(self, value) -> dict[str, str]:
        if isinstance(value, date):
            return {MONTH: str(value.month), YEAR: str(value.year)}
        return super().decompress(value)


class DateTimePartsWidget(_PartsWidget):
    parts = (DAY, MONTH, YEAR, TIME)

    def decompress(self, value) -> dict[str, str]:
        if isinstance(value, datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return {
                DAY: str(local.day),
                MONTH: str(local.month),
                YEAR: str(local.year),
                TIME: local.strftime("%H:%M"),
            }
        return super().decompress(value)


class TwentyFourHourTimeInput(forms.TextInput):
    """One box for "hh:mm"; widget_type "twentyfourhourtime"."""

    def __init__(self, attrs=None):
        defaults = {
            "class": "nhsuk-input--width-5",
            "autocomplete": "off",
            "spellcheck": "false",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, time | datetime):
            return value.strftime("%H:%M")
        return super().format_value(value)


class _PartsField(forms.Field):
    """A date typed in several boxes. `name` is how its errors start ("Start date
    must include a year"); it defaults to the label. A "required" error message,
    if given, replaces "Enter <name>" for boxes left blank."""

    widget = DatePartsWidget

    def __init__(self, *, name: str = "", min_value=None, max_value=None, **kwargs):
        self.required_message = (kwargs.get("error_messages") or {}).get("required", "")
        super().__init__(**kwargs)
        self.name = name
        self.min_value = min_value
        self.max_value = max_value

    @property
    def error_name(self) -> str:
        return self.name or str(self.label or "Date")

    def problem(self, raw) -> Problem | None:
        """What is wrong with what was typed (for the boxes to mark), or None."""
        if not isinstance(raw, dict):
            return None
        problem = date_problem(self.error_name, raw, self.required)
        if problem and self.required_message and not any(v.strip() for v in raw.values()):
            return Problem(self.required_message, problem.parts)
        return problem

    def to_python(self, value):
        if value is None or isinstance(value, date):
            return value
        problem = self.problem(value)
        if problem:
            raise ValidationError(problem.message, code="invalid")
        if not any((text or "").strip() for text in value.values()):
            return None
        return self.from_parts(value)

    def from_parts(self, parts: dict[str, str]):
        return parse_date_parts(parts)

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        day = value.date() if isinstance(value, datetime) else value
        if self.min_value and day < self.min_value:
            raise ValidationError(
                f"{self.error_name} must be the same as or after {readable_date(self.min_value)}",
                code="min_value",
            )
        if self.max_value and day > self.max_value:
            raise ValidationError(
                f"{self.error_name} must be the same as or before {readable_date(self.max_value)}",
                code="max_value",
            )

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(data) != (initial if initial not in ("", None) else None)
        except ValidationError:
            return True


class DateInputField(_PartsField):
    """A date typed in day, month and year boxes."""

    widget = DatePartsWidget


class MonthYearField(_PartsField):
    """A month typed in month and year boxes; the date is the first of the month."""

    widget = MonthYearWidget

    def has_changed(self, initial, data) -> bool:
        if isinstance(initial, date):
            initial = initial.replace(day=1)
        return super().has_changed(initial, data)


class TimeField24(forms.Field):
    """A time on the 24-hour clock, typed as hh:mm."""

    widget = TwentyFourHourTimeInput
    default_error_messages = {
        "required": "Enter a time",
        "invalid": "Enter a real time on the 24-hour clock, for example 09:30 or 21:05",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", TIME_HINT)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or isinstance(value, time):
            return value or None
        parsed = parse_time(str(value))
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class DateTimeInputField(_PartsField):
    """A date in day, month and year boxes and a 24-hour time beside them; cleans
    to an aware datetime in the portal's time zone (Europe/London)."""

    widget = DateTimePartsWidget
    default_error_messages = {
        "invalid_time": "Enter a real time on the 24-hour clock, for example 09:30 or 21:05",
        "missing_time": "Enter a time",
    }

    def problem(self, raw) -> Problem | None:
        if not isinstance(raw, dict):
            return None
        date_parts = {part: raw.get(part, "") for part in (DAY, MONTH, YEAR)}
        typed_time = (raw.get(TIME) or "").strip()
        if not typed_time:
            problem = super().problem(date_parts)
            if problem and problem.parts == (DAY, MONTH, YEAR):
                return Problem(problem.message, (DAY, MONTH, YEAR, TIME))
            if problem or not any(v.strip() for v in date_parts.values()):
                return problem
            return Problem(self.error_messages["missing_time"], (TIME,))
        problem = date_problem(self.error_name, date_parts, required=True)
        if problem:
            return problem
        if parse_time(typed_time) is None:
            return Problem(self.error_messages["invalid_time"], (TIME,))
        when = _combine(date_parts, typed_time)
        if not _exists(when):
            return Problem(
                f"{readable_date(when.date())} has no {when:%H:%M}: the clocks go forward an "
                "hour that night. Choose a time before 01:00 or from 02:00",
                (TIME,),
            )
        return None

    def to_python(self, value):
        if isinstance(value, datetime):
            return value
        return super().to_python(value)

    def from_parts(self, parts: dict[str, str]) -> datetime:
        # In the autumn, 01:00 to 01:59 comes twice: the first (summer time) is meant.
        return timezone.make_aware(_combine(parts, parts[TIME]))

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(data) != initial
        except ValidationError:
            return True


def _combine(date_parts: dict[str, str], typed_time: str) -> datetime:
    return datetime.combine(parse_date_parts(date_parts), parse_time(typed_time))


def _exists(naive: datetime) -> bool:
    """False for a wall-clock time skipped when the clocks go forward."""
    zone = timezone.get_current_timezone()
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(timezone.UTC).astimezone(zone).replace(tzinfo=None) == naive


@dataclass(frozen=True)
class Box:
    """One box of a date input, for the template."""

    part: str
    label: str
    name: str
    id: str
    value: str
    width: int
    error: bool
    autocomplete: str
    hint: str = ""


def date_input_boxes(field: forms.BoundField, autocomplete: str = "") -> list[Box]:
    """The boxes of a date field, with what was typed (or the initial date) and
    those in error marked: the parts the problem names, or all of them when the
    error came from elsewhere (such as the form's cross-field checks)."""
    widget = field.field.widget
    raw = field.value()
    if not isinstance(raw, dict):
        raw = widget.decompress(raw)
    problem = field.field.problem(raw) if field.errors and field.form.is_bound else None
    marked = set(problem.parts) if problem else (set(widget.parts) if field.errors else set())
    return [
        Box(
            part=part,
            label=PART_LABELS[part],
            name=f"{field.html_name}_{part}",
            id=f"{field.auto_id}_{part}",
            value=raw.get(part, "") or "",
            width=PART_WIDTHS[part],
            error=part in marked,
            autocomplete=f"{autocomplete}-{part}" if autocomplete and part != TIME else "",
            hint=TIME_HINT if part == TIME else "",
        )
        for part in widget.parts
    ]


def error_anchor(field: forms.BoundField) -> str:
    """The id an error summary links to for a date field: its first box in error."""
    for box in date_input_boxes(field):
        if box.error:
            return box.id
    return f"{field.auto_id}_{field.field.widget.parts[0]}"


DATE_WIDGET_TYPES = ("dateparts", "monthyear", "datetimeparts")
