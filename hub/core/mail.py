"""Plain-text e-mail from templates in templates/mail/, sent by SMTP.

With no MAIL_SERVER, development writes each message to MAIL_OUTBOX as a .eml file;
tests set neither, so an e-mail nobody expected fails the test.
"""

import logging
import smtplib
import ssl
import time
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from urllib.parse import urljoin

from flask import current_app, has_request_context, render_template, request, url_for

log = logging.getLogger(__name__)


class MailError(RuntimeError):
    """The message could not be handed to the mail server."""


def external_url(endpoint: str, **values) -> str:
    """An absolute link for an e-mail, also from the command line (reminders)."""
    base = request.host_url if has_request_context() else current_app.config["BASE_URL"]
    if has_request_context():
        return urljoin(base, url_for(endpoint, **values))
    with current_app.test_request_context(base_url=base):
        return url_for(endpoint, _external=True, **values)


def send_mail(to: str | list[str], subject: str, template: str, **context) -> None:
    """Render mail/<template>.txt and send it; raise MailError if it cannot go."""
    config = current_app.config
    recipients = [to] if isinstance(to, str) else list(dict.fromkeys(to))
    if not recipients:
        return
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=config["MAIL_FROM"].rpartition("@")[2] or None)
    message.set_content(render_template(f"mail/{template}.txt", **context))
    if config.get("MAIL_SERVER"):
        _send_smtp(message)
    elif config.get("MAIL_OUTBOX"):
        outbox = Path(config["MAIL_OUTBOX"])
        outbox.mkdir(parents=True, exist_ok=True)
        (outbox / f"{time.time_ns()}-{template}.eml").write_bytes(bytes(message))
    else:
        raise MailError("E-mail is not set up: set MAIL_SERVER (or MAIL_OUTBOX).")
    # Addresses are personal data: the log says only what kind of message went.
    log.info("sent %s e-mail to %d recipient(s)", template, len(recipients))


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("could not send e-mail: %s", type(error).__name__)
        raise MailError(str(error)) from error
