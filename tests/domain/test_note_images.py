"""Which pictures a note may carry: read from the bytes, one size limit."""

from keystone_desk.domain.note_images import MAX_IMAGE_BYTES, image_mime, image_problem

PNG_START = b"\x89PNG\r\n\x1a\n"


def test_the_type_is_read_from_the_first_bytes_never_the_name():
    assert image_mime(PNG_START + bytes(10)) == "image/png"
    assert image_mime(b"\xff\xd8\xff\xe1" + bytes(10)) == "image/jpeg"
    assert image_mime(b"GIF89a") == "" and image_mime(b"%PDF-1.7") == ""


def test_a_picture_over_the_limit_or_of_another_type_is_refused_with_a_reason():
    assert image_problem(PNG_START + bytes(100)) == ""
    assert "larger than 8 MB" in image_problem(PNG_START + bytes(MAX_IMAGE_BYTES))
    assert image_problem(b"BM....") == "Attach a picture saved as PNG or JPEG."
