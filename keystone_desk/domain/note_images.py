"""Which pictures a note may carry (gait stills): the accepted types and the size limit, one rule
for the form that picks a file and the service that stores it.

The type is read from the picture's first bytes, never from its file name or a claimed MIME type.
Standard library only.
"""

from __future__ import annotations

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_TEXT = "8 MB"
# MIME type -> the bytes every such file starts with.
_SIGNATURES = {
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff",
}
ACCEPTED_TYPES_TEXT = "PNG or JPEG"
FILE_PATTERNS = ("*.png", "*.jpg", "*.jpeg")


def image_mime(data: bytes) -> str:
    """'image/png' or 'image/jpeg' when `data` starts like one; '' for anything else."""
    return next((mime for mime, magic in _SIGNATURES.items() if data.startswith(magic)), "")


def image_problem(data: bytes) -> str:
    """Why `data` cannot be attached to a note, in plain words; '' when it can."""
    if not image_mime(data):
        return f"Attach a picture saved as {ACCEPTED_TYPES_TEXT}."
    if len(data) > MAX_IMAGE_BYTES:
        return f"That picture is larger than {MAX_IMAGE_TEXT}; attach a smaller one."
    return ""
