"""The ways a request the rules refuse can fail, shared by every app.

A service raises one of these with a message written for the person; views
either put it on the form they are showing (`add_to_form`) or let it rise, and
`DomainErrorMiddleware` turns it into the matching error page. So "not yours"
is always a 403, "someone else got there first" always a 409, and "this input
will not do" always a 400, whichever app refuses.
"""

from __future__ import annotations

from django import forms


class DomainError(Exception):
    """A request the rules refuse; the message is shown to the person."""

    status_code = 400
    title = "There is a problem"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class NotAllowed(DomainError):
    """This person may not do this to this object."""

    status_code = 403
    title = "You cannot do that"


class Conflict(DomainError):
    """The object changed since the person last saw it: someone acted first."""

    status_code = 409
    title = "Someone else has changed this"


class Invalid(DomainError):
    """What was asked for cannot be done as given; `field` names the form field."""

    status_code = 400


class RateLimited(DomainError):
    """Too many of these too quickly; the message says when to try again."""

    status_code = 429
    title = "Too many requests"


def add_to_form(form: forms.Form, error: DomainError) -> None:
    """Show a refusal on the form being redisplayed: beside its field when it
    names one the form has, otherwise at the top of the error summary."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message.rstrip(".") if field else error.message)
