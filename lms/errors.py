"""The one way a service fails: `ServiceError`, carrying every problem at once, translated.

Services collect what is wrong and raise one `ServiceError`; views turn it into form errors
(`add_to_form`), management commands into `CommandError(error.text)` (a problem a line), tasks
into a stored message. A problem may name the form field it belongs to, so the person sees it beside the
field they have to change.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


@dataclass(frozen=True)
class Problem:
    message: str
    field: str | None = None
    code: str = ""  # a stable name for the reason, for code that reacts to it (e.g. "locked")

    def __str__(self) -> str:
        return self.message


class ServiceError(Exception):
    """A write was refused; nothing was stored. `problems` lists every reason."""

    def __init__(self, *problems: Problem | str):
        self.problems: tuple[Problem, ...] = tuple(
            p if isinstance(p, Problem) else Problem(str(p)) for p in problems
        )
        super().__init__("; ".join(self.messages))

    @property
    def messages(self) -> list[str]:
        return [str(problem.message) for problem in self.problems]

    @property
    def text(self) -> str:
        """Every problem on a line of its own, as a command prints them."""
        return "\n".join(self.messages)

    @property
    def codes(self) -> set[str]:
        return {problem.code for problem in self.problems if problem.code}

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> ServiceError:
        """Django's model validation (`full_clean`) as a ServiceError, fields kept."""
        if hasattr(error, "error_dict"):
            return cls(
                *(
                    Problem(str(message), None if name == NON_FIELD_ERRORS else name)
                    for name, errors in error.error_dict.items()
                    for message in ValidationError(errors).messages
                )
            )
        return cls(*(Problem(str(message)) for message in error.messages))

    def add_to_form(self, form) -> None:
        """Show each problem on its field when the form has it, else above the form."""
        for problem in self.problems:
            field = problem.field if problem.field in form.fields else None
            form.add_error(field, problem.message)


class ProblemList:
    """Collects problems while a service checks its input; `raise_if_any()` at the end."""

    def __init__(self) -> None:
        self._problems: list[Problem] = []

    def add(self, message: str, field: str | None = None, code: str = "") -> None:
        self._problems.append(Problem(str(message), field, code))

    def extend(self, problems: Iterable[Problem]) -> None:
        self._problems.extend(problems)

    def __bool__(self) -> bool:
        return bool(self._problems)

    def raise_if_any(self) -> None:
        if self._problems:
            raise ServiceError(*self._problems)


def full_clean_or_raise(instance, **kwargs) -> None:
    """`instance.full_clean()`, its ValidationError turned into a ServiceError."""
    try:
        instance.full_clean(**kwargs)
    except ValidationError as error:
        raise ServiceError.from_validation_error(error) from error
