"""Media on S3-compatible object storage, never with a content type a browser would run; private files."""

import posixpath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.functional import LazyObject, empty
from storages.backends.s3 import S3Storage

# Everything the site stores is re-encoded by core/images.py into one of these.
IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


class MediaStorage(S3Storage):
    """
    S3Storage that sets every object's Content-Type from a short list of image types.

    django-storages would take the type from the uploaded file object (what the browser claimed)
    or guess it from the name; a name outside the list is stored as an attachment of raw bytes,
    so a bucket never serves HTML or SVG that a browser would run.
    """

    # Not application/octet-stream: some S3 servers (SeaweedFS) take that for "unknown" and sniff
    # the bytes into text/html. binary/octet-stream is S3's own name for raw bytes, kept as is.
    raw_bytes_type = "binary/octet-stream"

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        content_type = IMAGE_TYPES.get(posixpath.splitext(name)[1].lower())
        if content_type:
            params["ContentType"] = content_type
        else:
            params["ContentType"] = self.raw_bytes_type
            params["ContentDisposition"] = "attachment"
        return params


# ------------------------------------------------------------------------------------------------
# Private files: transfer receipts now, refund proofs and payout slips later.
#
# They live apart from public media (settings.STORAGES["private"]: a folder outside MEDIA_ROOT,
# or a private bucket / prefix) and are served only by a view that has checked who asks, through
# `private_file_response`. A model field uses them as
#     receipt = models.ImageField(upload_to="bukti/", storage=get_private_storage, blank=True)
# ------------------------------------------------------------------------------------------------
PRIVATE_CACHE_CONTROL = "private, no-store"


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder no web server publishes: a private file has no URL of its own."""

    def url(self, name):
        raise ValueError(
            "A private file has no public URL: serve it with core.storage.private_file_response."
        )


class PrivateS3Storage(MediaStorage):
    """A private bucket (or prefix): objects are read only through short-lived signed URLs."""

    signed_urls = True


class _PrivateStorage(LazyObject):
    """storages["private"], looked up again whenever STORAGES changes (tests, like default_storage)."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = _PrivateStorage()


def get_private_storage():
    """The `storage=` of every private file field (a callable, so migrations name it, not a path)."""
    return private_storage


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs):
    if setting in {"STORAGES", "PRIVATE_MEDIA_ROOT"}:
        private_storage._wrapped = empty


def private_file_response(request, fieldfile) -> HttpResponse:
    """
    Serve a private file to someone the calling view has already checked; never cached.

    - in a private bucket: a redirect to a signed URL that expires after PRIVATE_MEDIA_URL_EXPIRE s;
    - on disk behind nginx (PRIVATE_MEDIA_ACCEL set): an empty answer whose X-Accel-Redirect makes
      nginx send the file from its `internal` location (deploy/nginx-desbumi.conf);
    - otherwise (development, tests): streamed by Django.
    Raises Http404 when there is no file.
    """
    if not fieldfile:
        raise Http404
    name = fieldfile.name
    storage = fieldfile.storage
    content_type = IMAGE_TYPES.get(posixpath.splitext(name)[1].lower())
    if getattr(storage, "signed_urls", False):
        response = HttpResponseRedirect(storage.url(name))
    elif settings.PRIVATE_MEDIA_ACCEL:
        response = HttpResponse(content_type=content_type or "application/octet-stream")
        response["X-Accel-Redirect"] = settings.PRIVATE_MEDIA_ACCEL.rstrip("/") + "/" + quote(name)
    else:
        try:
            handle = storage.open(name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    if content_type is None:
        response["Content-Disposition"] = "attachment"
    response["Cache-Control"] = PRIVATE_CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def move_to_private(names, *, public=None, private=None) -> int:
    """
    Move files named `names` from public media to private storage, keeping each name.

    Idempotent (a file already moved is skipped; its public copy is deleted). Returns how many moved.
    """
    public = public or default_storage
    private = private or private_storage
    moved = 0
    for name in names:
        if not name or not public.exists(name):
            continue
        if not private.exists(name):
            with public.open(name, "rb") as handle:
                saved = private.save(name, handle)
            if saved != name:
                raise RuntimeError(f"private storage renamed {name} to {saved}")
            moved += 1
        public.delete(name)
    return moved
