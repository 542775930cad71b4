"""Retention profiles: per kind of record, when to depersonalise and when to delete.

A profile is configuration, not code: the EU and ICAO profiles ship with the
package (`profiles/*.yaml`) and an agency points `PAXSCREEN_PRIVACY__PROFILE` at a
file of its own. Periods are in days from the moment the message reached us.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

from paxscreen.errors import ConfigurationError

Element = Literal["names", "contacts", "payment", "frequent_flyer", "remarks", "api"]
RecordKind = Literal["pnr", "api"]


class RecordRetention(BaseModel):
    depersonalise_after_days: int = Field(ge=0)
    elements: list[Element]
    delete_after_days: int = Field(ge=0)
    held_delete_after_days: int = Field(ge=0)  # records linked to a case or confirmed hit

    @model_validator(mode="after")
    def _held_records_live_at_least_as_long(self) -> RecordRetention:
        if self.held_delete_after_days < self.delete_after_days:
            raise ValueError("held_delete_after_days must not be shorter than delete_after_days")
        return self


class RetentionProfile(BaseModel):
    name: str
    description: str = ""
    records: dict[RecordKind, RecordRetention]


SHIPPED_PROFILES = ("eu", "icao")


def load_profile(name_or_path: str) -> RetentionProfile:
    """A shipped profile by name (`eu`, `icao`) or a YAML file of the agency's own."""
    if name_or_path in SHIPPED_PROFILES:
        text = resources.files("paxscreen.privacy").joinpath(f"profiles/{name_or_path}.yaml")
        source, content = f"shipped profile {name_or_path}", text.read_text()
    else:
        path = Path(name_or_path)
        if not path.is_file():
            raise ConfigurationError(
                "PAXSCREEN_PRIVACY__PROFILE",
                f"{name_or_path!r} is neither a shipped profile ({', '.join(SHIPPED_PROFILES)}) "
                "nor a readable file",
            )
        source, content = str(path), path.read_text()
    try:
        return RetentionProfile.model_validate(yaml.safe_load(content))
    except (ValidationError, yaml.YAMLError) as error:
        raise ConfigurationError("PAXSCREEN_PRIVACY__PROFILE", f"{source}: {error}") from None


__all__ = ["Element", "RecordKind", "RecordRetention", "RetentionProfile", "load_profile"]
