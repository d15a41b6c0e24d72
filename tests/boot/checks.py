"""check(): the test scripts' assertion, kept under `python -O` (which strips
`assert` statements, and with them every check a test makes)."""


class CheckFailed(AssertionError):
    pass


def check(condition, message="check failed"):
    """Raises CheckFailed(message) unless condition holds."""
    if not condition:
        raise CheckFailed(message)
