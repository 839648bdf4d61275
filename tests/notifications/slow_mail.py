"""An email backend for the worker-kill test: says when a send starts, then takes its time."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    """The file backend, but each send first leaves a marker and sleeps SLOW_EMAIL_SECONDS."""

    def send_messages(self, email_messages):
        markers = Path(os.environ["SLOW_EMAIL_MARKERS"])
        for message in email_messages:
            (markers / f"{uuid.uuid4().hex}.started").write_text(",".join(message.to))
        time.sleep(float(os.environ.get("SLOW_EMAIL_SECONDS", "0")))
        return super().send_messages(email_messages)
