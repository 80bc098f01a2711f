"""A development email backend: the console, with bodies printed as plain text."""

import sys

from django.core.mail.backends.base import BaseEmailBackend


class ReadableConsoleBackend(BaseEmailBackend):
    """Prints each email's headers and body undecorated, so links stay whole."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            sys.stdout.write(
                "\n".join(
                    [
                        "-" * 72,
                        f"To: {', '.join(message.to)}",
                        f"Subject: {message.subject}",
                        "",
                        message.body,
                        "-" * 72,
                        "",
                    ]
                )
            )
        sys.stdout.flush()
        return len(email_messages)
