class Refused(Exception):
    """A user action refused for reasons the user can fix; one message per problem.

    Services raise it before writing anything; the CLI exits 1 with one line per error,
    pages show the messages next to the form.
    """

    def __init__(self, errors: list[str] | str):
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))
