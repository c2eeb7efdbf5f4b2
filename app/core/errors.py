"""Domain errors raised by services and shown to people as French messages."""


class DomainError(Exception):
    """A rule of the domain refused the action; `message` is French, for the person."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(DomainError):
    """Someone else changed the thing first (e.g. two admins deciding the same request)."""
