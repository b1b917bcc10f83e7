"""The one error type the stack raises for problems a person can fix."""


class StackError(Exception):
    """A failure with a message that says what to do; printed without a trace."""
