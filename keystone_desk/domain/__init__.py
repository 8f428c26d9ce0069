"""Pure clinical and business rules: dataclasses, validation, scoring. No Qt, no SQL, no reportlab."""
