"""Domain errors raised by services and shown to people as French messages."""


class DomainError(Exception):
    """A rule of the domain refused the action; `message` is French, for the person."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(DomainError):
    """Someone else changed the thing first (e.g. two admins deciding the same request)."""


def status_of(error: DomainError) -> int:
    """409 when someone else moved the thing first, 422 when the input was wrong."""
    return 409 if isinstance(error, ConflictError) else 422


def attach_error(form, error: DomainError, default: str | None = None) -> None:
    """Show a domain error next to its field (or `default`, or above the form)."""
    field = getattr(form, error.field or "", None) or (getattr(form, default) if default else None)
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)
