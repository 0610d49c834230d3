"""Outgoing e-mail in the background: the site's EMAIL_BACKEND queues each message as a task
(`send_queued`), and the worker hands it to the configured backend (`EMAIL_URL`, kept as
`SECTORPLAN_EMAIL_BACKEND`). A request that sends mail no longer waits for the mail server,
and a mail server that is down costs a failed task, not a failed page.

The message travels as plain JSON: subject, body, addresses, headers, HTML alternatives and
attachments (base64)."""

import base64

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks import task


def to_json(message) -> dict:
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append([filename, base64.b64encode(content).decode(), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in message.extra_headers.items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def from_json(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(pair) for pair in data["alternatives"]],
    )
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


@task()
def send_queued(messages: list[dict]) -> int:
    connection = get_connection(settings.SECTORPLAN_EMAIL_BACKEND)
    return connection.send_messages([from_json(data) for data in messages]) or 0


class QueuedEmailBackend(BaseEmailBackend):
    """Queues the messages for the worker (in the sender's transaction: a rolled-back
    action sends nothing)."""

    def send_messages(self, email_messages) -> int:
        messages = [to_json(message) for message in email_messages if message.recipients()]
        if messages:
            send_queued.enqueue(messages)
        return len(messages)
