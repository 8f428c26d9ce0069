"""Reading the audit trail: what an administrator filters it by (`AuditFilter`), one entry as the
viewer and the CSV show it (`AuditRow`), and how a filter's local dates become UTC bounds.
Standard library only: no Qt, no SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

CSV_HEADER = ("entry", "time_utc", "user", "username", "action", "record", "record_id",
              "patient_id", "patient", "detail")


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Which entries to show; None means any. `since`/`until` are local calendar dates, both
    included."""

    user_id: int | None = None
    patient_id: int | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None

    def utc_bounds(self, tz: tzinfo | None = None) -> tuple[str | None, str | None]:
        """[start, end) as stored UTC ISO text: local midnight of `since` to local midnight after
        `until`. Stored times all end in +00:00, so text order is time order."""
        return (_utc_midnight(self.since, tz),
                _utc_midnight(self.until + timedelta(days=1), tz) if self.until else None)


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime  # aware, UTC
    user_id: int
    username: str
    user_name: str
    action: str
    entity: str
    entity_id: int | None
    patient_id: int | None
    patient_name: str  # "Last, First"; "" when the entry concerns no patient
    detail: str

    @property
    def what(self) -> str:
        """The record, as a person reads it: "note:daily #12 (signed by …)"."""
        text = self.entity.replace("_", " ")
        if self.entity_id is not None:
            text += f" #{self.entity_id}"
        return f"{text} ({self.detail})" if self.detail else text

    def csv_values(self) -> tuple[str, ...]:
        """One CSV line, in CSV_HEADER's order."""
        return (str(self.id), self.at.isoformat(), self.user_name, self.username, self.action,
                self.entity, _text(self.entity_id), _text(self.patient_id), self.patient_name,
                self.detail)


def patient_label(last_name: str | None, first_name: str | None) -> str:
    if not last_name and not first_name:
        return ""
    return f"{last_name or ''}, {first_name or ''}".strip(", ")


def _utc_midnight(day: date | None, tz: tzinfo | None) -> str | None:
    if day is None:
        return None
    local = datetime.combine(day, time(0))
    aware = local.replace(tzinfo=tz) if tz is not None else local.astimezone()
    return aware.astimezone(UTC).isoformat()


def _text(value: int | None) -> str:
    return "" if value is None else str(value)
