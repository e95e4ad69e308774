"""The JSON API's request and answer bodies; the OpenAPI document is built from these."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from playground.web.params import MAX_ID, not_an_id

VerbName = Literal["read", "create", "modify", "delete", "get", "do"]


class Problem(BaseModel):
    """An error as RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: dict[str, str] | None = None


class ActionIn(BaseModel):
    """One unsigned action: what the composer holds."""

    model_config = ConfigDict(extra="forbid")

    verb: VerbName
    resourcetype: str = Field(default="", max_length=100)
    resourceid: str | int | None = ""
    identifier: str | None = Field(default="", max_length=200)
    parameters: dict[str, Any] = Field(default_factory=dict)


class SendIn(BaseModel):
    """A request to sign and send with one of the profiles the token may use."""

    model_config = ConfigDict(extra="forbid")

    profile: int | str = Field(description="The profile's id, or its name")
    actions: list[ActionIn] = Field(min_length=1, max_length=50)
    confirm: bool = Field(default=False, description="Confirm writes to a protected profile")

    @field_validator("profile", mode="before")
    @classmethod
    def _an_id_there_can_be(cls, value: object) -> object:
        """An id outside the database's range (or true, or 1.0) is refused here, not later."""
        if isinstance(value, bool | float) or (isinstance(value, int) and not 1 <= value <= MAX_ID):
            raise ValueError(not_an_id())
        return value


class RunIn(BaseModel):
    """Options of running a saved request."""

    model_config = ConfigDict(extra="forbid")

    confirm: bool = False


class StatusOut(BaseModel):
    """A status block with what its errorcode means."""

    code: int | None
    errorcode: int
    message: str
    ok: bool
    explanation: str = ""
    hint: str = ""


class RecordOut(BaseModel):
    """One record of an action's answer."""

    id: int | str | None
    type: str | None
    elements: dict[str, Any] | list[Any]


class ActionOut(BaseModel):
    """The answer to one action, in the order of the request."""

    index: int
    actionid: str
    resourcetype: str
    resourceid: str | int | None
    identifier: str | None
    status: StatusOut
    cntabsolute: int | None
    records: list[RecordOut]


class FailureOut(BaseModel):
    """Why no onOffice answer came back (timeout, refused endpoint, ...)."""

    kind: str
    message: str


class SendOut(BaseModel):
    """The parsed answer of a send and its history entry."""

    history_id: int
    ok: bool
    http_status: int | None
    duration_ms: float
    status: StatusOut | None
    actions: list[ActionOut]
    failure: FailureOut | None = None
    records_cut: bool = Field(default=False, description="Record lists were cut for size")


class HistoryItem(BaseModel):
    """One history entry in a list."""

    id: int
    created_at: datetime
    profile_id: int | None
    profile_name: str
    calls: str
    ok: bool
    status: str
    duration_ms: float


class HistoryPage(BaseModel):
    """A page of history entries, newest first; pass `next_before` as `before` for more."""

    entries: list[HistoryItem]
    next_before: int | None


class HistoryDetail(HistoryItem):
    """One history entry with its unsigned request and stored answer."""

    request: list[ActionIn]
    response: Any = None
    response_truncated: bool


class ExpectationOut(BaseModel):
    """One expectation of a saved request and whether the answer met it."""

    expectation: str
    met: bool
    detail: str = ""


class FolderRef(BaseModel):
    """The folder (collection) a saved request is filed in."""

    id: int
    name: str


class SavedItem(BaseModel):
    """A saved request the token's owner may see."""

    id: int
    name: str
    owner: str
    team: bool
    profile_id: int | None
    profile_name: str
    calls: str
    expectations: list[str]
    description: str = ""
    folder: FolderRef | None = None  # None: unfiled, or in a folder the owner may not see


class FlowStepOut(BaseModel):
    """One step of a flow's run: sent (ok or failed), failed before sending, or not run."""

    number: int
    state: Literal["ok", "failed", "not_run"]
    calls: str
    problem: str = Field(default="", description="Why the step was not sent")
    stopped: bool = Field(default=False, description="This step's failure ended the run")
    answer: SendOut | None = None


class RunOut(BaseModel):
    """A saved request run: its answer and its expectations checked.

    For a flow: `steps` holds every step's outcome, and `answer` is the last sent step's.
    """

    saved_id: int
    name: str
    passed: bool
    answer: SendOut | None
    expectations: list[ExpectationOut]
    steps: list[FlowStepOut] = Field(default_factory=list)
    flow_run_id: int | None = None


class ProfileOut(BaseModel):
    """A profile the token may use: never its token or secret."""

    id: int
    name: str
    endpoint: str
    hmac_version: int
    owner: str
    mine: bool
    shared: bool
    protected: bool


class FieldsOut(BaseModel):
    """A profile's field catalogue: per module, the fields with label, type and values."""

    profile_id: int
    language: str
    fetched_at: str
    modules: dict[str, dict[str, dict[str, Any]]]
