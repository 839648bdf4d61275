"""Media on S3-compatible object storage, never with a content type a browser would run."""

import posixpath

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
