"""The clinic's own details as printed on every document: name, address, phone, logo and the
default paper size (`ClinicBranding`), and the rules a change to them must pass.

A logo is a PNG or JPEG of at most 2 MB, recognised by its first bytes (a renamed file of another
kind is refused with a message a receptionist can act on). Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import FieldProblem, ValidationError

PAPER_SIZES = ("A4", "Letter")
LOGO_TYPES = ("image/png", "image/jpeg")
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_NAME_CHARS = 120
MAX_ADDRESS_CHARS = 300
MAX_PHONE_CHARS = 60
DEFAULT_CLINIC_NAME = "Keystone Desk Clinic"

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"


@dataclass(frozen=True, slots=True)
class ClinicBranding:
    """What the top of every printed page says about the clinic (from the clinic settings)."""

    name: str = DEFAULT_CLINIC_NAME
    address: str = ""
    phone: str = ""
    paper: str = "A4"  # "A4" or "Letter": the default for documents that do not choose
    logo: bytes = b""  # PNG or JPEG bytes; b"" for no logo
    logo_mime: str = ""

    @property
    def has_logo(self) -> bool:
        return bool(self.logo)


def logo_mime(data: bytes) -> str | None:
    """"image/png" or "image/jpeg" from the file's first bytes; None for anything else."""
    if data.startswith(_PNG_MAGIC):
        return "image/png"
    if data.startswith(_JPEG_MAGIC):
        return "image/jpeg"
    return None


def normalize_paper(text: str) -> str | None:
    """"A4" or "Letter" from any spelling of either ("a4", "LETTER"); None otherwise."""
    folded = text.strip().casefold()
    return next((size for size in PAPER_SIZES if size.casefold() == folded), None)


def check_branding(branding: ClinicBranding) -> ClinicBranding:
    """The branding tidied (spaces trimmed, paper spelled one way, the logo's type from its
    bytes), or ValidationError naming each field that is wrong."""
    problems: list[FieldProblem] = []
    name = " ".join(branding.name.split())
    if not name:
        problems.append(FieldProblem("name", "Give the clinic's name."))
    elif len(name) > MAX_NAME_CHARS:
        problems.append(FieldProblem("name", f"Keep the name to {MAX_NAME_CHARS} characters."))
    address = "\n".join(line.strip() for line in branding.address.strip().splitlines()
                        if line.strip())
    if len(address) > MAX_ADDRESS_CHARS:
        problems.append(FieldProblem("address",
                                     f"Keep the address to {MAX_ADDRESS_CHARS} characters."))
    phone = " ".join(branding.phone.split())
    if len(phone) > MAX_PHONE_CHARS:
        problems.append(FieldProblem("phone", f"Keep the phone to {MAX_PHONE_CHARS} characters."))
    paper = normalize_paper(branding.paper)
    if paper is None:
        problems.append(FieldProblem("paper", "Choose A4 or Letter."))
    mime = ""
    if branding.logo:
        found = logo_mime(branding.logo)
        if found is None:
            problems.append(FieldProblem("logo", "Use a PNG or JPEG picture for the logo."))
        elif len(branding.logo) > MAX_LOGO_BYTES:
            size = len(branding.logo) / (1024 * 1024)
            problems.append(FieldProblem("logo", f"The logo is {size:.1f} MB; use a picture of "
                                                 "at most 2 MB."))
        else:
            mime = found
    if problems:
        raise ValidationError(problems)
    return ClinicBranding(name, address, phone, paper or "A4", branding.logo, mime)


def one_line_address(address: str) -> str:
    """An address typed on several lines, as one printed line."""
    return ", ".join(line.strip() for line in address.splitlines() if line.strip())
