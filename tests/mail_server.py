"""A small SMTP server on 127.0.0.1 for tests: the portal's real SMTP mailer
talks to it, and it can drop the connection the first time a given
recipient is named, as a mail server that goes away mid-conversation does."""

from __future__ import annotations

import email
import socketserver
import threading
from collections import Counter
from email.message import Message


class _Conversation(socketserver.StreamRequestHandler):
    server: MailServer

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 test.nhs.uk ESMTP")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command[:4].upper()
            if verb in {"EHLO", "HELO"}:
                self.reply("250 test.nhs.uk")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                address = command.split(":", 1)[1].strip().strip("<>")
                if self.server.should_drop(address):
                    return  # the connection goes, mid-conversation
                recipients.append(address)
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                self.server.accept(recipients, email.message_from_bytes(data))
                self.reply("250 OK: queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("250 OK")


class MailServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Conversation)
        self.lock = threading.Lock()
        self.received: list[tuple[list[str], Message]] = []
        self.drops_left: Counter[str] = Counter()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def drop_first(self, address: str, times: int = 1) -> None:
        """Drop the connection the next `times` times `address` is a recipient."""
        self.drops_left[address] += times

    def should_drop(self, address: str) -> bool:
        with self.lock:
            if self.drops_left[address] > 0:
                self.drops_left[address] -= 1
                return True
        return False

    def accept(self, recipients: list[str], message: Message) -> None:
        with self.lock:
            self.received.append((recipients, message))

    def recipients(self) -> list[str]:
        """Every address a message was delivered to, once per delivery, sorted."""
        return sorted(address for to, _ in self.received for address in to)

    def mailer_settings(self) -> dict:
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
            }
        }

    def __enter__(self) -> MailServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()
